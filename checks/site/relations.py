"""Relationer: for each routine, the requirements it answers in every source.

One routine often answers several frameworks at once (GDPR, NIS2, ISO 27001 …).
A routine that fulfils a local requirement also answers, through it, the
requirements that one is derived from (``derives``): those are shown as well.
"""

from __future__ import annotations

from typing import Any

from checks.needs import id_list
from checks.site.context import SiteContext
from checks.site.html import esc, need_link, plural, table

UNKNOWN_SOURCE = "okänd källa"


def source_of(req: dict[str, Any]) -> str:
    return str(req.get("source") or UNKNOWN_SOURCE)


def answered(ctx: SiteContext, routine: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """Per source: requirement id -> the local requirement it is reached through (or None)."""
    result: dict[str, dict[str, str | None]] = {}
    for req_id in id_list(routine.get("fulfils")):
        req = ctx.needs.get(req_id)
        if req is None or req.get("type") != "req":
            continue
        result.setdefault(source_of(req), {})[req_id] = None
        for base_id in id_list(req.get("derives")):
            base = ctx.needs.get(base_id)
            if base is None or base.get("type") != "req":
                continue
            per_source = result.setdefault(source_of(base), {})
            per_source.setdefault(base_id, req_id)
    return result


def _source_label(ctx: SiteContext, source: str) -> str:
    title = ctx.source_titles.get(source)
    if title and title != source:
        return f'<abbr title="{esc(title)}">{esc(source)}</abbr>'
    return esc(source)


def _requirements_cell(ctx: SiteContext, per_source: dict[str, dict[str, str | None]]) -> str:
    if not per_source:
        return '<span class="lis-muted">Inga krav kopplade</span>'
    items = []
    for source in sorted(per_source):
        links = []
        for req_id in sorted(per_source[source]):
            via = per_source[source][req_id]
            link = need_link(ctx, req_id)
            links.append(f'{link} <span class="lis-muted">(via {esc(via)})</span>' if via else link)
        items.append(f"<li><strong>{_source_label(ctx, source)}</strong>: {', '.join(links)}</li>")
    return f'<ul class="lis-req-by-source">{"".join(items)}</ul>'


def render_relations(ctx: SiteContext) -> str:
    routines = ctx.of_type("routine")
    if not routines:
        return "<p>Det finns inga rutiner.</p>"
    rows: list[list[str]] = []
    multi = 0
    for routine in routines:
        per_source = answered(ctx, routine)
        if len(per_source) > 1:
            multi += 1
        rows.append(
            [
                need_link(ctx, routine["id"]),
                esc(routine.get("title", "")),
                esc(routine.get("status") or "–"),
                _requirements_cell(ctx, per_source),
                str(len(per_source)),
            ]
        )
    intro = (
        f'<p class="lis-lead">{plural(len(routines), "rutin", "rutiner")}; '
        f"{plural(multi, 'rutin svarar', 'rutiner svarar')} mot krav i mer än en källa.</p>"
    )
    return intro + table(
        ["ID", "Rutin / styrdokument", "Status", "Krav per källa", "Antal källor"],
        rows,
        caption="Rutiner och de krav de uppfyller, grupperade per källa.",
        classes="lis-relations",
    )
