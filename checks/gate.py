"""The compliance gate: ``run_gate(project, today)`` and what it is made of.

1. Pre-flight: every catalog is loaded (LIS001 with line and column for a file
   that does not parse, LIS002 for bad data, LIS003 for an id in two catalogs)
   and every page is read as UTF-8 (LIS001). Pages and catalogs are scanned for
   personnummer (LIS040). A file that cannot be read, a missing requirements/
   folder or an id used twice in the catalogs stops the gate here.
2. A sphinx-needs build (the ``needs`` builder, checks.sphinx_run) with every
   warning captured and mapped: schema violations → LIS002 (or the code the
   schema is named after), duplicate ids → LIS003, unknown links and links to
   the wrong type → LIS004, anything else Sphinx reports in a page → LIS001.
3. ``evaluate`` on the needs (checks.evaluate).

Every finding points at the file a person edits: a requirement at its entry in
``requirements/*.yaml``, any other need at its line in its Markdown page.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checks import personnummer
from checks.catalog import Catalog, catalog_files, load_catalog
from checks.evaluate import CODES as EVALUATED
from checks.evaluate import Locations, evaluate
from checks.findings import Finding, ordered
from checks.idcheck import IdAt, lookalike_message, lookalikes
from checks.needs_data import load_needs
from checks.project import Project, ProjectError
from checks.rules import GateSettings
from checks.sphinx_run import BuildCrash, SphinxMessage, build_needs

CACHE_ENV = "LIS_CACHE_DIR"
TODAY_ENV = "LIS_TODAY"
TYPE_NAMES = {
    "req": "krav",
    "routine": "rutin",
    "activity": "aktivitet",
    "risk": "risk",
    "incident": "avvikelse",
    "training": "utbildning",
    "decision": "beslut",
    "review": "ledningens genomgång",
    "asset": "informationstillgång",
}


def resolve_today(value: str | None = None) -> dt.date:
    """``--today``, else the environment variable LIS_TODAY, else the system date."""
    origin = "--today"
    if not value:
        value, origin = os.environ.get(TODAY_ENV, ""), TODAY_ENV
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ProjectError(f"{origin}: {value!r} är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD.") from None


def cache_dir(project: Project) -> Path:
    """Where the gate keeps Sphinx's environment: LIS_CACHE_DIR or <root>/_build/check."""
    override = os.environ.get(CACHE_ENV)
    return Path(override).resolve() if override else project.root / "_build" / "check"


def relative(root: Path, path: Path | str) -> str:
    """A path relative to the project root in posix form (absolute if outside it)."""
    p = Path(path)
    try:
        return p.resolve().relative_to(root).as_posix()
    except ValueError:
        return p.as_posix()


# ---------------------------------------------------------------- catalogs


@dataclass
class CatalogIndex:
    """Where each requirement is written, and each catalog's revision date."""

    catalogs: list[Catalog] = field(default_factory=list)
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    field_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    revisions: dict[str, str] = field(default_factory=dict)


def catalog_index(root: Path, catalogs: Iterable[Catalog] | None = None) -> CatalogIndex:
    """Index the catalogs of a project (loading them unless given)."""
    loaded = list(catalogs) if catalogs is not None else [load_catalog(p) for p in catalog_files(root)]
    index = CatalogIndex(catalogs=loaded)
    for catalog in loaded:
        rel = relative(root, catalog.path)
        if catalog.source and catalog.source.revised:
            index.revisions.setdefault(catalog.source.id, catalog.source.revised)
        for req in catalog.requirements:
            if req.id not in index.locations:
                index.locations[req.id] = (rel, req.line)
                index.field_lines[req.id] = dict(req.field_lines)
    return index


def need_locations(needs: dict[str, dict[str, Any]], root: Path, index: CatalogIndex | None = None) -> Locations:
    """need id → (file, line): a requirement's YAML entry, any other need's page line."""
    index = index or catalog_index(root)
    locations: dict[str, tuple[str, int]] = {}
    for nid, need in needs.items():
        if nid in index.locations:
            locations[nid] = index.locations[nid]
        else:
            locations[nid] = (_page_path(root, need.get("docname") or "index"), int(need.get("lineno") or 1))
    return locations


def _page_path(root: Path, docname: str) -> str:
    for suffix in (".md", ".rst"):
        candidate = root / "docs" / f"{docname}{suffix}"
        if candidate.is_file():
            return relative(root, candidate)
    return f"docs/{docname}.md"


# ---------------------------------------------------------------- pre-flight


