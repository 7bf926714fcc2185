"""``lis check``: the compliance gate (checks.gate) with a choice of output format.

Exit 0: no errors (warnings allowed); 1: at least one error; 2: the tool could
not run (bad arguments, no project at --root, unreadable settings).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument, refuse_inside_sources
from checks import gate, github_actions
from checks.dates import Today, resolve
from checks.errors import ProjectError
from checks.findings import Finding, count, summary_line
from checks.project import Project, load_project
from checks.reporters import FORMATS, github, render


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="kontrollera spårbarhet, granskningsdatum, länkar och data",
        description="Kör kontrollerna (LIS001–LIS042) över requirements/*.yaml och docs/. "
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
    findings = gate.check(project, today.date, output, now=today.moment)
    if args.format == "github":
        report = _github_report(project, findings, today)
    else:
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


def _github_report(project: Project, findings: list[Finding], today: Today) -> str:
    """Annotations (the pull request's files first) and, on GitHub, the job summary with every finding."""
    changed = github_actions.changed_files(project.root)
    written = False
    path = github_actions.step_summary_path()
    if path is not None:
        problem = github_actions.append_step_summary(path, github.summary_markdown(findings, today, changed=changed))
        if problem:
            # the annotations and the exit code still hold: say it and go on
            print(problem, file=sys.stderr)
        written = not problem
    return github.render(findings, today, changed=changed, summary_written=written)
