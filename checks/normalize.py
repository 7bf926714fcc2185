"""Text as a reader sees it, with a way back to where each character was written.

A number can be hidden from a plain text search and still be shown on the
site: written with HTML entities (``&#56;``), full-width or other compatibility
digits, dashes and spaces of other kinds, zero-width or other invisible
characters between its digits, or Markdown escapes and emphasis marks
(``850714\\-1284``, ``**8507**14-1284``). :func:`normalize` undoes all of these
(one level of entities, as a browser does; Unicode NFKC) and keeps, for every
character of the result, the offset of the original character it came from, so
a finding points at the line and column a person edits.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# dashes NFKC leaves as they are
_DASHES = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63\uff0d")
# invisible characters that are not in the format category (Cf)
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
# Markdown marks that do not show: emphasis and code spans around part of a number
_MARKUP = frozenset("*_`")
_ASCII_PUNCT = frozenset(r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~""")


def invisible(ch: str) -> bool:
    """A character that takes no visible space: zero-width, joiners, marks, fillers."""
    return unicodedata.category(ch) in ("Cf", "Mn", "Me") or ch in _INVISIBLE


def visible_text(value: str) -> str:
    """``value`` without invisible characters and surrounding white space."""
    # a value seldom has an invisible character: each distinct character is tested once
    if not any(map(invisible, set(value))):
        return value.strip()
    return "".join(ch for ch in value if not invisible(ch)).strip()


@dataclass(frozen=True)
class Normalized:
    text: str
    origin: list[int]  # for every character of text: its offset in the original
    source: str

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) in the original text of ``text[index]``."""
        offset = self.origin[index] if index < len(self.origin) else len(self.source)
        starts = _line_starts(self.source)
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def _one(ch: str) -> str:
    """One character as a reader sees it ('' for one that does not show)."""
    if ch == "\n":
        return ch
    if ch in _DASHES:
        return "-"
    if ch.isspace():
        return " "
    if invisible(ch):
        return ""
    folded = unicodedata.normalize("NFKC", ch)
    out = []
    for c in folded:
        if c in _DASHES:
            out.append("-")
        elif c.isspace() and c != "\n":
            out.append(" ")
        elif not invisible(c):
            out.append(c)
    return "".join(out)


# Characters that show as they are written: printable ASCII and the newline, less
# what an entity, an escape or a Markdown mark starts, and the Latin-1 letters and §
# (å, ä, ö: NFKC keeps them as they are). Runs of them are copied whole; only the rest
# goes through the per-character path (a page is mostly such runs).
_PLAIN_RUN = re.compile(r"[\n !-%'-)+-\[\]-^a-~§À-ÖØ-öø-ÿ]+")


def normalize(source: str, *, markdown: bool = True) -> Normalized:
    """``source`` as shown: entities decoded, NFKC, invisible characters and Markdown marks gone."""
    chars: list[str] = []
    origin: list[int] = []
    i, n = 0, len(source)
    while i < n:
        if m := _PLAIN_RUN.match(source, i):
            chars.append(m.group())
            origin.extend(range(i, m.end()))
            i = m.end()
            continue
        ch = source[i]
        if ch == "&" and (m := _ENTITY.match(source, i)):
            decoded = html.unescape(m.group())
            if decoded != m.group():
                for c in decoded:
                    for out in _one(c):
                        chars.append(out)
                        origin.append(i)
                i = m.end()
                continue
        if markdown and ch == "\\" and i + 1 < n and source[i + 1] in _ASCII_PUNCT:
            i += 1  # a Markdown escape: the next character shows as it is
            ch = source[i]
        elif markdown and ch in _MARKUP:
            i += 1
            continue
        for out in _one(ch):
            chars.append(out)
            origin.append(i)
        i += 1
    return Normalized("".join(chars), origin, source)