def markdown_files(project: Project) -> list[Path]:
    """The pages of the site: docs/**/*.md without build output and hidden folders."""
    if not project.docs.is_dir():
        return []
    return sorted(
        p
        for p in project.docs.rglob("*.md")
        if p.is_file()
        and not any(part.startswith((".", "_build")) for part in p.relative_to(project.docs).parts)
    )


@dataclass
class Preflight:
    findings: list[Finding] = field(default_factory=list)
    # A file that cannot be read, a missing requirements/ folder or a requirement id
    # used twice in the catalogs (the catalog directive stops Sphinx on it) stops the
    # gate before the Sphinx run.
    blocking: bool = False


def preflight(project: Project, settings: GateSettings, index: CatalogIndex) -> Preflight:
    """Read every catalog and page before anything else runs."""
    root = project.root
    result = Preflight()
    findings = result.findings

    def add(
        code: str, path: Path | str, line: int, message: str, need_id: str = "", blocking: bool = True
    ) -> None:
        findings.append(Finding(code, settings.severity_of(code), relative(root, path), max(line, 1), need_id, message))
        result.blocking = result.blocking or blocking

    if not project.requirements.is_dir():
        add(
            "LIS001",
            project.requirements,
            1,
            "Mappen requirements/ saknas. Kraven läses från YAML-kataloger där, en fil per källa.",
        )
    seen: dict[str, tuple[str, int]] = {}
    for catalog in index.catalogs:
        for problem in catalog.problems:
            code = "LIS001" if problem.kind == "parse" else "LIS002"
            need_id = problem.need_id or _req_at(catalog, problem.line)
            message = problem.message
            if need_id and need_id not in message:
                message = f"{need_id}: {message}"
            add(code, problem.path, problem.line, message, need_id, blocking=code == "LIS001")
        for req in catalog.requirements:
            where = (relative(root, catalog.path), req.line)
            if req.id in seen and seen[req.id] != where:
                first = seen[req.id]
                add(
                    "LIS003",
                    catalog.path,
                    req.line,
                    f"Krav-id {req.id} finns redan i {first[0]} rad {first[1]}. Ge kravet ett eget id.",
                    req.id,
                )
            seen.setdefault(req.id, where)
        text = _text(catalog.path)
        if text is not None:
            findings.extend(_personnummer(project, catalog.path, text, settings))
    # an id a reader cannot tell from another one is the same id used twice
    written = (IdAt(i, relative(root, c.path), line) for c in index.catalogs for i, line in c.ids)
    for clash in lookalikes(written):
        add("LIS003", root / clash.id.file, clash.id.line, lookalike_message(clash))
    for page in markdown_files(project):
        try:
            data = page.read_bytes()
        except OSError as err:
            add("LIS001", page, 1, f"Sidan kan inte läsas: {err.strerror}.")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            add("LIS001", page, line, "Sidan är inte kodad i UTF-8. Spara den som UTF-8.")
            continue
        if not text.strip():
            # Sphinx reads an empty page without a word, and fails the site's build later
            add("LIS001", page, 1, "Sidan är tom. En sida ska ha en rubrik (# Rubrik) och innehåll, "
                "eller tas bort.", blocking=False)
        findings.extend(_personnummer(project, page, text, settings))
    return result


def _req_at(catalog: Catalog, line: int) -> str:
    """The id of the requirement whose keys span ``line`` ('' if none does)."""
    for req in catalog.requirements:
        lines = [*req.field_lines.values(), req.line]
        if min(lines) <= line <= max(lines):
            return req.id
    return ""


