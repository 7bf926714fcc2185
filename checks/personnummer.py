"""Swedish personal identity numbers (personnummer, samordningsnummer) in text.

A match needs a real date (a samordningsnummer adds 60 to the day) and a valid
Luhn check digit over the ten digits YYMMDDNNNC, so ordinary numbers, dates,
phone numbers and case numbers do not trip the check (LIS040).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checks.findings import Finding, emit
from checks.rules import Rule

if TYPE_CHECKING:
    from checks.settings import Settings

# 12 digits (with century) or 10, optionally with '-' or '+' before the last four.
# Not part of a longer run of digits, letters or dashes (case numbers, URLs' ids).
_PATTERN = re.compile(
    r"(?<![\w+-])"
    r"(?P<century>18|19|20)?(?P<yy>[0-9]{2})(?P<mm>[0-9]{2})(?P<dd>[0-9]{2})"
    r"(?P<sep>[-+]?)(?P<serial>[0-9]{3})(?P<check>[0-9])"
    r"(?!\w|-[0-9])"
)


@dataclass(frozen=True)
class Match:
    line: int  # 1-based
    column: int  # 1-based
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
    m = _PATTERN.fullmatch(number.strip())
    return _kind(m) if m else None


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


def find(text: str) -> list[Match]:
    """Every valid personnummer or samordningsnummer in ``text``, with its position."""
    found: list[Match] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not any(ch.isdigit() for ch in line):
            continue
        for m in _PATTERN.finditer(line):
            kind = _kind(m)
            if kind:
                found.append(Match(lineno, m.start() + 1, kind))
    return found


def personnummer_findings(settings: Settings, file: str, text: str) -> list[Finding]:
    """LIS040 for every number in ``text`` (the message never repeats the number)."""
    return [
        emit(
            settings,
            Rule.LIS040,
            file,
            match.line,
            f"Rad {match.line} innehåller ett {match.kind} (kolumn {match.column}). "
            "Ta bort det: personnummer ska inte publiceras. Använd en roll eller ett ärendenummer.",
        )
        for match in find(text)
    ]
