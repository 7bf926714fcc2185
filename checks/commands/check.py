"""``lis check``: the compliance gate (checks.gate) with a choice of output format.

Exit 0: no errors (warnings allowed); 1: at least one error; 2: the tool could
not run (bad arguments, no project at --root, unreadable settings).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument, refuse_inside_sources
from checks import azure_pipelines, ci_platform, gate, github_actions
from checks.dates import Today, resolve
from checks.errors import ProjectError
from checks.findings import Finding, count, summary_line
from checks.project import Project, load_project
from checks.reporters import FORMATS, azure, github, render, text
from checks.rules import Rule


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "check",
        help="kontrollera spårbarhet, granskningsdatum, länkar och data",
        description=f"Kör kontrollerna ({next(iter(Rule)).name}–{list(Rule)[-1].name}) över requirements/*.yaml och docs/. "
        "Slutkod 0: inga fel (varningar tillåtna), 1: minst ett fel, 2: kontrollen kunde inte köras.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help="utdataformat (standard: github i GitHub Actions, gitlab i GitLab CI, azure i Azure Pipelines, "
        "annars text)",
    )
    p.add_argument("--output", "-o", help="skriv resultatet till en fil i stället för till standard ut")
    p.add_argument(
        "--code",
        metavar="KOD[,KOD]",
        help="visa bara fynden med de här koderna, alla var för sig (t.ex. LIS020); slutkoden är densamma som utan",
    )
    p.set_defaults(func=run)


def _codes(value: str | None) -> set[Rule] | None:
    if not value:
        return None
    codes = set()
    for part in value.split(","):
        name = part.strip().upper()
        if name not in Rule.__members__:
            names = list(Rule.__members__)
            raise ProjectError(f"--code: {part.strip()!r} är ingen kod; koderna är {names[0]}–{names[-1]} (sidan Kontroller).")
        codes.add(Rule[name])
    return codes


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today)
    output = Path(args.output).resolve() if args.output else None
    if output is not None:
        refuse_inside_sources(project, output, "--output", "kontrollen")
    fmt = args.format or _detected_format()
    codes = _codes(args.code)
    every = gate.check(project, today.date, output)
    findings = [f for f in every if codes is None or f.code in codes]
    if fmt == "github":
        report = _github_report(project, findings, today)
    elif fmt == "azure":
        report = _azure_report(findings, today)
    elif fmt == "text":
        # grouped on a terminal; a chosen code is listed in full
        report = text.render(findings, today, grouped=codes is None)
    else:
        report = render(fmt, findings, today)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(report, encoding="utf-8")
        except OSError as err:
            raise ProjectError(f"{output}: kan inte skrivas: {err.strerror}.") from err
        print(f"{summary_line(findings)} (skrivet till {output})", file=sys.stderr)
    else:
        sys.stdout.write(report)
    errors, _ = count(every)
    return 1 if errors else 0


def _detected_format() -> str:
    """The format of the CI platform this runs in (said on standard error), else text."""
    platform = ci_platform.detect()
    if platform is None:
        return "text"
    print(ci_platform.chosen_line(platform), file=sys.stderr)
    return platform.format


def _azure_report(findings: list[Finding], today: Today) -> str:
    """Logging commands and, in a pipeline, the summary file with every finding and its upload."""
    path = azure_pipelines.summary_path()
    if path is not None:
        problem = azure_pipelines.write_summary(path, github.summary_markdown(findings, today))
        if problem:
            print(problem, file=sys.stderr)
            path = None
    return azure.render(findings, today, summary=path)


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