def _text(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _personnummer(project: Project, path: Path, text: str, settings: GateSettings) -> list[Finding]:
    return [
        Finding(
            "LIS040",
            settings.severity_of("LIS040"),
            relative(project.root, path),
            match.line,
            "",
            f"Rad {match.line} innehåller ett {match.kind} (kolumn {match.column}). "
            "Ta bort det: personnummer ska inte publiceras. Använd en roll eller ett ärendenummer.",
        )
        for match in personnummer.find(text)
    ]


# ---------------------------------------------------------------- Sphinx's messages

_UNKNOWN_LINK = re.compile(r"Need '(?P<id>[^']+)' has unknown outgoing link '(?P<target>[^']+)' in field '(?P<field>[^']+)'")
_WRONG_TYPE = re.compile(
    r"Need '(?P<id>[^']+)' link '(?P<target>[^']+)' in field '(?P<field>[^']+)': "
    r"target need type '(?P<type>[^']+)' is not one of (?P<allowed>.+?)(?: \(or a type|$)"
)
_DUPLICATE = re.compile(r"ID '(?P<id>[^']+)' already exists(?: \(defined at (?P<where>[^)]*)\))?")
_INVALID_FIELD = re.compile(r"Field '(?P<field>[^']+)' is invalid: (?P<why>.*)")
_UNKNOWN_OPTION = re.compile(r"Unknown option '(?P<option>[^']+)'")
_CONVERT = re.compile(r"Cannot convert '(?P<value>.*)' to (?P<type>\w+)")
_OPTION_ID = re.compile(r"^\s*:id:\s*(?P<id>\S+)")
_TYPE_SV = {"integer": "ett heltal", "number": "ett tal", "boolean": "true eller false", "string": "en text"}


@dataclass
class _Context:
    project: Project
    settings: GateSettings
    index: CatalogIndex

    @property
    def root(self) -> Path:
        return self.project.root

    def finding(self, code: str, path: str, line: int, need_id: str, message: str) -> Finding:
        file, line = self.locate(path, line, need_id)
        return Finding(code, self.settings.severity_of(code), file, max(line, 1), need_id, message)

    def locate(self, path: str, line: int, need_id: str) -> tuple[str, int]:
        """The file a person edits: a catalog page's directive line becomes the YAML entry."""
        if need_id in self.index.locations and path and "{catalog}" in _line_text(path, line):
            return self.index.locations[need_id]
        if not path:
            return "conf.py", 1
        return relative(self.root, path), line


@cache
def _lines(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _line_text(path: str, line: int) -> str:
    lines = _lines(path)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def need_id_at(path: str, line: int) -> str:
    """The ``:id:`` in the option block of the directive that starts at ``line``."""
    lines = _lines(path)
    for text in lines[line : line + 40]:
        if not text.strip() or text.strip().startswith(":::"):
            break
        if m := _OPTION_ID.match(text):
            return m["id"]
    return ""


def field_line(path: str, line: int, name: str) -> int:
    """The line of ``:name:`` in the option block of the directive at ``line``."""
    lines = _lines(path)
    for offset, text in enumerate(lines[line : line + 40], start=line + 1):
        if not text.strip() or text.strip().startswith(":::"):
            break
        if text.strip().startswith(f":{name}:"):
            return offset
    return line


def map_message(msg: SphinxMessage, ctx: _Context) -> Finding | None:
    """A finding for one Sphinx warning; None for what other steps report."""
    kind, sub, text = msg.type, msg.subtype, msg.text
    if kind.startswith("sn_schema"):
        return None  # read from schema_violations.json, per need
    if kind == "lis":
        if sub == "catalog" and not msg.path.endswith((".yaml", ".yml")):
            return ctx.finding("LIS001", msg.path, msg.line, "", text)
        return None  # catalog problems come from the pre-flight, rules from evaluate()
    if kind == "needs":
        return _map_needs(msg, ctx)
    where = f"{text} [{kind}.{sub}]" if kind and sub else text
    hint = _SPHINX_HINTS.get(f"{kind}.{sub}")
    message = f"{hint} (Sphinx: {where})" if hint else f"Sphinx rapporterar ett fel: {where}"
    return ctx.finding("LIS001", msg.path, msg.line, need_id_at(msg.path, msg.line), message)


# The Sphinx warnings a person editing pages meets most, said in Swedish.
_SPHINX_HINTS = {
    "toc.not_included": "Sidan finns inte med i någon innehållsförteckning. Lägg till den i en toctree eller ta bort den.",
    "toc.not_readable": "Innehållsförteckningen pekar på en sida som inte finns. Rätta namnet eller ta bort raden.",
    "myst.xref_missing": "Länken pekar på ett mål som inte finns. Rätta länken.",
    "myst.directive_unknown": "Okänt direktiv. Kontrollera stavningen, till exempel {routine} eller {activity}.",
    "myst.role_unknown": "Okänd roll. Kontrollera stavningen, till exempel {need}.",
    "myst.header": "Rubrikerna hoppar över en nivå. Använd #, ##, ### i ordning.",
    "myst.directive_parse": "Direktivet kan inte tolkas. Kontrollera alternativen (:id: osv.) och att blocket avslutas med :::.",
    "myst.directive_option": "Ett alternativ i direktivet kan inte tolkas. Skriv alternativen som :namn: värde.",
    "myst.topmatter": "Sidhuvudet (front matter) kan inte tolkas.",
}


def _map_needs(msg: SphinxMessage, ctx: _Context) -> Finding | None:
    sub, text = msg.subtype, msg.text
    if m := _UNKNOWN_LINK.search(text):
        if m["id"] == m["target"]:
            return None
        return ctx.finding(
            "LIS004",
            msg.path,
            msg.line,
            m["id"],
            f"{m['id']} länkar till {m['target']} i fältet '{m['field']}', men det id:t finns inte. "
            "Kontrollera stavningen, eller lägg till objektet eller kravet.",
        )
    if m := _WRONG_TYPE.search(text):
        if m["id"] == m["target"]:
            return None  # a link to itself: evaluate() reports it
        allowed = ", ".join(TYPE_NAMES.get(t.strip(" '\""), t) for t in re.findall(r"'([^']+)'", m["allowed"]))
        found = TYPE_NAMES.get(m["type"], m["type"])
        return ctx.finding(
            "LIS004",
            msg.path,
            msg.line,
            m["id"],
            f"{m['id']} länkar till {m['target']} ({found}) i fältet '{m['field']}', "
            f"men fältet ska peka på {allowed or 'en annan typ'}.",
        )
    if m := _DUPLICATE.search(text):
        nid = m["id"]
        first = ""
        if m["where"]:
            docname, _, line = m["where"].partition(":")
            first = f" (först i {_page_path(ctx.root, docname)} rad {line})" if line else ""
        if nid in ctx.index.locations and "{catalog}" not in _line_text(msg.path, msg.line):
            first = f" (kravet finns i {ctx.index.locations[nid][0]} rad {ctx.index.locations[nid][1]})"
        return ctx.finding("LIS003", msg.path, msg.line, nid, f"Id:t {nid} används redan{first}. Ge objektet ett eget id.")
    nid = need_id_at(msg.path, msg.line)
    label = nid or "Objektet"
    if m := _UNKNOWN_OPTION.search(text):
        return ctx.finding(
            "LIS002",
            msg.path,
            field_line(msg.path, msg.line, m["option"]),
            nid,
            f"{label}: fältet ':{m['option']}:' finns inte i datamodellen (ubproject.toml). "
            "Rätta stavningen eller ta bort fältet.",
        )
    if m := _INVALID_FIELD.search(text):
        why = m["why"]
        if c := _CONVERT.search(why):
            why = f"'{c['value']}' är inte {_TYPE_SV.get(c['type'], c['type'])}"
        line = field_line(msg.path, msg.line, m["field"])
        return ctx.finding(
            "LIS002",
            msg.path,
            line,
            nid,
            f"{label}: fältet '{m['field']}' har ett ogiltigt värde ({why}), så objektet kunde inte skapas.",
        )
    if sub == "duplicate_id":
        return ctx.finding("LIS003", msg.path, msg.line, nid, f"{label}: id:t används redan ({text}).")
    return ctx.finding("LIS002", msg.path, msg.line, nid, f"{label}: {text}")


def _crash_finding(crash: BuildCrash, ctx: _Context) -> Finding:
    """The one finding for a build Sphinx could not finish."""
    file = relative(ctx.root, crash.path) if crash.path else "docs/index.md"
    if (m := _DUPLICATE.search(crash.message)) and m["id"] in ctx.index.locations:
        # a requirement whose id a page already uses: the catalog entry is the second one
        where, line = ctx.index.locations[m["id"]]
        return Finding(
            "LIS003",
            ctx.settings.severity_of("LIS003"),
            where,
            line,
            m["id"],
            f"Id:t {m['id']} används redan av ett annat objekt (i {m['where'] or 'en sida'}). Ge kravet ett eget id.",
        )
    return Finding(
        "LIS001", ctx.settings.severity_of("LIS001"), file, 1, "", f"Sphinx stannade när sidan lästes: {crash.message}"
    )


# ---------------------------------------------------------------- schema violations

_SCHEMA_CODE = re.compile(r"^(LIS\d{3})")
_NOT_DATE = re.compile(r'^"(?P<value>.*)" is not a "date"$')
_NOT_ONE_OF = re.compile(r'^(?P<value>.+?) is not one of ')
_REQUIRED = re.compile(r'^"(?P<field>[^"]+)" is a required property$')
_PATTERN = re.compile(r'^"(?P<value>.*)" does not match ')
_MINIMUM = re.compile(r"^(?P<value>\S+) is (?:less|greater) than the (?P<which>minimum|maximum) of (?P<limit>\S+)$")
_TOO_FEW = re.compile(r"Too few valid incoming links of type '(?P<link>[^']+)'")


def _schema_text(details: dict[str, Any]) -> tuple[str, str]:
    """(field, Swedish description) of one violation."""
    raw = str(details.get("validation_msg", ""))
    name = str(details.get("field", ""))
    if m := _REQUIRED.match(raw):
        return m["field"], f"fältet '{m['field']}' saknas"
    if m := _NOT_DATE.match(raw):
        return name, f"fältet '{name}' har värdet {m['value']!r}, som inte är ett giltigt datum (ÅÅÅÅ-MM-DD)"
    if m := _NOT_ONE_OF.match(raw):
        return name, f"fältet '{name}' har värdet {m['value']}, som inte är tillåtet"
    if m := _PATTERN.match(raw):
        return name, f"fältet '{name}' har värdet {m['value']!r}, som inte har rätt form"
    if m := _MINIMUM.match(raw):
        word = "minst" if m["which"] == "minimum" else "högst"
        return name, f"fältet '{name}' har värdet {m['value']} men ska vara {word} {m['limit']}"
    if m := _TOO_FEW.search(raw):
        return "", f"inga giltiga inkommande länkar av typen '{m['link']}'"
    return name, f"fältet '{name}': {raw}" if name else raw


def schema_findings(path: Path, needs: dict[str, dict[str, Any]], ctx: _Context) -> list[Finding]:
    """Findings from sphinx-needs' schema_violations.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    findings = []
    seen: set[tuple[str, str, str]] = set()
    for nid, violations in sorted((data.get("validation_warnings") or {}).items()):
        need = needs.get(nid, {})
        # A value both the field's schema and the type's schema reject is reported
        # once, preferably with the type schema's message (it lists what is allowed).
        ranked = sorted(violations, key=lambda v: not (v.get("details") or {}).get("user_msg"))
        for violation in ranked:
            details = violation.get("details") or {}
            m = _SCHEMA_CODE.match(str(details.get("schema_path", "")))
            code = m[1] if m else "LIS002"
            name, text = _schema_text(details)
            if name and (code, nid, name) in seen:
                continue
            seen.add((code, nid, name))
            message = f"{nid}: {text}."
            if user := details.get("user_msg"):
                message += f" {user}"
            file, line = _need_field_location(nid, need, name, ctx)
            findings.append(Finding(code, ctx.settings.severity_of(code), file, line, nid, message))
    return findings


def _need_field_location(nid: str, need: dict[str, Any], name: str, ctx: _Context) -> tuple[str, int]:
    if nid in ctx.index.locations:
        file, line = ctx.index.locations[nid]
        return file, ctx.index.field_lines.get(nid, {}).get(name, line) if name else line
    file = _page_path(ctx.root, need.get("docname") or "index")
    line = int(need.get("lineno") or 1)
    if name:
        line = field_line(str(ctx.root / file), line, name)
    return file, line


# ---------------------------------------------------------------- the gate


def run_gate(project: Project, today: dt.date, *, cache: Path | None = None) -> list[Finding]:
    """Every finding for ``project`` as of ``today``, ordered by file and line.

    ``cache`` is where Sphinx's environment is kept between runs (default:
    ``cache_dir(project)``). Raises ProjectError (exit 2) when the gate cannot run
    at all: bad settings, or a configuration Sphinx cannot start with.
    """
    settings = GateSettings.from_dict(project.settings)
    _lines.cache_clear()
    index = catalog_index(project.root)
    checked = preflight(project, settings, index)
    findings = checked.findings
    if checked.blocking:
        return ordered(findings)
    ctx = _Context(project, settings, index)
    overrides = {"lis_today": today.isoformat(), "lis_rules": False}
    try:
        result = build_needs(project.root, cache or cache_dir(project), overrides)
    except BuildCrash as crash:
        findings.append(_crash_finding(crash, ctx))
        return ordered(findings)
    for msg in result.messages:
        if (finding := map_message(msg, ctx)) is not None:
            findings.append(finding)
    try:
        needs = load_needs(result.needs_json)
    except (OSError, ValueError, KeyError) as err:
        raise ProjectError(f"sphinx-needs skrev ingen läsbar needs.json ({err}).") from err
    needs = {nid: n for nid, n in needs.items() if not n.get("is_external")}
    rules = evaluate(needs, settings, today, need_locations(needs, project.root, index), revisions=index.revisions)
    # A schema named after a code evaluate() decides (LIS010) makes a plain
    # sphinx-build fail too; here evaluate() is the one definition (checks/coverage.py).
    findings.extend(f for f in schema_findings(result.schema_json, needs, ctx) if f.code not in EVALUATED)
    findings.extend(rules)
    return ordered(findings)
