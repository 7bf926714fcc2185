"""The ``lis`` command line: a thin dispatcher over checks.commands.*, one error policy."""

from __future__ import annotations

import os
import signal
import sys


def _stopped_early(_signum: int, _frame: object) -> None:
    """Ctrl+C before the command runs (while lis is loaded) or after it is done: one line, exit 130."""
    from checks.errors import EXIT_INTERRUPTED, INTERRUPTED

    print(f"\n{INTERRUPTED}", file=sys.stderr, flush=True)
    os._exit(EXIT_INTERRUPTED)


# Installed before the rest of lis is imported: Ctrl+C while Sphinx and the rest load
# would otherwise end in a traceback. Only as a program, never when lis is imported.
_AS_PROGRAM = __name__ == "__main__" or os.path.basename(sys.argv[0] or "") == "lis"
if _AS_PROGRAM and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
    signal.signal(signal.SIGINT, _stopped_early)

import argparse  # noqa: E402 (after the handler above)

from checks import __version__  # noqa: E402
from checks.cli_sv import SwedishParser  # noqa: E402
from checks.commands import build, check, export, import_, init, new, overview, review, reviewed, serve  # noqa: E402
from checks.errors import EXIT_INTERRUPTED, ExitCode, error_handler  # noqa: E402

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
    interruptible = signal.getsignal(signal.SIGINT) is _stopped_early
    try:
        if interruptible:
            # while the command runs, Ctrl+C is a KeyboardInterrupt: every write finishes or
            # is undone on its way out, and error_handler says one line. Sphinx's reading
            # processes stop silently (else each prints a traceback).
            signal.signal(signal.SIGINT, signal.default_int_handler)
            os.register_at_fork(after_in_child=_silent_in_child)
        with error_handler():
            return int(args.func(args))
    except ExitCode as exit_:
        return exit_.code
    finally:
        if interruptible:
            signal.signal(signal.SIGINT, _stopped_early)


def _silent_in_child() -> None:
    # a reading process stops at once and without a word: this process says the one line
    # (ignoring the signal instead would leave it blocked on a pipe nobody reads)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _quietly)


def _quietly(_signum: int, _frame: object) -> None:
    os._exit(EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
