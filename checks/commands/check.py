"""``lis check``: the compliance gate (checks.gate) with a choice of output format.

Exit 0: no errors (warnings allowed); 1: at least one error; 2: the tool could
not run (bad arguments, no project at --root, unreadable settings).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument, refuse_inside_sources
from checks.dates import resolve
from checks.errors import ProjectError
from checks.findings import count, summary_line
from checks.gate import run_gate
from checks.project import load_project
from checks.reporters import FORMATS, render


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="kontrollera spårbarhet, granskningsdatum, länkar och data",
        description="Kör kontrollerna (LIS001–LIS040) över requirements/*.yaml och docs/. "
        "Slutkod 0: inga fel (varningar tillåtna), 1: minst ett fel, 2: kontrollen kunde inte köras.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument("--format", choices=sorted(FORMATS), default="text", help="utdataformat (standard: text)")
    p.add_argument("--output", "-o", help="skriv resultatet till en fil i stället för till standard ut")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today)
    output = Path(args.output).resolve() if args.output else None
    if output is not None:
        refuse_inside_sources(project, output, "--output", "kontrollen")
    findings = run_gate(project, today.date)
    report = render(args.format, findings, today)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8")
        except OSError as err:
            raise ProjectError(f"{output}: kan inte skrivas: {err.strerror}.") from err
        print(f"{summary_line(findings)} (skrivet till {output})", file=sys.stderr)
    else:
        sys.stdout.write(report)
    errors, _ = count(findings)
    return 1 if errors else 0
