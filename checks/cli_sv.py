"""argparse in Swedish: its own texts ("usage:", "show this help message and exit",
"invalid choice") and the default metavars (ROOT, TODAY) of the ``lis`` command line.

argparse looks its texts up through the module's ``_``/``ngettext`` (gettext) when
a parser is made, when help is formatted and when an error is reported. Python
ships no Swedish catalog for them, so :class:`SwedishParser` answers those
look-ups from :data:`TEXTS` while it works, and leaves argparse as it was after.
A text missing here (a newer Python's wording) is shown in English, never lost.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

# argparse's msgids (Python 3.11–3.13) and their Swedish texts.
TEXTS: dict[str, str] = {
    "usage: ": "användning: ",
    "positional arguments": "argument",
    "options": "flaggor",
    "optional arguments": "flaggor",
    "show this help message and exit": "visa den här hjälpen och avsluta",
    "show program's version number and exit": "visa programmets version och avsluta",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fel: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argumentet %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ogiltigt val: %(value)r (välj bland %(choices)s)",
    "invalid %(type)s value: %(value)r": "ogiltigt värde: %(value)r",
    "the following arguments are required: %s": "de här argumenten saknas: %s",
    "unrecognized arguments: %s": "okända argument: %s",
    "expected one argument": "ett värde behövs",
    "expected at most one argument": "högst ett värde får anges",
    "expected at least one argument": "minst ett värde behövs",
    "expected %s argument": "%s värde behövs",
    "expected %s arguments": "%s värden behövs",
    "ambiguous option: %(option)s could match %(matches)s": "flaggan %(option)s är tvetydig: den kan vara %(matches)s",
    "not allowed with argument %s": "får inte användas tillsammans med %s",
    "one of the arguments %s is required": "ett av argumenten %s behövs",
    "ignored explicit argument %r": "värdet %r ignorerades",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "okänt kommando %(parser_name)r (välj bland %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan inte öppna '%(filename)s': %(error)s",
    "unexpected option string: %s": "oväntad flagga: %s",
}

# Default metavars by dest: argparse would print the dest in capitals (ROOT, TODAY).
METAVARS: dict[str, str] = {
    "root": "MAPP",
    "today": "DATUM",
    "out": "MAPP",
    "output": "FIL",
    "title": "RUBRIK",
    "port": "PORT",
    "origin": "URSPRUNG",
    "decided_by": "VEM",
    "owner": "ROLL",
    "format": "FORMAT",
    "review": "GENOMGÅNG",
    "source": "KÄLLA",
    "only": "TÄCKNING",
    "date": "DATUM",
    "case_number": "DIARIENUMMER",
    "note": "TEXT",
    "basis": "TEXT",
    "year": "ÅR",
}


def translate(message: str) -> str:
    return TEXTS.get(message, message)


def ntranslate(singular: str, plural: str, n: int) -> str:
    return translate(singular if n == 1 else plural)


@contextmanager
def swedish() -> Iterator[None]:
    """argparse's texts in Swedish for the duration of the block."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = translate, ntranslate  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class SwedishHelpFormatter(argparse.HelpFormatter):
    """Swedish default metavars ("--root MAPP", not "--root ROOT")."""

    def _get_default_metavar_for_optional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, action.dest.upper())

    def _get_default_metavar_for_positional(self, action: argparse.Action) -> str:
        return METAVARS.get(action.dest, action.dest.upper())


class SwedishParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Swedish; its subcommands' parsers are SwedishParsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", SwedishHelpFormatter)
        with swedish():
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with swedish():
            return super().add_argument(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with swedish():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with swedish():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with swedish():
            return super().format_usage()

    def format_help(self) -> str:
        with swedish():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with swedish():
            super().error(message)
