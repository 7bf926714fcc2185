"""The Årshjul page: the next twelve months, month by month, and the calendar to download.

The duties are checks.annual's (the same as ``lis export calendar``); the file
``arshjul.ics`` beside the start page is written by checks.sphinxext.calendar_file
from the same year, so the page and the calendar never disagree.
"""

from __future__ import annotations

import datetime as dt

from checks.annual import Year, year_of
from checks.dates import add_months
from checks.deadlines import Duty, sv_moment
from checks.errors import ProjectError
from checks.settings import Settings
from checks.site.context import SiteContext
from checks.site.html import MONTHS, esc, need_link, plural, sv_date, table

ICS_NAME = "arshjul.ics"


def calendar_href(ctx: SiteContext) -> str:
    """The calendar file at the site's root, relative to the page being written."""
    index = ctx.doc_uri("index")
    return index[: -len("index.html")] + ICS_NAME if index.endswith("index.html") else ICS_NAME


def project_year(ctx: SiteContext) -> Year | None:
    """The year of the site's project; None (nothing to show) without a project folder."""
    if ctx.root is None:
        return None
    return year_of(ctx.needs, ctx.moment, Settings.from_dict(ctx.settings), ctx.root)


def _row(ctx: SiteContext, duty: Duty) -> list[str]:
    day = f"{duty.day.day} {MONTHS[duty.day.month - 1]}"
    if duty.at is not None:
        day += " " + sv_moment(duty.at)[-5:]  # an incident report's deadline has its minute
    day = f'<span class="lis-nowrap">{esc(day)}</span>'
    what = esc(duty.title)
    if duty.need_id and ctx.uri(duty.need_id):
        # the id in the title becomes the link to its page (a calendar's title keeps it as text)
        if duty.need_id in duty.title:
            what = what.replace(esc(duty.need_id), need_link(ctx, duty.need_id), 1)
        else:
            what += f" ({need_link(ctx, duty.need_id)})"
    return [day, what, esc(duty.kind), esc(duty.owner or "ansvarig saknas")]


def render_annual_wheel(ctx: SiteContext) -> str:
    try:
        year = project_year(ctx)
    except ProjectError as err:
        return f'<p class="lis-alert">Årshjulet kan inte visas: {esc(err)}</p>'
    if year is None:
        return "<p>Årshjulet visas bara när webbplatsen byggs ur ett lis-projekt.</p>"
    start = ctx.today
    end = add_months(start, 12) - dt.timedelta(days=1)
    coming = year.twelve_months(start)
    late = [d for d in year.duties if not d.rrule and d.day < start]
    out = ['<div class="lis-arshjul">']
    out.append(
        f"<p>Det som ska göras de kommande tolv månaderna, {esc(sv_date(start))} – {esc(sv_date(end))}: "
        f"{plural(len(coming), 'uppgift', 'uppgifter')}. "
        f'<a class="lis-download" href="{esc(calendar_href(ctx))}" download>Ladda ner årshjulet som kalender '
        f"({ICS_NAME})</a> – lägg till det i Outlook eller prenumerera på adressen, så flyttas en uppgift "
        "i kalendern när datumet ändras här.</p>"
    )
    if late:
        out.append(
            f'<p class="lis-warn-text">{plural(len(late), "uppgift", "uppgifter")} har redan passerat sitt datum '
            "och visas inte nedan; startsidan listar dem per ansvarig.</p>"
        )
    by_month: dict[tuple[int, int], list[Duty]] = {}
    for duty in coming:
        by_month.setdefault((duty.day.year, duty.day.month), []).append(duty)
    month = dt.date(start.year, start.month, 1)
    for _ in range(12 if start.day == 1 else 13):
        if month > end:
            break
        key = (month.year, month.month)
        heading = f"{MONTHS[month.month - 1].capitalize()} {month.year}"
        anchor = f"lis-arshjul-{month.year}-{month.month:02d}"
        out.append(f'<section class="lis-arshjul-month" aria-labelledby="{anchor}">')
        out.append(f'<h2 id="{anchor}">{esc(heading)}</h2>')
        mine = by_month.get(key, [])
        if mine:
            out.append(table(["Datum", "Vad", "Typ", "Ansvarig"], [_row(ctx, d) for d in mine], classes="lis-arshjul-table"))
        else:
            out.append("<p>Inget med datum den här månaden.</p>")
        out.append("</section>")
        month = add_months(month, 1)
    if year.untimed:
        items = "".join(
            f"<li>{esc(r.title)} ({esc(r.owner)})"
            + (f" – {need_link(ctx, r.page)}" if r.page else "")
            + f': <em>tidpunkt saknas</em>{esc(", " + r.when) if r.when else ""}</li>'
            for r in year.untimed
        )
        out.append(
            '<section aria-labelledby="lis-arshjul-utan-tid"><h2 id="lis-arshjul-utan-tid">'
            "Återkommande utan tidpunkt</h2><p>Underlaget anger inte när de här uppgifterna görs, så de "
            f"finns inte i kalendern. Skriv in start och rrule i arshjul.yaml när tidpunkten är bestämd.</p><ul>{items}</ul></section>"
        )
    out.append("</div>")
    return "".join(out)
