"""Every deadline lis computes, in one place: incident reports and the year's dated duties.

The gate (LIS036–LIS039), the site (the incident's clock, the start page, the
Årshjul page), the calendar and to-do exports and the review all ask this
module, so a deadline cannot differ between them.

Times are Europe/Stockholm (zoneinfo). A report deadline counted in hours is
elapsed time: 24 hours after detection is computed in UTC and shown in local
time, so it moves by an hour on the wall clock across a change to or from
daylight-saving time, and it runs through nights and weekends (the law counts
hours, not working days). A deadline counted in months (the final report, one
month after the incident notification) keeps the wall-clock time on the same
day of the next month (the 31st becomes the month's last day). lis never moves
a deadline to the next working day: meeting the earlier time is always in time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from checks.dates import add_months
from checks.needs import as_date, as_int

STOCKHOLM = ZoneInfo("Europe/Stockholm")
Need = Mapping[str, Any]

# A report due within this many hours is a warning (LIS039).
DUE_SOON = dt.timedelta(hours=12)
# How a time is written in a page: 2026-11-27 14:30 (or with T, seconds, an offset).
MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")


# ---------------------------------------------------------------- moments
def start_of(day: dt.date) -> dt.datetime:
    """00:00 in Stockholm on ``day``: the moment a date-only ``--today`` checks as of."""
    return dt.datetime.combine(day, dt.time(0, 0), STOCKHOLM)


def parse_moment(value: Any) -> dt.datetime | None:
    """A time written in a page, aware in Stockholm; None if missing or not a valid time.

    Without an offset the time is Stockholm's. An hour that occurs twice (the night
    daylight-saving time ends) is read as the first one, so a deadline is never late.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str) and MOMENT.match(value.strip()):
        try:
            moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=STOCKHOLM, fold=0)
    return moment.astimezone(STOCKHOLM)


