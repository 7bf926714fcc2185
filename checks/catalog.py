"""Requirement catalogs: one ``requirements/*.yaml`` file per source.

The loader keeps the file and line of every requirement and every field, so a
finding can point at the line a person edits. It never raises for bad content:
problems come back as :class:`CatalogProblem` items with file, line and column.
The YAML is read by :mod:`checks.safeyaml`, which refuses what could lose data
(equal keys, aliases) or blow up (deep nesting); ids are checked by
:mod:`checks.idcheck` against the data model's pattern.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from checks.boundary import refusal
from checks.idcheck import id_pattern, id_problem
from checks.safeyaml import compose

SOURCE_KEYS = {"id", "title", "issuer", "version", "revised", "url", "description"}
REQUIREMENT_KEYS = {
    "id",
    "title",
    "ref",
    "text",
    "applicable",
    "justification",
    "applies_from",
    "changed",
    "derives",
    "tags",
}
DATE_KEYS = {"revised", "applies_from", "changed"}
# requirements/<this> is the office's statement of applicability for the city's shared
# requirements (checks/applicability.py), not a catalog
APPLICABILITY_FILE = "tillamplighet.yaml"


@dataclass
class CatalogProblem:
    """Something wrong in a catalog file, located in it (lines are 1-based)."""

    kind: str  # "parse" (LIS001) or "data" (LIS002)
    path: Path
    line: int
    message: str
    column: int = 0
    need_id: str = ""


@dataclass
class Requirement:
    id: str
    title: str
    ref: str
    text: str
    applicable: bool
    line: int
    justification: str = ""
    applies_from: str = ""
    changed: str = ""
    derives: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict)
    # where the entry a person edits is, when not in the catalog's own file (a shared
    # requirement the office has judged not applicable: its line in tillamplighet.yaml)
    path: Path | None = None


@dataclass
class Source:
    id: str
    title: str
    issuer: str = ""
    version: str = ""
    revised: str = ""
    url: str = ""
    description: str = ""
    line: int = 1


@dataclass
class Catalog:
    path: Path
    source: Source | None
    requirements: list[Requirement]
    problems: list[CatalogProblem]
    # every requirement id as written, with its line, valid or not: a refused id is
    # not in `requirements`, yet another catalog's id may look just like it
    ids: list[tuple[str, int]] = field(default_factory=list)
    # a source of the city's shared catalog: ``path`` is the office page that shows it
    # (or pyproject.toml when none does), no file of the office holds its entries
    shared: bool = False


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _scalar(node: Node) -> Any:
    """Resolve a scalar node to its Python value with the safe loader's rules."""
    # the safe loader's constructor alone: a whole SafeLoader (reader, scanner,
    # parser) per value cost more than the rest of reading a catalog
    constructor = SafeConstructor()
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, yaml.YAMLError):
        # e.g. the date 2025-02-30, which YAML reads as a timestamp: keep the text,
        # so the field's own check reports it with its line
        return node.value


def _as_date(value: Any) -> str | None:
    """ISO date string for a YAML date or a 'YYYY-MM-DD' string; None if invalid."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _mapping(node: Node) -> dict[str, tuple[Node, Node]]:
    return {
        str(k.value): (k, v) for k, v in node.value if isinstance(k, ScalarNode)
    }


# One check reads each catalog three times in one process (the gate's index, the
# catalog directive, the build's facts), and parsing one of 1000 requirements takes
# most of a second: a file read again with the same text under the same id rule
# gets the catalog read before. Catalogs are never changed after loading.
_LOADED: dict[Path, tuple[tuple[str, str | None], Catalog]] = {}
_LOADED_MAX = 64


def load_catalog(path: Path) -> Catalog:
    """Read one catalog file; every problem is reported, nothing raises."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        return _unreadable(path, line, "Filen är inte kodad i UTF-8. Spara den som UTF-8.")
    except OSError as err:
        return _unreadable(path, 1, f"Filen kan inte läsas: {err.strerror}.")
    pattern = id_pattern(path)
    key = (text, pattern.pattern if pattern is not None else None)
    known = _LOADED.get(path)
    if known is not None and known[0] == key:
        return known[1]
    catalog = _parse_catalog(path, text, pattern)
    if len(_LOADED) >= _LOADED_MAX:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[path] = (key, catalog)
    return catalog


