"""Requirement ids: the data model's id pattern, and ids that only look alike.

sphinx-needs checks ``id_regex`` with ``re.match``, so an id with a trailing
newline passes, and it has no rule against an id that a reader cannot tell from
another one (a Cyrillic "А" for a Latin "A"). Both are checked here, before
anything is published.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# The tool's own data model: the fixture projects' conf.py point sphinx-needs at it.
TOOL_MODEL = Path(__file__).resolve().parents[1] / "ubproject.toml"

# Letters outside ASCII that look like a Latin capital or a digit, and dashes that
# look like '-'. NFKC already folds full-width forms and ligatures.
_CONFUSABLES = str.maketrans({
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q",
    "Ԝ": "W", "Ӏ": "I", "З": "3",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # dashes and minus signs
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})


@dataclass(frozen=True)
class IdAt:
    """An id as written, and where: a project-relative file and a 1-based line."""

    id: str
    file: str
    line: int


@dataclass(frozen=True)
class Lookalike:
    """``id`` cannot be told from ``other``, written earlier."""

    id: IdAt
    other: IdAt


def data_model(near: Path) -> Path | None:
    """The ubproject.toml of the project ``near`` lies in, else the tool's own."""
    for folder in near.resolve().parents:
        candidate = folder / "ubproject.toml"
        if candidate.is_file():
            return candidate
        if (folder / "conf.py").is_file():
            break  # the project root: look no further up
    return TOOL_MODEL if TOOL_MODEL.is_file() else None


def id_pattern(near: Path) -> re.Pattern[str] | None:
    """``[needs] id_regex`` of the data model for a file (None if there is none)."""
    model = data_model(near)
    if model is None:
        return None
    try:
        stamp = model.stat().st_mtime_ns
    except OSError:
        return None
    return _read_pattern(model, stamp)


@lru_cache(maxsize=8)
def _read_pattern(model: Path, stamp: int) -> re.Pattern[str] | None:  # stamp: re-read after an edit
    try:
        value = tomllib.loads(model.read_text(encoding="utf-8")).get("needs", {}).get("id_regex")
        return re.compile(value) if isinstance(value, str) else None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, re.error):
        return None


def shown(need_id: str) -> str:
    """An id for a one-line message: a newline or an invisible character is escaped."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in need_id)


def id_problem(need_id: str, pattern: re.Pattern[str] | None) -> str | None:
    """Why ``need_id`` is not a valid requirement id (Swedish), or None if it is."""
    label = f"Krav-id '{shown(need_id)}'"
    fix = "Ett id skrivs med versaler A–Z, siffror och bindestreck, till exempel NIS2-21-2A."
    odd = next((ch for ch in need_id if not ch.isascii()), None)
    if odd is not None:
        name = unicodedata.name(odd, "okänt tecken")
        return f"{label} innehåller tecknet '{shown(odd)}' (U+{ord(odd):04X} {name}), som inte är ASCII. {fix}"
    if any(ch.isspace() or not ch.isprintable() for ch in need_id):
        what = "slutar med en radbrytning" if need_id.endswith(("\n", "\r")) else "innehåller mellanslag eller ett osynligt tecken"
        return f"{label} {what}. {fix}"
    # fullmatch: with re.match, '$' would let a trailing newline through
    if pattern is not None and pattern.fullmatch(need_id) is None:
        lower = " Det innehåller gemener." if need_id != need_id.upper() else ""
        return f"{label} följer inte datamodellens mönster för id ({pattern.pattern} i ubproject.toml).{lower} {fix}"
    return None


def skeleton(need_id: str) -> str:
    """What an id looks like to a reader: look-alike letters and dashes folded, invisible
    characters and spaces dropped, case ignored."""
    folded = unicodedata.normalize("NFKC", need_id).upper().translate(_CONFUSABLES)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")


def lookalikes(ids: Iterable[IdAt]) -> list[Lookalike]:
    """Each id that differs from an earlier one only in how it is written.

    Equal ids are left out: they are reported as used twice.
    """
    first: dict[str, IdAt] = {}
    found: list[Lookalike] = []
    for at in ids:
        key = skeleton(at.id)
        other = first.setdefault(key, at)
        if other.id != at.id:
            found.append(Lookalike(at, other))
    return found


def lookalike_message(clash: Lookalike) -> str:
    other = clash.other
    return (
        f"Krav-id '{shown(clash.id.id)}' ser likadant ut som '{shown(other.id)}' i {other.file} rad {other.line}, "
        "men skrivs med andra tecken (till exempel kyrilliska bokstäver, gemener eller osynliga tecken). "
        "En läsare kan inte skilja dem åt: skriv id:t med ASCII-tecken eller ge kravet ett eget id."
    )
