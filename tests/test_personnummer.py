"""checks/personnummer.py: real personnummer and samordningsnummer, nothing else.

The numbers here are Skatteverket's well-known fictitious examples (Tolvan
Tolvansson, 19121212-1212) or made up to pass or fail the check digit.
"""

from __future__ import annotations

import pytest

from checks.normalize import _PLAIN_RUN, _one, normalize
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


# Every written form, as a reader sees it: (text, line, column) of the one number found.
WRITTEN_FORMS = [
    ("850714-1284", 1, 1),
    ("850714 1284", 1, 1),  # a space
    ("8507141284", 1, 1),  # nothing
    ("121212+1212", 1, 1),  # over 100 years old
    ("19850714 1292", 1, 1),  # 12 digits and a space
    ("19121212 1212", 1, 1),
    ("191212121212", 1, 1),
    ("x 850714 - 1284", 1, 3),  # spaces around the dash
    ("Kontakt 850714\n1284", 1, 9),  # a line break shows as a space
    ("a\nKontakt 8507&#49;4-1284", 2, 9),  # decimal entity
    ("85&#x30;714-1284", 1, 1),  # hex entity
    ("850714&nbsp;1284", 1, 1),  # named entity
    ("8507\u200b14-1284", 1, 1),  # zero-width space
    ("850714\u00ad1284", 1, 1),  # soft hyphen
    ("\u2060850714-1284", 1, 2),  # word joiner before it
    ("８５０７１４－１２８４", 1, 1),  # full-width digits and dash (NFKC)
    ("850714\u00a01284", 1, 1),  # no-break space
    ("850714\u20131284", 1, 1),  # en dash
    ("850714\u22121284", 1, 1),  # minus sign
    ("**8507**14-1284", 1, 3),  # Markdown emphasis inside
    ("850714\\-1284", 1, 1),  # Markdown escape
    ("`850714-1284`", 1, 2),  # code span
    ("701063-2391", 1, 1),  # samordningsnummer
]

QUIET = [
    "212000-0142",  # organisationsnummer, Stockholms stad: month 20 is not a date
    "556036-0793",  # organisationsnummer
    "16212000-0142",  # organisationsnummer with the 16 prefix
    "Dnr EXP-2025-1212121212",  # diarienummer
    "Dnr 2025/1212",
    "08-508 270 00",  # phone numbers
    "+46 8 508 270 00",
    "+46701234567",
    "070-123 45 67",
    "2025-12-01",  # ISO dates
    "20251201",
    "2025-12-01 12:12",
    "1 850714 1284 5",  # digit groups of a longer number
    "Belopp 1 212 121 212 kronor",
    "850714-1285",  # wrong check digit
    "851314-1284",  # month 13
    "8507&#49;4-1285",  # entity, wrong check digit
    "850714\n\n1284",  # two paragraphs
]


@pytest.mark.parametrize("text, line, column", WRITTEN_FORMS)
def test_every_written_form_at_its_original_place(text: str, line: int, column: int) -> None:
    (match,) = find(text)
    assert (match.line, match.column) == (line, column)


@pytest.mark.parametrize("text", QUIET)
def test_numbers_that_are_no_personnummer_stay_quiet(text: str) -> None:
    assert find(text) == []


def test_the_message_never_repeats_the_number() -> None:
    from checks.personnummer import message

    (match,) = find("Tolvan 19121212-1212")
    text = message(match)
    assert "1212" not in text and "121212" not in text and "kolumn 8" in text


def test_plain_runs_are_shown_as_written() -> None:
    # normalize copies runs of these characters whole: each must be one the
    # per-character path also keeps as it is
    plain = [chr(c) for c in range(0x3000) if _PLAIN_RUN.fullmatch(chr(c))]
    assert "å" in plain and "Ö" in plain and "§" in plain and "&" not in plain and "*" not in plain
    assert [ch for ch in plain if _one(ch) != ch] == []
    text = "Åtgärd § 3: 850714-1284 i Göteborg"
    assert normalize(text).text == text
