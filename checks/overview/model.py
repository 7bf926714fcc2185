"""The city overview's figures: each office's published needs.json, read and summed.

Each office publishes its site with ``needs.json`` (sphinx-needs' own export, the
same file ``lis build`` writes). The overview reads the current version of each
with the ub-needs-exchange reader and computes, with the same functions as the
office's own start page and gate: the latest management review, coverage per
source, documents past their review date, activities past their due date and high
risks. An office whose file is missing or unreadable keeps its row, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ub_needs_exchange as exchange

from checks.coverage import Coverage, coverage_of
from checks.evaluate import latest_review, overdue_activities, risk_value, stale_documents, treaters
from checks.needs import as_date
from checks.settings import OfficeSource
from checks.shared_catalog import MAX_CATALOG_BYTES, fetch
from checks.site.dashboard import MET


@dataclass
class OfficeFigures:
    """One office as the overview shows it; ``problem`` says why its file could not be read."""

    name: str
    where: str
    problem: str = ""
    review_id: str = ""
    review_date: str = ""
    review_status: str = ""
    case_number: str = ""
    adopted_this_year: bool = False
    by_source: dict[str, Counter[Coverage]] = field(default_factory=dict)
    source_titles: dict[str, str] = field(default_factory=dict)
    overdue_documents: list[str] = field(default_factory=list)
    overdue_activities: list[str] = field(default_factory=list)
    high_risks: list[str] = field(default_factory=list)
    untreated_risks: list[str] = field(default_factory=list)

    @property
    def readable(self) -> bool:
        return not self.problem

    @property
    def totals(self) -> Counter[Coverage]:
        total: Counter[Coverage] = Counter()
        for counts in self.by_source.values():
            total.update(counts)
        return total

    @property
    def applicable(self) -> int:
        return sum(n for state, n in self.totals.items() if state is not Coverage.NOT_APPLICABLE)

    @property
    def met(self) -> int:
        return sum(n for state, n in self.totals.items() if state in MET)


@dataclass
class City:
    offices: list[OfficeFigures]
    today: dt.date

    @property
    def readable(self) -> list[OfficeFigures]:
        return [o for o in self.offices if o.readable]


def read_text(root: Path, where: str) -> tuple[bytes | None, str]:
    """The bytes of an office's needs.json (a path relative to the overview, or an address)."""
    if where.lower().startswith(("https://", "http://", "file://")):
        data, reason = fetch(where)
        return data, (f"adressen kan inte hämtas: {reason}" if data is None else "")
    path = Path(where) if Path(where).is_absolute() else root / where
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CATALOG_BYTES + 1)
    except FileNotFoundError:
        return None, "filen finns inte"
    except OSError as err:
        return None, f"filen kan inte läsas: {err.strerror or err}"
    if len(data) > MAX_CATALOG_BYTES:
        return None, f"filen är större än {MAX_CATALOG_BYTES // (1024 * 1024)} MB"
    return data, ""


def office_figures(root: Path, office: OfficeSource, today: dt.date, risk_threshold: int) -> OfficeFigures:
    figures = OfficeFigures(name=office.name, where=office.needs)
    data, problem = read_text(root, office.needs)
    if data is None:
        figures.problem = problem
        return figures
    try:
        version = exchange.parse(data).select_version(None)
    except exchange.ExchangeError as err:
        figures.problem = f"ingen läsbar needs.json ({err.message})"
        return figures
    needs = {r.key: r.fields for r in version.records() if not r.fields.get("is_external")}
    if not needs:
        figures.problem = "filen har inga objekt"
        return figures
    _fill(figures, needs, today, risk_threshold)
    return figures


def _fill(figures: OfficeFigures, needs: dict[str, dict[str, Any]], today: dt.date, threshold: int) -> None:
    reviews = [n for n in needs.values() if n.get("type") == "review" and as_date(n.get("date"))]
    adopted = latest_review(needs, today)
    shown = adopted or (max(reviews, key=lambda n: (as_date(n.get("date")), str(n.get("id")))) if reviews else None)
    if shown is not None:
        figures.review_id = str(shown.get("id") or "")
        figures.review_date = str(shown.get("date") or "")
        figures.review_status = str(shown.get("status") or "")
        figures.case_number = str(shown.get("case_number") or "")
    held = as_date(adopted.get("date")) if adopted else None
    figures.adopted_this_year = held is not None and held.year == today.year
    for need in sorted(needs.values(), key=lambda n: str(n.get("id"))):
        if need.get("type") != "req":
            continue
        source = str(need.get("source") or "okänd källa")
        figures.by_source.setdefault(source, Counter())[coverage_of(need, needs)] += 1
        if need.get("source_title"):
            figures.source_titles.setdefault(source, str(need["source_title"]))
    figures.by_source = dict(sorted(figures.by_source.items()))
    figures.overdue_documents = [str(n["id"]) for n in stale_documents(needs, today)]
    figures.overdue_activities = [str(n["id"]) for n in overdue_activities(needs, today)]
    high = [
        n
        for _, n in sorted(needs.items())
        if n.get("type") == "risk" and n.get("status") != "accepterad" and (risk_value(n) or 0) >= threshold
    ]
    figures.high_risks = [str(n["id"]) for n in high]
    figures.untreated_risks = [str(n["id"]) for n in high if not treaters(n, needs)]


def collect(root: Path, offices: list[OfficeSource], today: dt.date, risk_threshold: int) -> City:
    """Every office of the overview, in the order [tool.lis] lists them."""
    return City([office_figures(root, office, today, risk_threshold) for office in offices], today)
