"""The ``lis`` command line: a thin dispatcher over checks.commands.*, one error policy."""

from __future__ import annotations

import argparse
import sys

from checks import __version__
from checks.cli_sv import SwedishParser
from checks.commands import build, check, export, import_, init, new, overview, review, reviewed, serve
from checks.errors import ExitCode, error_handler

COMMANDS = [build, check, export, import_, init, new, overview, review, reviewed, serve]


def parser() -> argparse.ArgumentParser:
    # Swedish help and errors, also argparse's own texts (checks.cli_sv)
    p = SwedishParser(
        prog="lis",
        description="lis – ledningssystem för informationssäkerhet som dokumentation: "
        "kontrollera spårbarhet, bygg webbplatsen, exportera spårbarhetsmatrisen och registren, "
        "läs in informationstillgångar och skapa nya sidor.",
    )
    p.add_argument(
        "--version", action="version", version=f"lis {__version__}", help="visa programmets version och avsluta"
    )
    sub = p.add_subparsers(dest="command", metavar="KOMMANDO")
    for command in COMMANDS:
        command.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits 2 on bad arguments, 0 on --help: both as the README says.
        return int(exit_.code or 0)
    if not getattr(args, "func", None):
        p.print_help()
        return 2
    try:
        with error_handler():
            return int(args.func(args))
    except ExitCode as exit_:
        return exit_.code


if __name__ == "__main__":
    sys.exit(main())
