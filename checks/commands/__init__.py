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
