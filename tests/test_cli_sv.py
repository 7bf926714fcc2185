"""The lis command line speaks Swedish: argparse's own help and error texts too (checks.cli_sv)."""

from __future__ import annotations

import re

import pytest

from checks.main import COMMANDS, main

# argparse's English texts that must never reach a user of lis.
ENGLISH = [
    "usage:",
    "positional arguments",
    "optional arguments",
    "options:",
    "show this help message and exit",
    "show program's version number and exit",
    "invalid choice",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
    "error:",
    " ROOT",
    " TODAY",
]

NESTED = [["export", "matrix"], ["export", "soa"], ["export", "register"], ["export", "assets"], ["import", "assets"], ["export", "review"], ["review", "new"], ["review", "close"], ["review", "snapshot"]]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize(
    "argv", [[], *[[c.__name__.rsplit(".", 1)[-1].rstrip("_")] for c in COMMANDS], *NESTED], ids=lambda a: " ".join(a) or "lis"
)
def test_help_is_swedish(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run([*argv, "--help"], capsys)
    assert code == 0
    assert text.startswith("användning: lis")
    assert "visa den här hjälpen och avsluta" in text
    for english in ENGLISH:
        assert english not in text, f"{english!r} i hjälpen för lis {' '.join(argv)}"


@pytest.mark.parametrize(
    ("argv", "swedish"),
    [
        (["nope"], "lis: fel: argumentet KOMMANDO: ogiltigt val: 'nope' (välj bland 'build'"),
        (["check", "--format", "xx"], "ogiltigt val: 'xx'"),
        (["check", "--today"], "argumentet --today: ett värde behövs"),
        (["new"], "de här argumenten saknas: TYP, --title"),
        (["build", "--bogus"], "okända argument: --bogus"),
    ],
)
def test_errors_are_swedish_and_exit_2(argv: list[str], swedish: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, text = run(argv, capsys)
    assert code == 2
    assert swedish in text
    assert text.startswith("användning: lis")
    for english in ENGLISH:
        assert english not in text


def test_argparse_is_left_as_it_was() -> None:
    import argparse

    # the translation is only in force while lis parses
    main(["check", "--help"])
    parser = argparse.ArgumentParser(prog="x")
    assert re.search(r"^usage: x", parser.format_usage())
