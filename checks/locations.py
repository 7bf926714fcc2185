"""Where things are: paths relative to the project, the line of each need and field.

Every finding points at the file a person edits: a requirement at its entry in
``requirements/*.yaml``, any other need at its line in its Markdown page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from checks.boundary import walk
from checks.applicability import load_applicability
from checks.catalog import Catalog, CatalogProblem, catalog_files, load_catalog
from checks.project import Project
from checks.settings import CatalogPin
from checks.shared_catalog import SharedCatalog, is_shared_argument, load_shared

Locations = dict[str, tuple[str, int]]
_OPTION_ID = re.compile(r"^\s*:id:\s*(?P<id>\S+)")


OUTSIDE = "(utanför projektet)"


def relative(root: Path, path: Path | str) -> str:
    """A path relative to the project root in posix form.

    A path outside the project is never shown (it may name the machine's own
    files): it becomes the word for "outside the project". A symlink inside the
    project keeps its own name.
    """
    p = Path(path)
    if not p.is_absolute():
        p = root / p
    for candidate in (Path(os.path.normpath(p)), _resolved(p)):
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            continue
    return OUTSIDE


def _resolved(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p



@dataclass
class CatalogIndex:
    """Where each requirement is written, and each catalog's revision date."""

    catalogs: list[Catalog] = field(default_factory=list)  # the project's own files
    locations: dict[str, tuple[str, int]] = field(default_factory=dict)
    field_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    revisions: dict[str, str] = field(default_factory=dict)
    # the sources of the city's shared catalog, when the project pins one
    shared: list[Catalog] = field(default_factory=list)
    shared_catalog: SharedCatalog | None = None
    # what is wrong with the pinned catalog (LIS009) or the office's tillamplighet.yaml
    shared_problems: list[CatalogProblem] = field(default_factory=list)
    # shared sources that no page shows with {catalog} SOURCE (LIS007)
    unshown_shared: list[str] = field(default_factory=list)

    @property
    def all_catalogs(self) -> list[Catalog]:
        """Every requirement source: the own catalog files, then the shared sources."""
        return [*self.catalogs, *self.shared]


_NO_PIN = object()


def catalog_index(root: Path, catalogs: Iterable[Catalog] | None = None, pin: Any = _NO_PIN) -> CatalogIndex:
    """Index the catalogs of a project (loading them unless given), the pinned shared
    catalog's sources included (``pin``: the project's ``shared_catalog``, read from
    its settings unless given)."""
    loaded = list(catalogs) if catalogs is not None else [load_catalog(p) for p in catalog_files(root)]
    index = CatalogIndex(catalogs=loaded)
    if pin is _NO_PIN:
        pin = _pin_of(root)
    if pin is not None:
        _add_shared(index, root, pin)
    for catalog in index.all_catalogs:
        rel = relative(root, catalog.path)
        if catalog.source and catalog.source.revised:
            index.revisions.setdefault(catalog.source.id, catalog.source.revised)
        for req in catalog.requirements:
            if req.id not in index.locations:
                index.locations[req.id] = (relative(root, req.path) if req.path else rel, req.line)
                index.field_lines[req.id] = dict(req.field_lines)
    return index


def _pin_of(root: Path) -> CatalogPin | None:
    from checks.errors import ProjectError
    from checks.project import read_settings

    try:
        return read_settings(root).shared_catalog
    except ProjectError:
        return None  # reported where the settings are read for the command