def _unreadable(path: Path, line: int, message: str) -> Catalog:
    return Catalog(path=path, source=None, requirements=[], problems=[CatalogProblem("parse", path, line, message)])


def _parse_catalog(path: Path, text: str, pattern: re.Pattern[str] | None) -> Catalog:
    problems: list[CatalogProblem] = []
    catalog = Catalog(path=path, source=None, requirements=[], problems=problems)

    def problem(kind: str, line: int, message: str, column: int = 0, need_id: str = "") -> None:
        problems.append(CatalogProblem(kind, path, line, message, column, need_id))

    composed = compose(text)
    for found in composed.problems:
        # a refused or ambiguous file (syntax, aliases, depth, equal keys) is a parse error
        problem("parse", found.line, found.message, found.column)
    root = composed.root
    if composed.problems and root is None:
        return catalog

    if root is None:
        problem("data", 1, "Katalogen är tom. Den ska ha nycklarna 'source' och 'requirements'.")
        return catalog
    if not isinstance(root, MappingNode):
        problem("data", _line(root), "Katalogen ska vara en mappning med nycklarna 'source' och 'requirements'.")
        return catalog

    top = _mapping(root)
    for key, (knode, _) in top.items():
        if key not in {"source", "requirements"}:
            problem("data", _line(knode), f"Okänd nyckel '{key}' på toppnivå. Tillåtna: source, requirements.")

    catalog.source = _load_source(top.get("source"), root, problem)
    prefix = catalog.source.id if catalog.source else ""

    if "requirements" not in top:
        problem("data", _line(root), "Nyckeln 'requirements' saknas.")
        return catalog
    _, reqs_node = top["requirements"]
    if isinstance(reqs_node, ScalarNode) and reqs_node.value in ("", "~", "null"):
        return catalog
    if not isinstance(reqs_node, SequenceNode):
        problem("data", _line(reqs_node), "'requirements' ska vara en lista av krav.")
        return catalog
    for item in reqs_node.value:
        req = _load_requirement(item, prefix, pattern, catalog.ids, problem)
        if req is not None:
            catalog.requirements.append(req)
    return catalog


def _load_source(entry: tuple[Node, Node] | None, root: Node, problem: Any) -> Source | None:
    if entry is None:
        problem("data", _line(root), "Nyckeln 'source' saknas (källans id, titel, utgivare, version, datum).")
        return None
    knode, node = entry
    if not isinstance(node, MappingNode):
        problem("data", _line(node), "'source' ska vara en mappning med id, title, issuer, version, revised och url.")
        return None
    fields = _mapping(node)
    values: dict[str, str] = {}
    for key, (k, v) in fields.items():
        if key not in SOURCE_KEYS:
            problem("data", _line(k), f"Okänd nyckel '{key}' i 'source'. Tillåtna: {', '.join(sorted(SOURCE_KEYS))}.")
            continue
        if not isinstance(v, ScalarNode):
            problem("data", _line(v), f"'source.{key}' ska vara ett enkelt värde.")
            continue
        value = _scalar(v)
        if key in DATE_KEYS:
            iso = _as_date(value)
            if iso is None:
                problem("data", _line(v), f"'source.{key}' är inget giltigt datum (ÅÅÅÅ-MM-DD): {v.value!r}.")
                continue
            values[key] = iso
        else:
            values[key] = "" if value is None else str(value)
    for key in ("id", "title"):
        if not values.get(key):
            problem("data", _line(knode), f"'source.{key}' saknas.")
    if not values.get("id"):
        return None
    return Source(line=_line(knode), **{k: values.get(k, "") for k in SOURCE_KEYS})


