"""The gate's rules for the year between two reviews: objectives (LIS035–LIS037) and
incident clocks (LIS038, LIS039). Called by checks.evaluate for each need; the dates
and deadlines come from checks.deadlines, the one place they are computed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from checks.deadlines import upper_first, ClockState, hours_text, incident_deadlines, measurement_due, objective_overdue, sv_moment
from checks.needs import as_date
from checks.rules import Rule
from checks.settings import Settings

Need = Mapping[str, Any]
Add = Callable[..., None]

# What an objective needs to be followed up, with the word the message uses.
OBJECTIVE_PARTS = {
    "indicator": "indikator (vad som mäts)",
    "target": "målvärde",
    "measure_interval": "mätintervall",
    "owner": "ansvarig",
}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_parts(objective: Need) -> list[str]:
    """What an objective lacks to be followed up (LIS035), in words."""
    return [word for name, word in OBJECTIVE_PARTS.items() if _blank(objective.get(name))]


def _listed(words: list[str]) -> str:
    """``a``, ``a och b``, ``a, b och c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} och {words[-1]}"


def objective_rules(need: Need, today: dt.date, add: Add) -> None:
    nid = need.get("id")
    missing = missing_parts(need)
    if missing:
        add(
            Rule.LIS035,
            need,
            f"Målet {nid} saknar {_listed(missing)}"
            + (" (målvärde saknas)" if "målvärde" in missing else "")
            + ". Skriv in det när det är beslutat; är det inte beslutat, ta upp det med förvaltningschefen.",
        )
    if not _blank(need.get("measure_interval")) and need.get("status") not in ("uppnått", "struket"):
        due = measurement_due(need)
        measured = as_date(need.get("measured"))
        if measured is None:
            add(
                Rule.LIS036,
                need,
                f"Målet {nid} ska mätas var {need.get('measure_interval')}:e månad men har ingen mätning. "
                "Mät indikatorn och skriv värdet i :current: och datumet i :measured:.",
            )
        elif due is not None and due < today:
            add(
                Rule.LIS036,
                need,
                f"Målet {nid} mättes senast {measured.isoformat()} och skulle ha mätts igen senast "
                f"{due.isoformat()} (intervall {need.get('measure_interval')} månader). Mät indikatorn och "
                "skriv värdet i :current: och datumet i :measured:.",
            )
    if objective_overdue(need, today):
        add(
            Rule.LIS037,
            need,
            f"Målet {nid} skulle ha nåtts {need.get('due')} men har status {need.get('status') or 'saknas'}. "
            "Sätt status uppnått om det är nått; annars ta upp det i ledningens genomgång.",
        )


def incident_rules(need: Need, now: dt.datetime, config: Settings, add: Add) -> None:
    nid = need.get("id")
    for d in incident_deadlines(need, now, config.csirt_receiver):
        what = f"{upper_first(d.report.name)} till {d.receiver} för {nid}"
        field = f":{d.report.field}:"
        if d.state is ClockState.OVERDUE:
            add(
                Rule.LIS038,
                need,
                f"{what} skulle ha skickats senast {sv_moment(d.due)} ({d.report.basis}), "
                f"{hours_text(now - d.due)} sedan, men {field} saknas. Skicka rapporten och skriv tiden i {field}.",
            )
        elif d.state is ClockState.LATE:
            assert d.sent is not None
            add(
                Rule.LIS038,
                need,
                f"{what} skickades {sv_moment(d.sent)}, {hours_text(d.sent - d.due)} efter fristen "
                f"{sv_moment(d.due)} ({d.report.basis}). Skriv skälen till förseningen i :delay_reason:.",
            )
        elif d.state is ClockState.DUE_SOON:
            add(
                Rule.LIS039,
                need,
                f"{what} ska skickas senast {sv_moment(d.due)}, om {hours_text(d.due - now)} "
                f"({d.report.basis}). Skriv tiden i {field} när den är skickad.",
            )


def objective_state(objective: Need, today: dt.date) -> str:
    """Where an objective stands, in the words of the start page and the review."""
    status = objective.get("status")
    if status in ("uppnått", "struket"):
        return str(status)
    if objective_overdue(objective, today):
        return "inte nått i tid"
    if _blank(objective.get("target")):
        return "målvärde saknas"
    if _blank(objective.get("measure_interval")):
        return "mätintervall saknas"
    if as_date(objective.get("measured")) is None:
        return "inte mätt"
    due = measurement_due(objective)
    if due is not None and due < today:
        return "mätningen är för gammal"
    return "följs upp"


# The states an objective is on track in (anything else is off target: the start page lists it).
ON_TRACK = frozenset({"uppnått", "struket", "följs upp"})
