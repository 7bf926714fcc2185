"""What falls due, per owner role, as Markdown (a job summary, a pull request) or CSV (Excel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from checks.annual import by_owner, page_url
from checks.deadlines import Duty, sv_moment
from checks.exporters.csv_ import excel_csv
from checks.exporters.md import table_lines

HEADER = ["Ansvarig", "Datum", "Läge", "Vad", "ID", "Länk"]
NO_OWNER = "Ansvarig saknas"


def _when(duty: Duty) -> str:
    return sv_moment(duty.at) if duty.at is not None else duty.day.isoformat()


def _state(duty: Duty, today: dt.date) -> str:
    if duty.day < today:
        return "försenad"
    return "i dag" if duty.day == today else f"om {(duty.day - today).days} d"


def render_md(duties: list[Duty], needs: Mapping[str, Mapping[str, Any]], today: dt.date, days: int, site_url: str) -> bytes:
    lines = [f"# Att göra: försenat och det som förfaller inom {days} dagar", ""]
    lines.append(f"Per {today.isoformat()}, {len(duties)} {'uppgift' if len(duties) == 1 else 'uppgifter'}.")
    if not duties:
        lines += ["", "Inget är försenat och inget förfaller under perioden."]
    for owner, mine in by_owner(duties).items():
        lines += ["", f"## {owner or NO_OWNER}", ""]
        rows = [[_when(d), _state(d, today), d.title, d.need_id, page_url(needs, d.need_id, site_url)] for d in mine]
        lines += table_lines(HEADER[1:], rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_csv(duties: list[Duty], needs: Mapping[str, Mapping[str, Any]], today: dt.date, site_url: str) -> bytes:
    rows = []
    for owner, mine in by_owner(duties).items():
        rows += [
            [owner or NO_OWNER, _when(d), _state(d, today), d.title, d.need_id, page_url(needs, d.need_id, site_url)]
            for d in mine
        ]
    return excel_csv(HEADER, rows)
