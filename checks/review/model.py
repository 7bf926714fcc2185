"""Reviews (type ``review``, id LG-ÅÅÅÅ): years, predecessors, decisions, folders.

A review is written in ``docs/genomgang/<år>/``; its decision (``BES-ÅÅÅÅ-nn``)
``adopts`` it and ``decides`` the next year's activities; a draft ``follows`` its
predecessor. Pure functions over needs.json-shaped dicts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checks.dates import add_months
from checks.needs import as_date, id_list

Need = Mapping[str, Any]
Needs = Mapping[str, Need]

FOLDER = Path("genomgang")  # under docs/
SNAPSHOT_NAME = "snapshot.json"
DRAFT = "utkast"
ADOPTED = "fastställd"
# Shown wherever a value the source does not give would stand (never invented).
UNKNOWN = "uppgift saknas"
# The years a review looks ahead: the three verksamhetsår after its own.
PERIOD_YEARS = 3

# When the review is due (or the date has passed), the draft plans it this far ahead.
PLAN_AHEAD_DAYS = 14

_REVIEW_ID = re.compile(r"^LG-(\d{4})$")


def planned_date(year: int, held_before: dt.date | None, max_age_months: int, today: dt.date) -> dt.date:
    """The date a new draft plans its fastställande for: 12 months after the previous
    review (1 December of the year without one), never a day that has passed."""
    due = add_months(held_before, max_age_months) if held_before else dt.date(year, 12, 1)
    return due if due >= today else today + dt.timedelta(days=PLAN_AHEAD_DAYS)


def review_id(year: int) -> str:
    return f"LG-{year}"


def year_of(review: Need | str) -> int | None:
    """The year of a review from its id (LG-2025 → 2025)."""
    nid = review if isinstance(review, str) else str(review.get("id", ""))
    match = _REVIEW_ID.match(nid)
    return int(match.group(1)) if match else None


def reviews(needs: Needs) -> list[Need]:
    """Every review, newest year first."""
    found = [n for n in needs.values() if n.get("type") == "review"]
    return sorted(found, key=lambda n: (year_of(n) or 0, str(n.get("id"))), reverse=True)


def is_adopted(review: Need) -> bool:
    return review.get("status") == ADOPTED


def period_years(review: Need) -> tuple[int, int] | None:
    """The first and last verksamhetsår a review plans for: ``period`` (2027–2029), else the id."""
    text = str(review.get("period") or "")
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    if years:
        return min(years), max(years)
    year = year_of(review)
    return (year + 1, year + PERIOD_YEARS) if year else None


def period_text(first: int, last: int) -> str:
    return f"{first}–{last}"


def previous_review(review: Need, needs: Needs) -> Need | None:
    """The review this one follows: its ``follows`` link, else the newest adopted earlier one."""
    for nid in id_list(review.get("follows")):
        if nid in needs:
            return needs[nid]
    year = year_of(review)
    if year is None:
        return None
    earlier = [n for n in reviews(needs) if is_adopted(n) and (year_of(n) or 0) < year]
    return earlier[0] if earlier else None


def decisions_of(review: Need, needs: Needs) -> list[Need]:
    """The decisions that adopt a review (``adopts``), in id order."""
    nid = review.get("id")
    return [n for _, n in sorted(needs.items()) if n.get("type") == "decision" and nid in id_list(n.get("adopts"))]


def decided_activities(review: Need, needs: Needs) -> list[str]:
    """The activities the decisions adopting ``review`` decide, in id order."""
    ids: set[str] = set()
    for decision in decisions_of(review, needs):
        ids.update(id_list(decision.get("decides")))
    return sorted(ids)


def next_due(review: Need, max_age_months: int) -> dt.date | None:
    held = as_date(review.get("date"))
    return add_months(held, max_age_months) if held else None


def folder(docs: Path, year: int) -> Path:
    """Where the pages of a year's review live."""
    return docs / FOLDER / str(year)


def snapshot_path(docs: Path, review: Need | str) -> Path | None:
    year = year_of(review)
    return folder(docs, year) / SNAPSHOT_NAME if year else None


def next_decision_id(needs: Needs, year: int) -> str:
    """The first free BES-<year>-nn."""
    taken = {nid for nid in needs if nid.startswith(f"BES-{year}-")}
    number = 1
    while f"BES-{year}-{number:02d}" in taken:
        number += 1
    return f"BES-{year}-{number:02d}"