def _add_shared(index: CatalogIndex, root: Path, pin: CatalogPin) -> None:
    """The pinned catalog's sources as catalogs located in the office: each requirement
    at the ``{catalog}`` directive that shows its source, or at its entry in
    tillamplighet.yaml when the office judged it not applicable."""
    shared = load_shared(root, pin)
    index.shared_catalog = shared
    pyproject = root / "pyproject.toml"
    if shared.problem:
        index.shared_problems.append(
            CatalogProblem("shared", pyproject, pin.line or 1, f"Den delade kravkatalogen kan inte läsas: {shared.problem}.")
        )
        return
    applicability = load_applicability(root)
    index.shared_problems.extend(applicability.problems)
    pages = shared_pages(root)
    own = {req.id for catalog in index.catalogs for req in catalog.requirements}
    for need_id, entry in applicability.entries.items():
        if need_id in own:
            message = f"{need_id} finns i kontorets egen katalog: ange applicable och justification där."
        elif shared.record(need_id) is None:
            message = f"{need_id} finns inte i den delade katalogen (version {pin.version}). Rätta id:t eller ta bort posten."
        else:
            continue
        index.shared_problems.append(CatalogProblem("data", applicability.path, entry.line, message, need_id=need_id))
    for source_id, one in shared.sources.items():
        if source_id not in pages:
            index.unshown_shared.append(source_id)
        page, line = pages.get(source_id, (pyproject, pin.line or 1))
        requirements = []
        for req in one.requirements:
            req.line = line
            if (decided := applicability.entries.get(req.id)) is not None:
                req.applicable, req.justification = False, decided.justification
                req.path, req.line = applicability.path, decided.line
            requirements.append(req)
        index.shared.append(
            Catalog(
                path=page,
                source=one.source,
                requirements=requirements,
                problems=[],
                ids=[(req.id, req.line) for req in requirements],
                shared=True,
            )
        )


_SHARED_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{catalog\}\s+(?P<arg>\S+)\s*$")


def shared_pages(root: Path) -> dict[str, tuple[Path, int]]:
    """source id → (page, line) of the first ``{catalog} SOURCE`` directive showing it."""
    found: dict[str, tuple[Path, int]] = {}
    for page in markdown_files(Project(root=root)):
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if "{catalog}" not in text:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            m = _SHARED_DIRECTIVE.match(line)
            if m and is_shared_argument(m["arg"]):
                found.setdefault(m["arg"], (page, number))
    return found


def need_locations(needs: dict[str, dict[str, Any]], root: Path, index: CatalogIndex | None = None) -> Locations:
    """need id → (file, line): a requirement's YAML entry, any other need's page line."""
    index = index or catalog_index(root)
    locations: dict[str, tuple[str, int]] = {}
    pages: dict[str, str] = {}  # docname → file: looked up once per page, not once per need
    for nid, need in needs.items():
        if nid in index.locations:
            locations[nid] = index.locations[nid]
        else:
            docname = need.get("docname") or "index"
            if docname not in pages:
                pages[docname] = page_path(root, docname)
            locations[nid] = (pages[docname], int(need.get("lineno") or 1))
    return locations


def page_path(root: Path, docname: str) -> str:
    for suffix in (".md", ".rst"):
        candidate = root / "docs" / f"{docname}{suffix}"
        if candidate.is_file():
            return relative(root, candidate)
    return f"docs/{docname}.md"


def markdown_files(project: Project) -> list[Path]:
    """The pages of the site: docs/**/*.md without build output and hidden folders.

    Only the project's own files: a symlinked page or folder that leads out of
    the project, a device or a FIFO named *.md and a page over the size limit are
    left out (the pre-flight refuses them, LIS042, before Sphinx would follow them).
    """
    return sorted(
        entry.path
        for entry in walk(project.root, project.docs, skip=("_build",))
        if entry.ok
        and entry.path.suffix == ".md"
        and not any(part.startswith((".", "_build")) for part in entry.path.relative_to(project.docs).parts)
    )



@cache
def lines_of(path: str) -> tuple[str, ...]:
    try:
        return tuple(Path(path).read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def line_text(path: str, line: int) -> str:
    lines = lines_of(path)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def need_id_at(path: str, line: int) -> str:
    """The ``:id:`` in the option block of the directive that starts at ``line``."""
    lines = lines_of(path)
    for text in lines[line : line + 40]:
        if not text.strip() or text.strip().startswith(":::"):
            break
        if m := _OPTION_ID.match(text):
            return m["id"]
    return ""


def field_line(path: str, line: int, name: str) -> int:
    """The line of ``:name:`` in the option block of the directive at ``line``."""
    lines = lines_of(path)
    for offset, text in enumerate(lines[line : line + 40], start=line + 1):
        if not text.strip() or text.strip().startswith(":::"):
            break
        if text.strip().startswith(f":{name}:"):
            return offset
    return line
