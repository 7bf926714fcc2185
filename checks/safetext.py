"""Text from content made safe for a terminal and every report: control characters shown, not obeyed.

A value in a page or a catalog may hold a control character: an escape sequence
(ESC ``\\x1b``) that recolours or clears the terminal of whoever runs ``lis
check``, a NUL or a form feed that makes a JUnit report ill-formed XML, a
carriage return that hides the start of a line, a bidirectional override that
shows text in another order than it is. Each is written as a visible escape
(``\\x1b``, ``\\u202e``), so the report says what is in the file and does nothing else.
Line breaks and tabs are kept: messages span lines on purpose.
"""

from __future__ import annotations

import re

# C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069); line and
# paragraph separators too, which some terminals and editors treat as line breaks.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` with every control character written as a visible escape (line breaks and tabs kept)."""
    return _CONTROL.sub(_escape, text)


def safe_line(text: str) -> str:
    """One line: also line breaks and tabs escaped."""
    return safe_text(text).replace("\n", "\\n").replace("\t", "\\t")
