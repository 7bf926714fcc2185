"""``lis build``: one Sphinx HTML build that runs the gate and shows its findings on the site.

The site is built whenever the sources can be read, so it always publishes what
is true, overdue documents included; the gate's summary is printed and exit code
is 0. ``--strict`` (for CI) exits 1 when the gate finds errors, as ``lis check``
does. Content that cannot be read stops the build with the gate's message, and
a personnummer in the sources stops it before anything is written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument
from checks.dates import resolve
from checks.findings import Finding, count
from checks.errors import ProjectError
from checks.gate import PUBLISH_BLOCKERS, REUSED, GateResult, cache_dir, result_cache, run_pipeline, unwritable, writable
from checks.project import Project, load_project
from checks.reporters import text


def audit(out: Path, today: dt.date) -> None:
    """lis build --axe: the automatic accessibility check, into the statement page."""
    from checks import axe_audit

    results = axe_audit.run(out, today)
    axe_audit.write(out, results)
    serious = sum(1 for p in results.pages for v in p.violations if v["impact"] in ("critical", "serious"))
    pages = len({p.page for p in results.pages})
    print(
        f"Tillgänglighet (axe-core {results.axe_version}): {pages} sidor granskade, "
        f"{serious} allvarliga eller kritiska brister; resultatet står i tillgänglighetsredogörelsen."
    )


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "build",
        help="bygg webbplatsen (HTML) och visa kontrollernas resultat på den",
        description="Bygger webbplatsen till _build/html och kör kontrollerna i samma bygge. "
        "Webbplatsen byggs även när kontrollerna hittar fel (de visas på webbplatsen); "
        "med --strict blir slutkoden 1 om de hittar fel. Innehåll som inte kan läsas och "
        "personnummer, skript och filer utanför projektet stoppar bygget.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument("--out", help="utdatamapp (standard: <root>/_build/html)")
    p.add_argument(
        "--axe",
        action="store_true",
        help="granska också webbplatsens tillgänglighet automatiskt (axe-core i Chromium) och "
        "redovisa resultatet i tillgänglighetsredogörelsen; kräver pip install -e \".[browser]\"",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="slutkod 1 om kontrollerna hittar fel (för CI), som lis check",
    )
    p.set_defaults(func=run)


def _fresh_copy(out: Path, staging: Path) -> None:
    """``staging`` as a copy of the published site (so Sphinx writes only what changed)."""
    shutil.rmtree(staging, ignore_errors=True)
    if out.is_dir():
        shutil.copytree(out, staging, symlinks=True)


def _replace(staging: Path, out: Path) -> None:
    """The new site in place of the old one: two renames, the old one removed after."""
    old = out.parent / f".{out.name}.lis-gammal"
    shutil.rmtree(old, ignore_errors=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)


def _site_stamp(out: Path) -> list[int] | None:
    """The published folder as the last build left it: every build puts a new folder in place."""
    try:
        info = out.stat()
        index = (out / "index.html").stat()
    except OSError:
        return None
    return [info.st_ino, info.st_mtime_ns, index.st_size, index.st_mtime_ns]


def _build(project: Project, today: dt.date, out: Path, now: dt.datetime | None = None) -> GateResult:
    """The site built into ``out``, or the last build's result when neither its inputs nor ``out`` changed."""
    # Sphinx and its extensions write some files before the pages (needs.json, static
    # files): the site is built beside the published one and replaces it only when
    # the build is not refused, so a refused build leaves nothing behind.
    staging = out.parent / f".{out.name}.lis-bygge"
    problem = unwritable(out.parent)
    if problem:
        raise ProjectError(f"Webbplatsen kan inte skrivas till {out} ({problem}). Ange en annan mapp med --out.")
    with writable(cache_dir(project, "html")) as cache:
        return _build_with(project, today, out, staging, cache, now)


def _build_with(
    project: Project, today: dt.date, out: Path, staging: Path, cache: Path, now: dt.datetime | None
) -> GateResult:
    skip = (cache, out, staging, out.parent / f".{out.name}.lis-gammal")
    purpose = {"command": "build", "out": str(out)}
    key = result_cache.inputs_key(project.root, today.isoformat(), purpose, skip=skip)
    stored = result_cache.load(cache, key)
    if stored is not None and stored.get("site") == _site_stamp(out) and result_cache.clock_holds(stored, now):
        print(REUSED, file=sys.stderr)
        return GateResult(stored["findings"])
    result_cache.forget(cache)
    _fresh_copy(out, staging)
    try:
        result = run_pipeline(project, today, builder="html", outdir=staging, refuse=PUBLISH_BLOCKERS, cache=cache, now=now)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if result.unreadable or result.refused:
        shutil.rmtree(staging, ignore_errors=True)
        return result
    _replace(staging, out)
    # Only a site that shows every finding is reused. The pages that show findings are
    # written last, so they show what writing the other pages found (a broken
    # reference); what writing those pages themselves finds, the next build shows.
    if _shows_all(result) and result_cache.inputs_key(project.root, today.isoformat(), purpose, skip=skip) == key:
        result_cache.save(cache, key, result.findings, site=_site_stamp(out), **result_cache.clock_of(result.facts))
    return result


def _shows_all(result: GateResult) -> bool:
    shown = getattr(result.facts, "gate_findings", None)

    def what(findings: list[Finding]) -> set[tuple[object, ...]]:
        return {(f.code, f.file, f.line, f.need_id, f.message) for f in findings}

    return shown is not None and what(shown) == what(result.findings)


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today)
    out = Path(args.out).resolve() if args.out else project.root / "_build" / "html"
    result = _build(project, today.date, out, today.moment)
    sys.stdout.write(text.render(result.findings, today))
    if result.unreadable:
        print("Bygget avbröts: innehållet kan inte läsas (se ovan). Rätta filerna och kör lis build igen.", file=sys.stderr)
        return 1
    if result.refused:
        print(
            "Bygget avbröts innan något skrevs: källorna innehåller personnummer, skript, filer "
            "utanför projektet eller bilder från nätet (LIS040–LIS043, se ovan). Ta bort dem och kör lis build igen.",
            file=sys.stderr,
        )
        return 1
    errors, _ = count(result.findings)
    print(f"Webbplatsen är byggd: {out / 'index.html'}")
    if args.axe:
        audit(out, today.date)
    if errors and args.strict:
        print("lis build --strict: kontrollerna hittade fel (se ovan), så slutkoden är 1.", file=sys.stderr)
        return 1
    if errors:
        print("Kontrollerna hittade fel; de visas på webbplatsen. Med --strict blir slutkoden 1.", file=sys.stderr)
    return 0
