"""The year's duties of a project (the årshjul): what the calendar, the to-do list and the
Årshjul page show, from the needs (checks.deadlines) and ``arshjul.yaml`` (checks.recurring).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import recurring
from checks.dates import add_months
from checks.deadlines import Duty, need_duties, within
from checks.settings import Settings


@dataclass(frozen=True)
class Year:
    """Every duty with a date (recurring ones as rules) and the recurring ones whose time is unknown."""

    duties: list[Duty]
    untimed: list[recurring.Recurring] = field(default_factory=list)

    def between(self, start: dt.date, end: dt.date) -> list[Duty]:
        return within(self.duties, start, end)

    def twelve_months(self, today: dt.date) -> list[Duty]:
        """From ``today`` up to the day before the same day a year later, recurring ones expanded."""
        return self.between(today, add_months(today, 12) - dt.timedelta(days=1))

    def falling_due(self, today: dt.date, days: int) -> list[Duty]:
        """What is late (a dated duty before today, still open) and what falls due within ``days``."""
        late = [d for d in self.duties if not d.rrule and d.day < today]
        return sorted(late, key=lambda d: (d.day, d.uid)) + self.between(today, today + dt.timedelta(days=days))


def year_of(needs: Mapping[str, Mapping[str, Any]], now: dt.datetime, settings: Settings, root: Path) -> Year:
    """The project's year as of ``now``; ProjectError when arshjul.yaml cannot be read."""
    declared = recurring.load(root)
    duties = need_duties(
        needs, now, csirt=settings.csirt_receiver, review_max_age_months=settings.review_max_age_months
    )
    duties += [r.duty for r in declared if r.duty is not None]
    return Year(sorted(duties, key=lambda d: (d.day, d.uid)), [r for r in declared if r.duty is None])


def by_owner(duties: list[Duty]) -> dict[str, list[Duty]]:
    """Duties grouped by owner role (roles in name order, 'ansvarig saknas' last)."""
    groups: dict[str, list[Duty]] = {}
    for duty in duties:
        groups.setdefault(duty.owner or "", []).append(duty)
    return dict(sorted(groups.items(), key=lambda item: (item[0] == "", item[0].casefold())))


def page_url(needs: Mapping[str, Mapping[str, Any]], need_id: str, site_url: str) -> str:
    """The published page of a need (``site_url`` + page + anchor), or '' when unknown."""
    need = needs.get(need_id)
    if not site_url or need is None or not need.get("docname"):
        return ""
    return f"{site_url.rstrip('/')}/{need['docname']}.html#{need_id}"
