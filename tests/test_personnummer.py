"""checks/personnummer.py: real personnummer and samordningsnummer, nothing else.

The numbers here are Skatteverket's well-known fictitious examples (Tolvan
Tolvansson, 19121212-1212) or made up to pass or fail the check digit.
"""

from __future__ import annotations

import pytest

from checks.personnummer import Match, classify, find, luhn_ok


@pytest.mark.parametrize(
    "number, kind",
    [
        ("121212-1212", "personnummer"),
        ("19121212-1212", "personnummer"),
        ("191212121212", "personnummer"),
        ("1212121212", "personnummer"),
        ("121212+1212", "personnummer"),  # over 100 years old
        ("701063-2391", "samordningsnummer"),  # day 03 + 60
        ("000229-1235", "personnummer"),  # 2000 was a leap year
        ("20000229-1235", "personnummer"),
    ],
)
def test_valid_numbers(number: str, kind: str) -> None:
    assert classify(number) == kind


@pytest.mark.parametrize(
    "number",
    [
        "121212-1213",  # wrong check digit
        "19001301-1234",  # month 13
        "19000230-1234",  # 30 February
        "19000229-1235",  # 1900 was no leap year
        "17121212-1212",  # no such century in use
        "212000-0142",  # an organisationsnummer (month 20)
        "2025-12-01",  # a date
        "08-508 270 00",  # a phone number
        "123456",
        "",
    ],
)
def test_not_a_personnummer(number: str) -> None:
    assert classify(number) is None


def test_luhn() -> None:
    assert luhn_ok("1212121212")
    assert not luhn_ok("1212121213")


def test_find_gives_line_and_column() -> None:
    text = "Rad ett\nKontakt: 121212-1212, inget annat.\nSamordningsnummer (701063-2391)\n"
    assert find(text) == [
        Match(line=2, column=10, kind="personnummer"),
        Match(line=3, column=20, kind="samordningsnummer"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Diarienummer EXP-2025-1212121212",  # part of a longer id
        "id 1121212-12120",  # inside a longer run of digits
        "https://example.se/ärende/x1212121212",
        "Ärende 2025/1212 och 121212-12",
        "Belopp 1 212 121 212 kronor",
    ],
)
def test_ordinary_numbers_do_not_trip(text: str) -> None:
    assert find(text) == []
