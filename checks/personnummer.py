"""Swedish personal identity numbers (personnummer, samordningsnummer) in text.

A match needs a real date (a samordningsnummer adds 60 to the day) and a valid
Luhn check digit over the ten digits YYMMDDNNNC, so ordinary numbers, dates,
phone numbers, case numbers and organisationsnummer (whose "month" is 20 or
more) do not trip the check (LIS040).

Every written form counts: 10 or 12 digits, with ``-``, ``+``, spaces or
nothing before the last four, and as a reader sees the text (checks.normalize:
HTML entities decoded, NFKC, invisible characters and Markdown marks removed).
The position reported is the one in the original text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.findings import Finding, emit
from checks.normalize import normalize
from checks.rules import Rule

if TYPE_CHECKING:
    from checks.settings import Settings

# 12 digits (with century) or 10; before the last four '-', '+', spaces, one line
# break or nothing. Not part of a longer run of digits, letters or dashes (case
# numbers, ids in URLs, +46 phone numbers).
_PATTERN = re.compile(
    r"(?<![\w+\-])"
    r"(?P<century>18|19|20)?(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})(?P<dd>[0-9]{2})"
    r"(?P<sep> *[-+] *| *\n? *)(?P<serial>[0-9]{3})(?P<check>[0-9])"
    r"(?!\w|-[0-9])"
)
_DIGIT_GROUP_BEFORE = re.compile(r"[0-9] +$")
_DIGIT_GROUP_AFTER = re.compile(r"^ +[0-9]")
_MIN_DIGITS = 10


@dataclass(frozen=True)
class Match:
    line: int  # 1-based, in the original text
    column: int  # 1-based, in the original text
    kind: str  # "personnummer" or "samordningsnummer"


def luhn_ok(digits: str) -> bool:
    """Luhn check over a string of digits (the last is the check digit)."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(century: str | None, yy: int, mm: int, dd: int) -> bool:
    if not 1 <= mm <= 12 or dd < 1:
        return False
    years = [int(century) * 100 + yy] if century else [1900 + yy, 2000 + yy]
    return any(dd <= calendar.monthrange(year, mm)[1] for year in years)


def classify(number: str) -> str | None:
    """'personnummer', 'samordningsnummer' or None for one candidate string."""
    found = find(number.strip())
    return found[0].kind if len(found) == 1 else None


def _kind(m: re.Match[str]) -> str | None:
    yy, mm, dd = int(m["yy"]), int(m["mm"]), int(m["dd"])
    kind = "personnummer"
    if dd > 60:
        dd -= 60
        kind = "samordningsnummer"
    if not _valid_date(m["century"], yy, mm, dd):
        return None
    if not luhn_ok(m["yy"] + m["mm"] + m["dd"] + m["serial"] + m["check"]):
        return None
    return kind


def _grouped(text: str, m: re.Match[str]) -> bool:
    """Digits in groups of a longer number ('1 850714 1284 5'), only when spaces separate."""
    if "-" in m["sep"] or "+" in m["sep"] or not m["sep"]:
        return False
    before = text[max(0, m.start() - 8) : m.start()]
    after = text[m.end() : m.end() + 8]
    return bool(_DIGIT_GROUP_BEFORE.search(before) or _DIGIT_GROUP_AFTER.match(after))


def find(text: str, *, markdown: bool = True) -> list[Match]:
    """Every valid personnummer or samordningsnummer in ``text``, at its original line and column."""
    if sum(map(str.isdigit, text)) < _MIN_DIGITS:
        return []  # no entity, width or escape makes digits out of nothing
    shown = normalize(text, markdown=markdown)
    found: list[Match] = []
    for m in _PATTERN.finditer(shown.text):
        kind = _kind(m)
        if kind and not _grouped(shown.text, m):
            line, column = shown.position(m.start())
            found.append(Match(line, column, kind))
    return found


def message(match: Match, where: str = "") -> str:
    """The finding's text: where, what kind, what to do, never the number itself."""
    place = f"Rad {match.line}{where}"
    return (
        f"{place} innehåller ett {match.kind} (kolumn {match.column}). "
        "Ta bort det: personnummer ska inte publiceras. Använd en roll eller ett ärendenummer."
    )


def personnummer_findings(settings: Settings, file: str, text: str, *, markdown: bool = True) -> list[Finding]:
    """A finding (LIS040) for every number in ``text`` (the message never repeats the number)."""
    return [
        emit(settings, Rule.LIS040, file, match.line, message(match))
        for match in find(text, markdown=markdown)
    ]
