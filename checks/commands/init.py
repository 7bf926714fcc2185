"""``lis init MAPP --office … --board …``: a new office's project on the city's shared catalog.

Writes a complete lis project into an empty (or new) folder and nothing outside it:
conf.py and the data model (lis's own), pyproject.toml with ``[tool.lis]``, the
section pages (checks/office/template), one page per source of the pinned shared
catalog, the statement of applicability, the users' CI workflows
(checks/workflows/kontor-*.yml), the site's templates and translations, and a
README for the office. The catalog is pinned from a file copied into the project
(``katalog/needs.json``, lis's own published catalog unless ``--catalog-file``
names another) or from ``--catalog-url``.

Everything is first written into a staging folder inside MAPP and then moved into
place, so an interrupted run leaves only that folder, which the next run clears.
The new office's untraced requirements are warnings (``severity`` in its
``[tool.lis]``, with a comment saying when to remove it): its first ``lis check``
is the honest to-do list of an empty ISMS, which a new office works through.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import ub_needs_exchange as exchange

import checks
from checks.datamodel import PACKAGE_MODEL
from checks.errors import ProjectError
from checks.rules import Rule
from checks.settings import CatalogPin
from checks.shared_catalog import SharedCatalog, load_shared

# lis's own repository: the conf.py, templates and translations every office shares
PACKAGE_ROOT = Path(checks.__file__).resolve().parents[1]
TEMPLATE = Path(__file__).resolve().parents[1] / "office" / "template"
WORKFLOWS = Path(__file__).resolve().parents[1] / "workflows"
# The city's catalog as lis's repository publishes it (katalog/, README: Delade kravkataloger).
PUBLISHED_CATALOG = PACKAGE_ROOT / "katalog" / "needs.json"
VENDORED = "katalog/needs.json"
STAGING = ".lis-init"
# Pages whose text holds for every office: copied from lis's own site as they are.
SHARED_PAGES = ("kontroller.md", "kontrollresultat.md", "oversikt")
SITE_FILES = ("docs/_templates", "docs/_static", "locale")
# conf.py lines that name the office
_CONF_NAMES = ("project", "author", "copyright", "html_title")


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "init",
        help="skapa ett nytt kontors projekt på stadens gemensamma kravkatalog",
        description="Skapar ett komplett lis-projekt för en ny förvaltning i MAPP: konfiguration, datamodell, "
        "inställningar, sidorna för varje avsnitt, en sida per källa i stadens gemensamma kravkatalog, "
        "arbetsflöden för CI och en README. Skriver ingenting utanför MAPP och vägrar om MAPP inte är tom. "
        "Slutkod 0: projektet är skapat, 2: felaktiga uppgifter.",
    )
    p.add_argument("folder", metavar="MAPP", help="mappen att skapa projektet i (ny eller tom)")
    p.add_argument("--office", required=True, help='förvaltningens namn, till exempel "Stadsbyggnadskontoret"')
    p.add_argument("--board", required=True, help='nämndens namn, till exempel "Stadsbyggnadsnämnden"')
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--catalog-file",
        metavar="FIL",
        help="stadens katalog (needs.json) att kopiera in i projektet (standard: katalogen som följer med lis)",
    )
    where.add_argument("--catalog-url", metavar="ADRESS", help="katalogens adress på intranätet, i stället för en fil")
    p.add_argument("--catalog-version", metavar="VERSION", help="katalogversionen (standard: den senast publicerade)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    target = Path(args.folder).resolve()
    office, board = _name(args.office, "--office"), _name(args.board, "--board")
    _refuse_non_empty(target)
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    staging = target / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # what an interrupted run left
    staging.mkdir()
    try:
        pin, shared = _catalog(args, staging)
        _write_project(staging, office, board, pin, shared)
        for entry in sorted(staging.iterdir()):
            entry.rename(target / entry.name)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            target.rmdir()  # a refused run leaves no folder behind either
        raise
    shutil.rmtree(staging, ignore_errors=True)
    sources = len(shared.sources)
    requirements = sum(len(s.records) for s in shared.sources.values())
    print(target)
    print(
        f"Skapade {office}s projekt i {target} på stadens kravkatalog version {pin.version} "
        f"({sources} källor, {requirements} krav). Nästa steg: cd {args.folder} && lis check",
        file=sys.stderr,
    )
    return 0


def _name(value: str, option: str) -> str:
    text = " ".join(value.split())
    if not text or any(unicodedata.category(c) == "Cc" for c in value if c not in "\t\n\r") or '"' in text:
        raise ProjectError(f"{option} ska vara ett namn på en rad utan citattecken, inte {value!r}.")
    return text


def _refuse_non_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ProjectError(f"{target} finns redan och är ingen mapp. Inget skrevs.")
    if target.is_dir() and any(entry.name != STAGING for entry in target.iterdir()):
        raise ProjectError(f"Mappen {target} är inte tom. Välj en ny eller tom mapp. Inget skrevs.")


def _catalog(args: argparse.Namespace, staging: Path) -> tuple[CatalogPin, SharedCatalog]:
    """The pin of the new project and the catalog read through it (from the staging folder)."""
    if args.catalog_url:
        pin = CatalogPin(version=args.catalog_version or "", url=args.catalog_url)
        if not args.catalog_url.lower().startswith(("https://", "http://", "file://")):
            raise ProjectError(f"--catalog-url ska börja med https://, http:// eller file://, inte {args.catalog_url!r}.")
        if not pin.version:
            raise ProjectError("--catalog-url kräver --catalog-version: den version av katalogen som kontoret följer.")
    else:
        source = Path(args.catalog_file) if args.catalog_file else PUBLISHED_CATALOG
        if not source.is_file():
            raise ProjectError(f"Katalogfilen {source} finns inte. Ange stadens needs.json med --catalog-file.")
        copy = staging / VENDORED
        copy.parent.mkdir(parents=True)
        shutil.copyfile(source, copy)
        pin = CatalogPin(version=args.catalog_version or _current_version(copy), file=VENDORED)
    shared = load_shared(staging, pin)
    if shared.problem:
        raise ProjectError(f"Stadens kravkatalog kan inte läsas: {shared.problem}. Inget skrevs.")
    return pin, shared


def _current_version(path: Path) -> str:
    try:
        document = exchange.load(path)
    except exchange.ExchangeError as err:
        raise ProjectError(f"{path.name} är ingen läsbar needs.json: {err.message}. Inget skrevs.") from None
    current = document.data.get("current_version")
    if not isinstance(current, str) or not current:
        raise ProjectError(f"{path.name} anger ingen senaste version: ange --catalog-version.")
    return current


def _write_project(root: Path, office: str, board: str, pin: CatalogPin, shared: SharedCatalog) -> None:
    values = {
        "office": office,
        "board": board,
        "version": pin.version,
        "catalog_where": f"filen `{pin.file}`" if pin.file else f"adressen {pin.url}",
        "catalog_update": f" och ersätt `{pin.file}` med stadens nya needs.json" if pin.file else "",
    }
    for path in sorted(TEMPLATE.rglob("*")):
        if path.is_file():
            _put(root / path.relative_to(TEMPLATE), _fill(path.read_text(encoding="utf-8"), values))
    for name in ("kontroll", "webbplats"):
        text = _fill((WORKFLOWS / f"kontor-{name}.yml").read_text(encoding="utf-8"), values)
        _put(root / ".github" / "workflows" / f"{name}.yml", text)
    for name in SHARED_PAGES:
        source = PACKAGE_ROOT / "docs" / name
        for path in sorted(source.rglob("*.md")) if source.is_dir() else [source]:
            target = root / "docs" / path.relative_to(PACKAGE_ROOT / "docs")
            if not (TEMPLATE / target.relative_to(root)).is_file():  # the template's own version names no office's ids
                _put(target, path.read_text(encoding="utf-8"))
    for name in SITE_FILES:
        for path in sorted((PACKAGE_ROOT / name).rglob("*")):
            if path.is_file() and path.suffix not in (".mo", ".pyc"):
                target = root / path.relative_to(PACKAGE_ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    for source_id, one in shared.sources.items():
        page = (one.order.rsplit("/", 1)[-1] or source_id.lower()) + ".md"
        _put(root / "docs" / "krav" / page, f"# {one.source.title}\n\n```{{catalog}} {source_id}\n```\n")
    shutil.copyfile(PACKAGE_MODEL, root / "ubproject.toml")
    _put(root / "conf.py", _conf(office))
    _put(root / "pyproject.toml", _pyproject(office, board, pin))
    _put(root / ".gitignore", "_build/\n__pycache__/\n.venv/\n*.mo\n")


def _fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m[1]], text)


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _conf(office: str) -> str:
    """lis's own conf.py with the office's names: one configuration for every office."""
    text = (PACKAGE_ROOT / "conf.py").read_text(encoding="utf-8")
    names = {
        "project": f"LIS – {office}",
        "author": f"{office}, Stockholms stad",
        "copyright": f"Stockholms stad, {office}",
        "html_title": f"LIS – {office}",
    }
    for key in _CONF_NAMES:
        line = f"{key} = {json.dumps(names[key], ensure_ascii=False)}"
        text, found = re.subn(rf"^{key} = .*$", lambda _m: line, text, flags=re.M)
        if not found:
            raise ProjectError(f"lis eget conf.py saknar raden {key} = …; projektet kan inte skapas.")
    return text


def _pyproject(office: str, board: str, pin: CatalogPin) -> str:
    def toml(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    where = f"file = {toml(pin.file)}" if pin.file else f"url = {toml(pin.url)}"
    return f"""# {office}s ledningssystem för informationssäkerhet (LIS), skapat med lis init.
[tool.lis]
# Förvaltningen och nämnden (försättsbladet i ledningens genomgång, webbplatsen).
office = {toml(office)}
board = {toml(board)}
# Den roll som lis new skriver som ansvarig när --owner inte anges (tom: ange --owner).
default_owner = ""
# Stadens gemensamma kravkatalog: den version kontoret följer, och varifrån den läses.
shared_catalog = {{ {where}, version = {toml(pin.version)} }}
# Ett nytt ledningssystem: ospårade krav är varningar, en att göra-lista, medan kontoret
# spårar sina krav. Ta bort raden när det är gjort, så stoppar ett ospårat krav
# pull requesten igen.
severity = {{ {Rule.LIS010.name} = "warning" }}
# Tillgänglighetsredogörelsen (DOS-lagen 2018:1937): det som är tomt står som
# "uppgift saknas" på webbplatsen.
accessibility_contact = ""
accessibility_report = ""
accessibility_assessed = ""
"""

