"""The year's duties as iCalendar (RFC 5545), written with the icalendar library.

One event per duty. A duty's UID is made of what it is and whose (``RUT-002-granskning``,
``arshjul-dso-arsrapport``), never of its date, so a calendar that subscribes to the
file moves the event when the date moves instead of adding a second one. A dated
duty is an all-day event; an incident report's deadline is an event at its minute
(in UTC, shown in local time by the calendar); a recurring duty carries its RRULE.
The same content and ``stamp`` give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from icalendar import Calendar, Event, vRecur

from checks.annual import page_url
from checks.deadlines import Duty

PRODID = "-//lis//Årshjul//SV"


def domain(office: str) -> str:
    """The right-hand side of every UID: the office, in ASCII (stable as long as the name is)."""
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})
    text = re.sub(r"[^a-z0-9]+", "-", office.translate(table).lower()).strip("-")
    return f"{text or 'lis'}.lis"


def render_ics(
    duties: Iterable[Duty],
    needs: Mapping[str, Mapping[str, Any]],
    *,
    name: str,
    office: str,
    site_url: str,
    stamp: dt.datetime,
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    right = domain(office)
    stamp_utc = stamp.astimezone(dt.UTC).replace(second=0, microsecond=0)
    for duty in duties:
        event = Event()
        event.add("uid", f"{duty.uid}@{right}")
        event.add("dtstamp", stamp_utc)
        event.add("summary", duty.title)
        if duty.at is not None:
            event.add("dtstart", duty.at.astimezone(dt.UTC))
            event.add("dtend", duty.at.astimezone(dt.UTC) + dt.timedelta(minutes=30))
        else:
            event.add("dtstart", duty.day)
            event.add("dtend", duty.day + dt.timedelta(days=1))
            event.add("transp", "TRANSPARENT")
        if duty.rrule:
            event.add("rrule", vRecur.from_ical(duty.rrule))
        event.add("categories", [duty.kind])
        url = page_url(needs, duty.need_id, site_url) if duty.need_id else ""
        lines = [f"Ansvarig: {duty.owner or 'uppgift saknas'}."]
        if duty.description:
            lines.append(duty.description)
        if url:
            event.add("url", url)
            lines.append(url)
        elif duty.need_id:
            lines.append(f"Se {duty.need_id} på LIS-webbplatsen.")
        event.add("description", "\n".join(lines))
        cal.add_component(event)
    return cal.to_ical()
