"""The traceability matrix: one row per requirement, with its coverage and what covers it.

Pure functions over needs.json-shaped dicts and the loaded catalogs, so the
``lis export matrix`` command and the site's *Spårbarhetsmatris* page compute
the same rows. The coverage state comes from :mod:`checks.coverage` (one
definition for the gate, the site and the matrix).

Columns, as the coordinator reads them:

- *Uppfylls av*: every routine, training or other non-activity need whose
  ``fulfils`` points at the requirement, with its status when it does not count
  (an ``utkast`` or an ``upphävd`` routine);
- *Uppfylls delvis av*: the same for ``partly_fulfils``;
- *Aktiviteter*: every activity that fulfils it or part of it, with its status
  ("delvis" for a ``partly_fulfils`` link);
- *Ansvarig*: the owners of those needs, each once;
- *Senast granskad*: the latest ``reviewed`` among the fulfilling routines and
  trainings that count (the ones that make the requirement *uppfylld*);
- *Motivering*: the justification of a requirement that is not applicable.

Order: the catalogs in file order (``requirements/*.yaml`` sorted by name), each
in YAML order; requirements that no catalog holds (a ``req`` written in a page,
or imported) come last, by source and id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks.catalog import Catalog
from checks.coverage import (
    COVERAGE_ORDER,
    Coverage,
    coverage_of,
    fulfillers,
    is_inherited,
    is_live_fulfiller,
    is_open_activity,
    partial_fulfillers,
)

Need = Mapping[str, Any]

# Column titles of the tabular formats (xlsx, csv, html, md), in order.
COLUMNS = (
    "Källa",
    "Krav-ID",
    "Referens",
    "Titel",
    "Tillämplig",
    "Täckning",
    "Uppfylls av",
    "Uppfylls delvis av",
    "Aktiviteter",
    "Ansvarig",
    "Senast granskad",
    "Motivering (ej tillämplig)",
)

# Accepted spellings of the coverage states for --only (the value itself, or
# with '-' / '_' for the space, so 'ej-tillämplig' needs no quotes in a shell).
_STATE_NAMES = {c.value: c for c in Coverage}


def parse_states(text: str) -> list[Coverage]:
    """Coverage states from 'ospårad,planerad'; ValueError names a bad one."""
    states: list[Coverage] = []
    for part in text.split(","):
        name = " ".join(part.strip().lower().replace("-", " ").replace("_", " ").split())
        if not name:
            continue
        if name not in _STATE_NAMES:
            allowed = ", ".join(c.value for c in COVERAGE_ORDER)
            raise ValueError(f"okänt täckningsläge {part.strip()!r}; tillåtna är {allowed}")
        if _STATE_NAMES[name] not in states:
            states.append(_STATE_NAMES[name])
    if not states:
        raise ValueError("ange minst ett täckningsläge")
    return states


@dataclass(frozen=True)
class Linked:
    """A need that fulfils a requirement, as the matrix shows it."""

    id: str
    type: str
    title: str
    status: str
    owner: str
    reviewed: str
    docname: str
    counts: bool  # makes the requirement covered (routine, training) or planerad (activity)
    inherited: bool = False  # a function of the city's (tag ärvd)
    partial: bool = False  # linked with partly_fulfils

    def notes(self) -> list[str]:
        """What the coordinator must know beside the id: the status when the need
        does not count, 'delvis' for an activity's partial link."""
        notes = []
        if not self.counts and self.status:
            notes.append(self.status)
        if self.partial and self.type == "activity":
            notes.append("delvis")
        return notes

    def label(self) -> str:
        """'RUT-002 Rutin för … ' with the notes in brackets."""
        text = f"{self.id} {self.title}".strip()
        if notes := self.notes():
            text += f" ({', '.join(notes)})"
        return text

    def short(self) -> str:
        """The id, with the notes in brackets."""
        notes = self.notes()
        return f"{self.id} ({', '.join(notes)})" if notes else self.id


