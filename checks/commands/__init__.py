"""One module per ``lis`` command, each with ``add_parser`` and ``run``; the options they share."""

from __future__ import annotations

import argparse
from pathlib import Path

from checks.errors import ProjectError
from checks.project import Project


def add_root_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", default=".", help="projektets rotmapp (standard: aktuell mapp)")


def add_today_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--today",
        help="dagens datum, ÅÅÅÅ-MM-DD, eller datum och tid, ÅÅÅÅ-MM-DDTTT:MM, för incidenternas frister "
        "(standard: miljövariabeln LIS_TODAY eller systemets datum och tid)",
    )


def refuse_inside_sources(project: Project, output: Path, option: str, what: str) -> None:
    """An output file may never lie in docs/ or requirements/: only the editing commands write there."""
    for folder in (project.docs, project.requirements):
        if output == folder or folder in output.parents:
            raise ProjectError(f"{option} får inte ligga i {folder}: {what} skriver aldrig i källfilerna.")


# Every character that ends a line somewhere: Python's str.splitlines() breaks at each of
# them, and an editor or MyST may too. A value written as an option line must hold none.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def single_line_problem(value: str) -> str | None:
    """Why ``value`` cannot be written as one option line of a published page (Swedish), or None."""
    import unicodedata

    from checks import personnummer

    if any(c in LINE_BREAKS for c in value):
        return "innehåller en radbrytning (också en osynlig, som U+2028); skriv värdet på en rad"
    if any(unicodedata.category(c) == "Cc" and c != "\t" for c in value):
        return "innehåller styrtecken; skriv värdet på en rad"
    if found := personnummer.find(value, markdown=False):
        return (
            f"innehåller ett {found[0].kind}; personnummer ska inte publiceras. "
            "Använd en roll eller ett ärendenummer"
        )
    return None


def single_line(option: str, value: str) -> str:
    """``value`` stripped, refused (ProjectError) when it would not stay on its option line or holds
    a personnummer: what an editing command writes is published."""
    problem = single_line_problem(value)
    if problem:
        raise ProjectError(f"{option} {problem}. Inget skrevs.")
    return value.strip()
