"""``lis build``: build the HTML site, with warnings as errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.project import load_project


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="bygg webbplatsen (HTML) efter att kontrollerna gått igenom",
        description="Kör kontrollerna och bygger sedan webbplatsen till _build/html. "
        "Bygget avbryts om kontrollerna hittar fel eller Sphinx varnar.",
    )
    p.add_argument("--root", default=".", help="projektets rotmapp (standard: aktuell mapp)")
    p.add_argument("--today", help="dagens datum, ÅÅÅÅ-MM-DD (standard: LIS_TODAY eller systemets datum)")
    p.add_argument("--out", help="utdatamapp (standard: <root>/_build/html)")
    p.set_defaults(func=run)


def sphinx_build(root: Path, out: Path, builder: str = "html", quiet: bool = True) -> int:
    """Run sphinx-build in-process with warnings as errors; the exit code."""
    from sphinx.cmd.build import build_main

    args = ["-b", builder, "-W", "--keep-going", "-c", str(root), str(root / "docs"), str(out)]
    if quiet:
        args.insert(0, "-q")
    return build_main(args)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    out = Path(args.out).resolve() if args.out else project.root / "_build" / "html"
    code = sphinx_build(project.root, out)
    if code != 0:
        print("Bygget misslyckades: se varningarna ovan.", file=sys.stderr)
        return 1
    print(f"Webbplatsen är byggd: {out / 'index.html'}")
    return 0