@dataclass(frozen=True)
class MatrixRow:
    source: str
    id: str
    ref: str
    title: str
    applicable: bool
    coverage: Coverage
    fulfilled_by: tuple[Linked, ...] = ()
    partly_fulfilled_by: tuple[Linked, ...] = ()
    activities: tuple[Linked, ...] = ()
    owners: tuple[str, ...] = ()
    last_reviewed: str = ""
    justification: str = ""
    docname: str = ""
    external_url: str = ""
    file: str = ""  # the catalog the requirement is written in, relative to the root
    line: int = 0

    def url(self, site_url: str) -> str:
        """Where the requirement is published: ``<site_url>/<docname>.html#<ID>``; '' if unknown."""
        if self.external_url:
            return self.external_url
        if not site_url or not self.docname:
            return ""
        return f"{site_url.rstrip('/')}/{self.docname}.html#{self.id}"


@dataclass(frozen=True)
class SourceSummary:
    """Coverage of one source: counts per coverage state."""

    source: str
    title: str
    counts: Mapping[Coverage, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def applicable(self) -> int:
        return self.total - self.counts.get(Coverage.NOT_APPLICABLE, 0)

    def share(self, state: Coverage) -> float:
        """The part in ``state``, 0–1: of the applicable requirements (the one definition
        of coverage on every page and export, "av tillämpliga krav"); for *ej
        tillämplig* itself, of all the source's requirements."""
        whole = self.total if state is Coverage.NOT_APPLICABLE else self.applicable
        return self.counts.get(state, 0) / whole if whole else 0.0


@dataclass
class Matrix:
    """What an exporter writes: the rows to list and the coverage per source."""

    rows: list[MatrixRow]
    summary: list[SourceSummary]
    source_titles: dict[str, str] = field(default_factory=dict)
    only: tuple[Coverage, ...] = ()  # the --only filter, empty for all rows
    source: str = ""  # the --source filter
    site_url: str = ""
    as_of: str = ""  # [tool.lis] content_as_of: fixed metadata for the xlsx
    checked: str = ""  # the date the coverage is computed for (ÅÅÅÅ-MM-DD), stated in the xlsx

    @property
    def total(self) -> SourceSummary:
        counts = {c: sum(s.counts[c] for s in self.summary) for c in COVERAGE_ORDER}
        return SourceSummary("", "Totalt", counts)

    def selection(self) -> str:
        """The filters in words ('' when the whole matrix is listed)."""
        parts = []
        if self.source:
            parts.append(f"källa {self.source}")
        if self.only:
            parts.append("täckning " + ", ".join(c.value for c in self.only))
        return "; ".join(parts)


def _linked(need: Need, partial: bool = False) -> Linked:
    counts = is_open_activity(need) if need.get("type") == "activity" else is_live_fulfiller(need)
    return Linked(
        id=str(need.get("id") or ""),
        type=str(need.get("type") or ""),
        title=str(need.get("title") or ""),
        status=str(need.get("status") or ""),
        owner=str(need.get("owner") or ""),
        reviewed=str(need.get("reviewed") or ""),
        docname=str(need.get("docname") or ""),
        counts=counts,
        inherited=is_inherited(need),
        partial=partial,
    )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        if value:
            seen.setdefault(value, None)
    return tuple(seen)


def _relative(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return f"requirements/{path.name}"


def row_for(req: Need, needs: Mapping[str, Need], file: str = "", line: int = 0) -> MatrixRow:
    """The matrix row of one requirement need."""
    full = [_linked(n) for n in fulfillers(req, needs)]
    part = [_linked(n, partial=True) for n in partial_fulfillers(req, needs)]
    linked = full + part
    fulfilled_by = tuple(n for n in full if n.type != "activity")
    partly_fulfilled_by = tuple(n for n in part if n.type != "activity")
    # an activity linked both ways is listed once, as fulfilling
    full_ids = {n.id for n in full}
    activities = tuple(
        sorted(
            (n for n in linked if n.type == "activity" and not (n.partial and n.id in full_ids)),
            key=lambda n: n.id,
        )
    )
    reviewed = [n.reviewed for n in fulfilled_by + partly_fulfilled_by if n.counts and n.reviewed]
    return MatrixRow(
        source=str(req.get("source") or ""),
        id=str(req.get("id") or ""),
        ref=str(req.get("ref") or ""),
        title=str(req.get("title") or ""),
        applicable=req.get("applicable") is not False,
        coverage=coverage_of(req, needs),
        fulfilled_by=fulfilled_by,
        partly_fulfilled_by=partly_fulfilled_by,
        activities=activities,
        owners=_unique(n.owner for n in linked),
        last_reviewed=max(reviewed) if reviewed else "",
        justification=str(req.get("justification") or ""),
        docname=str(req.get("docname") or ""),
        external_url=str(req.get("external_url") or "") if req.get("is_external") else "",
        file=file,
        line=line,
    )


def matrix_rows(needs: Mapping[str, Need], catalogs: Sequence[Catalog], root: Path | None = None) -> list[MatrixRow]:
    """One row per requirement, in catalog file order and then YAML order.

    A requirement in a catalog that no page renders is still a row (nothing can
    fulfil it, so it is *ospårad* unless marked not applicable); ``req`` needs
    that no catalog holds follow, by source and id.
    """
    rows: list[MatrixRow] = []
    done: set[str] = set()
    for catalog in catalogs:
        file = _relative(catalog.path, root)
        source_id = catalog.source.id if catalog.source else ""
        for req in catalog.requirements:
            if req.id in done:
                continue  # an id in two catalogs: the gate reports it (LIS003); one row
            done.add(req.id)
            need = needs.get(req.id)
            if need is None or need.get("type") != "req":
                need = {
                    "id": req.id,
                    "type": "req",
                    "title": req.title,
                    "source": source_id,
                    "ref": req.ref,
                    "applicable": req.applicable,
                    "justification": req.justification,
                }
            rows.append(row_for(need, needs, file, req.line))
    rest = [n for nid, n in needs.items() if n.get("type") == "req" and nid not in done]
    rest.sort(key=lambda n: (str(n.get("source") or ""), str(n.get("id") or "")))
    rows.extend(row_for(n, needs) for n in rest)
    return rows


def source_titles(catalogs: Sequence[Catalog]) -> dict[str, str]:
    return {c.source.id: c.source.title or c.source.id for c in catalogs if c.source and c.source.id}


def summary(rows: Sequence[MatrixRow], titles: Mapping[str, str] | None = None) -> list[SourceSummary]:
    """Coverage counts per source, in the order the sources first appear in ``rows``."""
    titles = titles or {}
    counts: dict[str, dict[Coverage, int]] = {}
    for row in rows:
        per_source = counts.setdefault(row.source, {c: 0 for c in COVERAGE_ORDER})
        per_source[row.coverage] += 1
    return [SourceSummary(s, titles.get(s, s or "Utan källa"), c) for s, c in counts.items()]


def build_matrix(
    needs: Mapping[str, Need],
    catalogs: Sequence[Catalog],
    root: Path | None = None,
    *,
    source: str = "",
    only: Sequence[Coverage] = (),
    site_url: str = "",
    as_of: str = "",
    checked: str = "",
) -> Matrix:
    """The matrix to export: the summary covers the chosen source (or all), the rows
    are further limited to the ``only`` coverage states."""
    rows = matrix_rows(needs, catalogs, root)
    if source:
        rows = [r for r in rows if r.source == source]
    titles = source_titles(catalogs)
    listed = [r for r in rows if r.coverage in only] if only else rows
    return Matrix(
        rows=listed,
        summary=summary(rows, titles),
        source_titles=titles,
        only=tuple(only),
        source=source,
        site_url=site_url,
        as_of=as_of,
        checked=checked,
    )


def sources_of(needs: Mapping[str, Need], catalogs: Sequence[Catalog]) -> list[str]:
    """Every source id known from the catalogs or the requirement needs."""
    found = [c.source.id for c in catalogs if c.source and c.source.id]
    found += sorted({str(n.get("source")) for n in needs.values() if n.get("type") == "req" and n.get("source")})
    return list(_unique(found))