def after_hours(moment: dt.datetime, hours: int) -> dt.datetime:
    """``hours`` of elapsed time after ``moment``, in Stockholm time."""
    return (moment.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(STOCKHOLM)


def after_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same wall-clock time ``months`` later in Stockholm (the 31st becomes the last day)."""
    local = moment.astimezone(STOCKHOLM)
    day = add_months(local.date(), months)
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), STOCKHOLM).astimezone(STOCKHOLM)


def sv_moment(moment: dt.datetime) -> str:
    """``2026-11-28 10:00`` in Stockholm time."""
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def hours_text(delta: dt.timedelta) -> str:
    """``3 tim 20 min``, ``2 dygn 4 tim`` (a duration as a reader compares it)."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} dygn {hours} tim"
    if hours and mins:
        return f"{hours} tim {mins} min"
    return f"{hours} tim" if hours else f"{mins} min"


def upper_first(text: str) -> str:
    """``Tidig varning`` (str.capitalize would also lower the rest: "imy")."""
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- incident clocks
@dataclass(frozen=True)
class Report:
    """One report an incident may owe: its field, its name and how its deadline is counted."""

    field: str  # the need field holding the time it was sent
    name: str  # Swedish, as the page and the messages say it
    receiver: str  # "csirt" (the [tool.lis] setting) or "IMY"
    basis: str  # the legal basis, as the page shows it
    hours: int = 0  # after detection
    months: int = 0  # after the incident notification (sent, or its deadline)


EARLY_WARNING = Report("early_warning", "tidig varning", "csirt", "2 kap. 5 § cybersäkerhetslagen", hours=24)
NOTIFICATION = Report("notification", "incidentanmälan", "csirt", "2 kap. 6 § cybersäkerhetslagen", hours=72)
FINAL_REPORT = Report("final_report", "slutrapport", "csirt", "2 kap. 8 § cybersäkerhetslagen", months=1)
IMY_REPORT = Report("imy_report", "anmälan av personuppgiftsincident", "IMY", "art. 33 dataskyddsförordningen", hours=72)
REPORTS = (EARLY_WARNING, NOTIFICATION, FINAL_REPORT, IMY_REPORT)


class ClockState(Enum):
    SENT = "skickad i tid"
    LATE = "skickad för sent"
    LATE_EXPLAINED = "skickad för sent, med skäl"
    OVERDUE = "saknas, fristen har passerat"
    DUE_SOON = "ska skickas inom 12 timmar"
    PENDING = "ska skickas"


@dataclass(frozen=True)
class Deadline:
    """One report of one incident: when it is due, when (if) it was sent, and its state as of ``now``."""

    report: Report
    due: dt.datetime
    sent: dt.datetime | None
    state: ClockState
    receiver: str

    @property
    def open(self) -> bool:
        return self.state in (ClockState.OVERDUE, ClockState.DUE_SOON, ClockState.PENDING)


def incident_deadlines(incident: Need, now: dt.datetime, csirt: str) -> list[Deadline]:
    """The reports an incident owes and their state as of ``now`` (empty when it owes none,
    or when the time it was detected is not known: the schema requires it then)."""
    detected = parse_moment(incident.get("detected"))
    if detected is None:
        return []
    owed = []
    if incident.get("significant") is True:
        owed += [EARLY_WARNING, NOTIFICATION, FINAL_REPORT]
    if incident.get("personal_data_breach") is True:
        owed.append(IMY_REPORT)
    explained = isinstance(incident.get("delay_reason"), str) and bool(incident["delay_reason"].strip())
    out = []
    for report in owed:
        if report.months:
            # one month after the incident notification; before it is sent, after its deadline
            base = parse_moment(incident.get(NOTIFICATION.field)) or after_hours(detected, NOTIFICATION.hours)
            due = after_months(base, report.months)
        else:
            due = after_hours(detected, report.hours)
        sent = parse_moment(incident.get(report.field))
        receiver = "Integritetsskyddsmyndigheten (IMY)" if report.receiver == "IMY" else csirt
        out.append(Deadline(report, due, sent, _state(due, sent, now, explained), receiver))
    return out


def _state(due: dt.datetime, sent: dt.datetime | None, now: dt.datetime, explained: bool) -> ClockState:
    if sent is not None:
        if sent <= due:
            return ClockState.SENT
        return ClockState.LATE_EXPLAINED if explained else ClockState.LATE
    if due < now:
        return ClockState.OVERDUE
    if due - now <= DUE_SOON:
        return ClockState.DUE_SOON
    return ClockState.PENDING


def next_clock_change(needs: Mapping[str, Need], now: dt.datetime, csirt: str) -> dt.datetime | None:
    """The first moment after ``now`` at which an incident's clock changes state (a report
    falls due within 12 hours, or its deadline passes): until then a stored result holds."""
    moments = []
    for need in needs.values():
        if need.get("type") != "incident":
            continue
        for d in incident_deadlines(need, now, csirt):
            if d.sent is None:
                moments += [m for m in (d.due - DUE_SOON, d.due) if m > now]
    return min(moments) if moments else None


# ---------------------------------------------------------------- objectives
MET_STATUSES = frozenset({"uppnått", "struket"})


def next_after(need: Need, date_field: str, interval_field: str) -> dt.date | None:
    """A need's date plus its interval in months: when it is next due (None if either is unknown)."""
    last = as_date(need.get(date_field))
    interval = as_int(need.get(interval_field))
    if last is None or interval is None or interval < 1:
        return None
    return add_months(last, interval)


def measurement_due(objective: Need) -> dt.date | None:
    """When an objective is next to be measured: measured + interval months (None if unknown)."""
    return next_after(objective, "measured", "measure_interval")


def objective_overdue(objective: Need, today: dt.date) -> bool:
    """Past its due date and neither met nor struck (LIS037)."""
    due = as_date(objective.get("due"))
    return due is not None and due < today and objective.get("status") not in MET_STATUSES


# ---------------------------------------------------------------- the year's duties
@dataclass(frozen=True)
class Duty:
    """Something someone must do by a date: one event in the calendar, one line on the Årshjul."""

    uid: str  # stable across exports: what and whose, never the date it falls on
    kind: str  # Swedish: granskning, omklassning, slutdatum, mätning, …
    title: str
    day: dt.date
    owner: str
    need_id: str = ""
    at: dt.datetime | None = None  # a deadline with a time of day (incident reports)
    rrule: str = ""  # a recurring duty: its recurrence rule (RFC 5545), day is its first date
    description: str = ""


def _owner(need: Need, *fields: str) -> str:
    for name in fields or ("owner",):
        value = need.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def need_duties(
    needs: Mapping[str, Need], now: dt.datetime, *, csirt: str, review_max_age_months: int = 12
) -> list[Duty]:
    """Every dated duty the needs carry, in date order.

    Re-reviews of routines in force, reclassifications of assets, due dates of open
    activities, objectives' next measurement and due date, the expiry of evidence
    (``valid_until``, or its date plus ``interval``), the next management review,
    and the reports open incidents owe.
    """
    from checks.assets import classification_due
    from checks.evaluate import DONE_ACTIVITY_STATUSES, is_reviewed_document, latest_review, review_due
    from checks.evidence import valid_until  # valid_until, or the date plus its interval

    out: list[Duty] = []
    for nid, need in sorted(needs.items()):
        if need.get("is_external"):
            continue
        kind = need.get("type")
        title = str(need.get("title") or nid)
        if is_reviewed_document(need) and (day := review_due(need)):
            out.append(Duty(f"{nid}-granskning", "granskning", f"Granska {nid} {title}", day, _owner(need), nid))
        elif kind == "asset" and (day := classification_due(need)):
            owner = _owner(need, "information_owner", "object_owner")
            out.append(Duty(f"{nid}-omklassning", "omklassning", f"Klassa om {nid} {title}", day, owner, nid))
        elif kind == "activity" and need.get("status") not in DONE_ACTIVITY_STATUSES | {"uppskjuten"}:
            if day := as_date(need.get("due")):
                out.append(Duty(f"{nid}-slutdatum", "slutdatum", f"{nid} {title} klar", day, _owner(need), nid))
        elif kind == "objective" and need.get("status") not in MET_STATUSES:
            if day := measurement_due(need):
                out.append(Duty(f"{nid}-matning", "mätning", f"Mät {nid} {title}", day, _owner(need), nid))
            if day := as_date(need.get("due")):
                out.append(Duty(f"{nid}-slutdatum", "måldatum", f"{nid} {title} nått", day, _owner(need), nid))
        elif kind == "evidence" and (day := valid_until(need)):
            # evidence (belägg) that expires: its renewal is a duty of its owner
            out.append(Duty(f"{nid}-giltighet", "belägg går ut", f"Förnya {nid} {title}", day, _owner(need), nid))
        elif kind == "incident":
            for d in incident_deadlines(need, now, csirt):
                if d.open:
                    out.append(
                        Duty(
                            f"{nid}-{d.report.field}",
                            "incidentrapport",
                            f"{upper_first(d.report.name)} för {nid} till {d.receiver}",
                            d.due.date(),
                            _owner(need),
                            nid,
                            at=d.due,
                            description=f"Frist enligt {d.report.basis}.",
                        )
                    )
    latest = latest_review(needs, now.date())
    held = as_date(latest.get("date")) if latest else None
    if latest is not None and held is not None:
        day = add_months(held, review_max_age_months)
        out.append(
            Duty(
                "LG-nasta",
                "ledningens genomgång",
                f"Ledningens genomgång LG-{day.year} fastställd",
                day,
                _owner(latest, "owner") or "Informationssäkerhetssamordnare",
                str(latest.get("id") or ""),
                description=f"Senast {review_max_age_months} månader efter {latest.get('id')} ({held.isoformat()}).",
            )
        )
    return sorted(out, key=lambda d: (d.day, d.uid))


def within(duties: Iterable[Duty], start: dt.date, end: dt.date) -> list[Duty]:
    """Duties (recurring ones expanded) that fall on a day from ``start`` to ``end``, in date order."""
    from checks.recurring import occurrences

    out = []
    for duty in duties:
        if duty.rrule:
            out += [
                Duty(duty.uid, duty.kind, duty.title, day, duty.owner, duty.need_id, description=duty.description)
                for day in occurrences(duty, start, end)
            ]
        elif start <= duty.day <= end:
            out.append(duty)
    return sorted(out, key=lambda d: (d.day, d.at or start_of(d.day), d.uid))
