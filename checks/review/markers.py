"""The previous year's text in a draft review: a marker a person removes after revising.

``lis review new`` starts each text chapter from the previous review's text and
puts a ``{lis-previous-text}`` directive before it, naming the review it belongs to.
The site shows it as a notice; the gate finds it here, from the files, so a
fastställd review with a marker left is an error (and a draft lists what is left).
"""

from __future__ import annotations

import re
from pathlib import Path

DIRECTIVE = "lis-previous-text"
_OPEN = re.compile(r"^(:{3,}|`{3,})\{" + re.escape(DIRECTIVE) + r"\}\s*(\S*)")


def directive(review_id: str, previous_id: str) -> str:
    """The marker as written into a page."""
    return f":::{{{DIRECTIVE}}} {review_id}\n:from: {previous_id}\n:::\n"


def find_markers(docs: Path) -> dict[str, list[tuple[str, int]]]:
    """Review id → (file relative to the project root, line) of each marker, under docs/genomgang."""
    found: dict[str, list[tuple[str, int]]] = {}
    base = docs / "genomgang"
    if not base.is_dir():
        return found
    root = docs.parent
    for path in sorted(base.rglob("*.md")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # LIS001 reports a page that cannot be read
        for number, line in enumerate(lines, start=1):
            match = _OPEN.match(line)
            if match:
                review = match.group(2) or ""
                found.setdefault(review, []).append((path.relative_to(root).as_posix(), number))
    return found
