"""The gate's pre-flight: every catalog and page read as a file before Sphinx runs.

Catalogs are loaded (LIS001 with line and column for a file that does not
parse, LIS002 for bad data, LIS003 for an id in two catalogs) and every page is
read as UTF-8 (LIS001). Pages and catalogs are scanned for personnummer
(LIS040). A file that cannot be read, a missing requirements/ folder or an id
used twice in the catalogs stops the gate here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checks.catalog import Catalog
from checks.findings import Finding, emit
from checks.idcheck import IdAt, lookalike_message, lookalikes
from checks.personnummer import personnummer_findings
from checks.locations import CatalogIndex, markdown_files, relative
from checks.project import Project
from checks.rules import Rule
from checks.settings import Settings


@dataclass
class Preflight:
    findings: list[Finding] = field(default_factory=list)
    # A file that cannot be read, a missing requirements/ folder or a requirement id
    # used twice in the catalogs (the catalog directive stops Sphinx on it) stops the
    # gate before the Sphinx run.
    blocking: bool = False


def preflight(project: Project, settings: Settings, index: CatalogIndex) -> Preflight:
    """Read every catalog and page before anything else runs."""
    root = project.root
    result = Preflight()
    findings = result.findings

    def add(
        rule: Rule, path: Path | str, line: int, message: str, need_id: str = "", blocking: bool = True
    ) -> None:
        findings.append(emit(settings, rule, relative(root, path), line, message, need_id))
        result.blocking = result.blocking or blocking

    if not project.requirements.is_dir():
        add(
            Rule.LIS001,
            project.requirements,
            1,
            "Mappen requirements/ saknas. Kraven läses från YAML-kataloger där, en fil per källa.",
        )
    seen: dict[str, tuple[str, int]] = {}
    for catalog in index.catalogs:
        for problem in catalog.problems:
            code = Rule.LIS001 if problem.kind == "parse" else Rule.LIS002
            need_id = problem.need_id or _req_at(catalog, problem.line)
            message = problem.message
            if need_id and need_id not in message:
                message = f"{need_id}: {message}"
            add(code, problem.path, problem.line, message, need_id, blocking=code == Rule.LIS001)
        for req in catalog.requirements:
            where = (relative(root, catalog.path), req.line)
            if req.id in seen and seen[req.id] != where:
                first = seen[req.id]
                add(
                    Rule.LIS003,
                    catalog.path,
                    req.line,
                    f"Krav-id {req.id} finns redan i {first[0]} rad {first[1]}. Ge kravet ett eget id.",
                    req.id,
                )
            seen.setdefault(req.id, where)
        text = _text(catalog.path)
        if text is not None:
            findings.extend(personnummer_findings(settings, relative(root, catalog.path), text))
    # an id a reader cannot tell from another one is the same id used twice
    written = (IdAt(i, relative(root, c.path), line) for c in index.catalogs for i, line in c.ids)
    for clash in lookalikes(written):
        add(Rule.LIS003, root / clash.id.file, clash.id.line, lookalike_message(clash))
    for page in markdown_files(project):
        try:
            data = page.read_bytes()
        except OSError as err:
            add(Rule.LIS001, page, 1, f"Sidan kan inte läsas: {err.strerror}.")
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            line = data[: err.start].count(b"\n") + 1
            add(Rule.LIS001, page, line, "Sidan är inte kodad i UTF-8. Spara den som UTF-8.")
            continue
        if not text.strip():
            # Sphinx reads an empty page without a word, and fails the site's build later
            add(Rule.LIS001, page, 1, "Sidan är tom. En sida ska ha en rubrik (# Rubrik) och innehåll, "
                "eller tas bort.", blocking=False)
        findings.extend(personnummer_findings(settings, relative(root, page), text))
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
