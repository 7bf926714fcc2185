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
from pathlib import Path

from checks import datamodel

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


def project_root(near: Path) -> Path | None:
    """The project a file lies in: the nearest folder up with a ubproject.toml or conf.py."""
    for folder in near.resolve().parents:
        if (folder / datamodel.FILE).is_file() or (folder / "conf.py").is_file():
            return folder
    return None


def id_pattern(near: Path) -> re.Pattern[str] | None:
    """``[needs] id_regex`` of the data model for a file (None if there is none)."""
    try:
        value = datamodel.model_of(project_root(near)).id_regex
        return re.compile(value) if value else None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, re.error, KeyError):
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
