"""Handlingsplan: the activities per year and status, what each fulfils and treats.

Overdue activities are those the gate reports as LIS030; they are marked in words
as well as colour.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from checks.needs import as_date, as_int, id_list
from checks.site.context import SiteContext
from checks.site.gate import OVERDUE_ACTIVITY, need_ids_with
from checks.site.html import esc, need_link, need_links, plural, sv_date, table

STATUSES = ("planerad", "pågående", "genomförd", "uppskjuten", "struken")
NO_YEAR = "utan år"


def year_key(activity: dict[str, Any]) -> int | None:
    return as_int(activity.get("year"))


def year_anchor(year: int | None) -> str:
    return f"lis-ar-{year}" if year is not None else "lis-ar-saknas"


def _status_table(by_year: dict[int | None, list[dict[str, Any]]], overdue: set[str]) -> str:
    statuses = list(STATUSES)
    extra = sorted(
        {str(a.get("status") or "") for acts in by_year.values() for a in acts}
        - set(statuses)
        - {""}
    )
    statuses += extra
    rows: list[list[str]] = []
    for year, acts in by_year.items():
        counts = Counter(str(a.get("status") or "") for a in acts)
        late = sum(1 for a in acts if a["id"] in overdue)
        label = str(year) if year is not None else NO_YEAR
        rows.append(
            [f'<a href="#{year_anchor(year)}">{esc(label)}</a>']
            + [str(counts.get(s, 0)) for s in statuses]
            + [str(len(acts)), f'<strong class="lis-alert">{late}</strong>' if late else "0"]
        )
    return table(
        ["År", *[s.capitalize() for s in statuses], "Totalt", "Försenade"],
        rows,
        caption="Aktiviteter per år och status.",
        classes="lis-status-table",
        cards=False,
    )


def _links_cell(ctx: SiteContext, act: dict[str, Any]) -> str:
    parts = []
    for label, key in (("Uppfyller", "fulfils"), ("Hanterar", "treats")):
        ids = id_list(act.get(key))
        if ids:
            parts.append(f"{label} {need_links(ctx, ids)}")
    return "<br>".join(parts) if parts else "–"


def _activity_row(ctx: SiteContext, act: dict[str, Any], late: bool) -> list[str]:
    status = esc(act.get("status") or "–")
    if late:
        status += ' <strong class="lis-alert lis-badge">Försenad</strong>'
    due = as_date(act.get("due"))
    details = [f"Ansvarig: {esc(act.get('owner') or '–')}"]
    decided_in = id_list(act.get("decides_back"))
    if decided_in:
        details.append(f"beslutad i {need_links(ctx, decided_in)}")
    return [
        need_link(ctx, act["id"]),
        f'{esc(act.get("title", ""))}<br><span class="lis-muted">{"; ".join(details)}</span>',
        status,
        f'<span class="lis-nowrap">{esc(due.isoformat())}</span>' if due else "–",
        _links_cell(ctx, act),
    ]


def render_actionplan(ctx: SiteContext) -> str:
    activities = ctx.of_type("activity")
    if not activities:
        return "<p>Det finns inga aktiviteter.</p>"
    overdue = need_ids_with(ctx, OVERDUE_ACTIVITY)
    by_year: dict[int | None, list[dict[str, Any]]] = {}
    for act in sorted(activities, key=lambda a: (year_key(a) is None, year_key(a) or 0, a["id"])):
        by_year.setdefault(year_key(act), []).append(act)

    late_total = sum(1 for a in activities if a["id"] in overdue)
    out = [
        f'<p class="lis-lead">{plural(len(activities), "aktivitet", "aktiviteter")} i '
        f"{plural(len(by_year), 'år', 'år')}, läget den {esc(sv_date(ctx.today))}. "
    ]
    if late_total:
        late = plural(late_total, "aktivitet är försenad", "aktiviteter är försenade")
        done = "den är genomförd" if late_total == 1 else "de är genomförda"
        out.append(
            f'<strong class="lis-alert">{late}</strong>: '
            f"slutdatumet har passerat utan att {done}.</p>"
        )
    else:
        out.append("Ingen aktivitet är försenad.</p>")
    out.append(_status_table(by_year, overdue))

    for year, acts in by_year.items():
        label = str(year) if year is not None else "Aktiviteter utan år"
        counts = Counter(str(a.get("status") or "–") for a in acts)
        summary = ", ".join(
            f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: _order(kv[0]))
        )
        out.append(
            f'<section class="lis-year" id="{year_anchor(year)}" aria-labelledby="{year_anchor(year)}-h">'
        )
        out.append(f'<h2 id="{year_anchor(year)}-h">{esc(label)}</h2>')
        out.append(f"<p>{plural(len(acts), 'aktivitet', 'aktiviteter')}: {esc(summary)}.</p>")
        late_flags = [a["id"] in overdue for a in acts]
        out.append(
            table(
                ["ID", "Aktivitet", "Status", "Senast klart", "Uppfyller och hanterar"],
                [_activity_row(ctx, a, late) for a, late in zip(acts, late_flags)],
                caption=f"Aktiviteter {esc(label)}.",
                classes="lis-activity-table",
                row_classes=["lis-row-alert" if late else "" for late in late_flags],
            )
        )
        out.append("</section>")
    return "".join(out)


def _order(status: str) -> int:
    return STATUSES.index(status) if status in STATUSES else len(STATUSES)
