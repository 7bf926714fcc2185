"""``lis build``: run the gate (``lis check``), then build the HTML site with
warnings as errors. The build is refused when the gate finds errors."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from checks.findings import count
from checks.gate import resolve_today, run_gate
from checks.commands import add_root_argument, add_today_argument
from checks.project import load_project
from checks.reporters import text


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="bygg webbplatsen (HTML) efter att kontrollerna gått igenom",
        description="Kör kontrollerna och bygger sedan webbplatsen till _build/html. "
        "Bygget avbryts om kontrollerna hittar fel eller Sphinx varnar.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument("--out", help="utdatamapp (standard: <root>/_build/html)")
    p.set_defaults(func=run)


def sphinx_build(
    root: Path, out: Path, builder: str = "html", quiet: bool = True, today: dt.date | None = None
) -> int:
    """Run sphinx-build in-process with warnings as errors; the exit code.

    ``today`` becomes the config value ``lis_today``, the date the gate's rules use
    inside the build (checks.build_hook).
    """
    from sphinx.cmd.build import build_main

    args = ["-b", builder, "-W", "--keep-going", "-c", str(root), str(root / "docs"), str(out)]
    if today is not None:
        args[:0] = ["-D", f"lis_today={today.isoformat()}"]
    if quiet:
        args.insert(0, "-q")
    return build_main(args)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve_today(args.today)
    out = Path(args.out).resolve() if args.out else project.root / "_build" / "html"
    findings = run_gate(project, today)
    if findings:
        sys.stdout.write(text.render(findings))
    if count(findings)[0]:
        print("Bygget avbryts: kontrollerna hittade fel (se ovan). Rätta dem och kör lis build igen.", file=sys.stderr)
        return 1
    code = sphinx_build(project.root, out, today=today)
    if code != 0:
        print("Bygget misslyckades: se varningarna ovan.", file=sys.stderr)
        return 1
    print(f"Webbplatsen är byggd: {out / 'index.html'}")
    return 0
