"""``lis overview`` and ``lis export overview``: the city's offices side by side.

The overview is a folder with a ``pyproject.toml`` whose ``[tool.lis] offices``
lists each office and where it publishes its ``needs.json`` (a path, which may lie
outside the folder, or an address: the declared exception to "only the project's
own files"). ``lis overview`` writes a small static site; ``lis export overview`` the
same figures as xlsx, csv or json. An office whose file is missing or unreadable is
shown with the reason and the rest is built: exit 0 either way, 2 when the overview
cannot be made at all (no offices listed, bad settings, an output it may not write).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument
from checks.dates import resolve
from checks.errors import ProjectError
from checks.overview.model import City, collect
from checks.overview.site import write_site
from checks.project import Project, read_settings

DEFAULT_OUT = Path("_build") / "oversikt"
EXPORT_FORMATS = ("xlsx", "csv", "json")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "overview",
        help="bygg stadens översikt över kontorens ledningssystem ur deras needs.json",
        description="Läser varje kontors publicerade needs.json (offices i [tool.lis]) och skriver en webbplats "
        "med läget per kontor och för staden: senaste ledningens genomgång, täckning per källa, försenade "
        "dokument och höga risker. Ett kontor vars fil saknas eller inte går att läsa visas med orsaken. "
        "Slutkod 0: skriven, 2: översikten kunde inte skapas.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument("--out", metavar="MAPP", help=f"mappen att skriva webbplatsen i (standard: {DEFAULT_OUT.as_posix()})")
    p.set_defaults(func=run)


def add_export_parser(what: argparse._SubParsersAction) -> None:
    p = what.add_parser(
        "overview",
        help="stadens översikt: en rad per kontor (xlsx, csv, json)",
        description="Skriver stadens översikt som tabell: en rad per kontor i offices i [tool.lis], med senaste "
        "genomgång, täckning, försenade dokument och aktiviteter och höga risker; ett kontor som inte går att "
        "läsa med orsaken. Slutkod 0: skriven, 2: kommandot kunde inte köras.",
    )
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument("--format", choices=EXPORT_FORMATS, help="format (standard: efter filändelsen i -o, annars json)")
    p.add_argument("-o", "--output", metavar="FIL", help="skriv till FIL (standard: standard ut; krävs för xlsx)")
    p.set_defaults(func=run_export)


def city_of(args: argparse.Namespace) -> tuple[Project, City]:
    root = Path(args.root).resolve()
    if not (root / "pyproject.toml").is_file():
        raise ProjectError(f"Ingen översikt i {root}: pyproject.toml med offices i [tool.lis] saknas.")
    settings = read_settings(root)
    if not settings.offices:
        raise ProjectError(
            f"{root / 'pyproject.toml'}: [tool.lis] offices är tom. Lista kontoren och var de publicerar sin "
            'needs.json, till exempel offices = [{ name = "Exploateringskontoret", needs = "https://…/needs.json" }].'
        )
    today = resolve(args.today).date
    return Project(root=root, settings=settings), collect(root, list(settings.offices), today, settings.risk_threshold)


def _report(city: City) -> None:
    for office in city.offices:
        if not office.readable:
            print(f"lis: {office.name} kan inte läsas: {office.problem} ({office.where}).", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    project, city = city_of(args)
    out = Path(args.out).resolve() if args.out else project.root / DEFAULT_OUT
    if out.exists() and not out.is_dir():
        raise ProjectError(f"--out {out} är en fil; ange en mapp.")
    try:
        write_site(city, out)
    except OSError as err:
        raise ProjectError(f"{out}: kan inte skrivas: {err.strerror or err}.") from err
    _report(city)
    print(out / "index.html")
    print(f"Översikten är skriven: {len(city.offices)} kontor, {len(city.readable)} kunde läsas.", file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from checks.commands.export import _target, _write
    from checks.exporters.tables import render_table
    from checks.overview.table import overview_table

    project, city = city_of(args)
    if args.format is None and not args.output:
        args.format = "json"
    output, fmt = _target(args, project, "oversikt")
    if fmt not in EXPORT_FORMATS:
        raise ProjectError(f"Översikten skrivs som {', '.join(EXPORT_FORMATS)}, inte {fmt}.")
    _report(city)
    _write(output, render_table(fmt, overview_table(city)), f"Översikten ({fmt}, {len(city.offices)} kontor)")
    return 0