def _load_requirement(
    node: Node, prefix: str, pattern: re.Pattern[str] | None, ids: list[tuple[str, int]], problem: Any
) -> Requirement | None:
    if not isinstance(node, MappingNode):
        problem("data", _line(node), "Varje krav ska vara en mappning med id, title, ref och text.")
        return None
    fields = _mapping(node)
    line = _line(node)
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key, (k, v) in fields.items():
        lines[key] = _line(k)
        if key not in REQUIREMENT_KEYS:
            problem("data", _line(k), f"Okänd nyckel '{key}' i kravet. Tillåtna: {', '.join(sorted(REQUIREMENT_KEYS))}.")
            continue
        if key in {"derives", "tags"}:
            if isinstance(v, SequenceNode) and all(isinstance(i, ScalarNode) for i in v.value):
                values[key] = [str(i.value) for i in v.value]
            elif isinstance(v, ScalarNode):
                values[key] = [s.strip() for s in str(v.value).split(",") if s.strip()]
            else:
                problem("data", _line(v), f"'{key}' ska vara en lista av id:n.")
            continue
        if not isinstance(v, ScalarNode):
            problem("data", _line(v), f"'{key}' ska vara ett enkelt värde, inte en lista eller mappning.")
            continue
        values[key] = _scalar(v)
    need_id = str(values.get("id") or "")
    if not need_id:
        problem("data", line, "Kravet saknar 'id'.")
        return None
    ids.append((need_id, lines.get("id", line)))
    bad_id = id_problem(need_id, pattern)
    if bad_id is not None:
        # refused, not published: sphinx-needs' own check (re.match) lets a trailing
        # newline through and has no rule for look-alike letters
        problem("data", lines.get("id", line), bad_id)
        return None
    for key in ("title", "ref", "text"):
        if values.get(key) in (None, ""):
            problem("data", lines.get(key, line), f"Krav {need_id} saknar '{key}'.", need_id=need_id)
    if prefix and not need_id.startswith(prefix + "-"):
        problem("data", lines.get("id", line), f"Krav-id {need_id} ska börja med källans prefix '{prefix}-'.", need_id=need_id)
    applicable = values.get("applicable", True)
    if not isinstance(applicable, bool):
        problem("data", lines.get("applicable", line), f"'applicable' i {need_id} ska vara true eller false.", need_id=need_id)
        applicable = True
    dates: dict[str, str] = {}
    for key in ("applies_from", "changed"):
        if key in values and values[key] is not None:
            iso = _as_date(values[key])
            if iso is None:
                problem("data", lines[key], f"'{key}' i {need_id} är inget giltigt datum (ÅÅÅÅ-MM-DD): {values[key]!s}.", need_id=need_id)
            else:
                dates[key] = iso
    return Requirement(
        id=need_id,
        title=str(values.get("title") or ""),
        ref=str(values.get("ref") or ""),
        text=str(values.get("text") or ""),
        applicable=applicable,
        line=lines.get("id", line),
        justification=str(values.get("justification") or ""),
        applies_from=dates.get("applies_from", ""),
        changed=dates.get("changed", ""),
        derives=values.get("derives", []),
        tags=values.get("tags", []),
        field_lines=lines,
    )


def catalog_files(root: Path) -> list[Path]:
    """The catalog files of a project, in a stable order."""
    folder = root / "requirements"
    if not folder.is_dir():
        return []
    # only the project's own files: a link out of requirements/, a device or a file
    # over the size limit is never read (the pre-flight refuses it, LIS042)
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in {".yaml", ".yml"}
        and p.name != APPLICABILITY_FILE  # the office's statement of applicability, not a catalog
        and p.is_file()
        and refusal(root, p, within=folder) is None
    )
