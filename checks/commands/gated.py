"""The gate's run for a command that builds on the content: it refuses content with data errors.

An export or an edit made from content the gate cannot read whole (a catalog
that does not parse, a bad field, a duplicate id, a broken link, a
personnummer) would carry the error on, so each of them refuses the same way:
the errors with file and line on standard error, then what was not done.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from checks.gate import PUBLISH_BLOCKERS, GateResult, run_pipeline
from checks.project import Project


def print_data_errors(result: GateResult) -> None:
    """The errors in the data itself (not the rules' verdicts), one ``file:line: message (code)`` a line."""
    for f in result.data_errors:
        print(f"{f.file}:{f.line}: {f.message} ({f.code})", file=sys.stderr)


def say_errors(result: GateResult, what: str) -> None:
    """An export goes on past the rules' verdicts (an overdue routine), but says so: a reader of
    the file should know that the gate does not pass."""
    errors = [f for f in result.findings if f.is_error]
    if not errors:
        return
    codes: dict[str, int] = {}
    for f in errors:
        codes[f.code.name] = codes.get(f.code.name, 0) + 1
    which = ", ".join(f"{code} × {n}" for code, n in sorted(codes.items()))
    print(
        f"Obs: kontrollerna hittar {len(errors)} fel i innehållet ({which}). {what} visar innehållet som "
        "det är; lis check visar felen med fil och rad.",
        file=sys.stderr,
    )


def gated_run(project: Project, today: dt.date, refusal: str, **run: Any) -> GateResult | None:
    """The gate's run (``run``: builder, outdir); None, with the errors and ``refusal`` printed, on a data error."""
    result = run_pipeline(project, today, refuse=PUBLISH_BLOCKERS, **run)
    if result.unreadable or result.refused or result.data_errors:
        print_data_errors(result)
        print(refusal, file=sys.stderr)
        return None
    return result
