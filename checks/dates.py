"""The date a command checks as of, and date arithmetic the rules share."""

from __future__ import annotations

import calendar
import datetime as dt
import os
from dataclasses import dataclass

from checks.errors import ProjectError

TODAY_ENV = "LIS_TODAY"


@dataclass(frozen=True)
class Today:
    """The date checked as of and where it came from (``--today``, ``LIS_TODAY`` or the system)."""

    date: dt.date
    origin: str
    # The moment incident clocks are checked as of (aware, Europe/Stockholm): the
    # time given with --today (2026-12-05T14:30), the system's now, or None: the
    # start of ``date`` (checks.deadlines.start_of).
    moment: dt.datetime | None = None

    @property
    def now(self) -> dt.datetime:
        from checks.deadlines import start_of

        return self.moment or start_of(self.date)

    @property
    def stamp(self) -> str:
        """The date, or the date and time, as --today takes it (what a Sphinx run is given)."""
        return self.moment.strftime("%Y-%m-%dT%H:%M") if self.moment else self.date.isoformat()

    @property
    def origin_sv(self) -> str:
        return {"--today": "angivet med --today", TODAY_ENV: f"från miljövariabeln {TODAY_ENV}"}.get(
            self.origin, "systemets datum"
        )


def resolve(value: str | None = None) -> Today:
    """``--today``, else the environment variable LIS_TODAY, else the system date."""
    origin = "--today"
    if not value:
        value, origin = os.environ.get(TODAY_ENV, ""), TODAY_ENV
    if not value:
        from checks.deadlines import STOCKHOLM

        return Today(dt.date.today(), "system", dt.datetime.now(STOCKHOLM).replace(second=0, microsecond=0))
    text = value.strip()
    if len(text) > 10:
        # a date and a time: the incident clocks are checked as of that minute
        from checks.deadlines import parse_moment

        moment = parse_moment(text)
        if moment is None:
            raise ProjectError(
                f"{origin}: {value!r} är ingen giltig tidpunkt. Skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTTT:MM."
            )
        return Today(moment.date(), origin, moment)
    try:
        return Today(dt.date.fromisoformat(text), origin)
    except ValueError:
        raise ProjectError(f"{origin}: {value!r} är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD.") from None


def resolve_today(value: str | None = None) -> dt.date:
    """The date of :func:`resolve`."""
    return resolve(value).date


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
