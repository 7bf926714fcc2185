"""Belägg: the site's evidence register, and the evidence line under each routine and training.

Pure renderers of a SiteContext, from :mod:`checks.evidence_register` (the same
rows as ``lis export evidence``). Expired evidence, and evidence whose validity is
unknown, is marked in red with its status as text, never by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from checks.evidence_register import MISSING, EVIDENCE_COLUMNS, EvidenceValidity, evidence_row, validity
from checks.register import own_of_type
from checks.site.context import SiteContext
from checks.site.html import esc, need_link, need_links, plural, table

# How each status reads on the site: the class of its text.
STATUS_CLASS = {
    EvidenceValidity.CURRENT: "lis-ok",
    EvidenceValidity.EXPIRED: "lis-alert",
    EvidenceValidity.NOT_YET: "lis-warn-text",
    EvidenceValidity.UNKNOWN: "lis-alert",
}


def _value(value: Any) -> str:
    return esc(value) if value not in (None, "") else f'<span class="lis-unknown">{esc(MISSING.lower())}</span>'


def render_evidence_register(ctx: SiteContext) -> str:
    items = own_of_type(ctx.needs, "evidence")
    if not items:
        return "<p>Det finns inga belägg i registret ännu. Skapa ett med <code>lis new evidence</code>.</p>"
    rows, classes = [], []
    for ev in items:
        row = evidence_row(ev, ctx.today)
        state = validity(ev, ctx.today)
        cells = [need_link(ctx, str(row[0]))]
        for column, value in zip(EVIDENCE_COLUMNS[1:], row[1:]):
            if column.key == "supports":
                cells.append(need_links(ctx, str(value or "").split(", ")) if value else _value(None))
            elif column.key == "status":
                cells.append(f'<strong class="{STATUS_CLASS[state]}">{esc(state.value)}</strong>')
            else:
                cells.append(_value(value))
        rows.append(cells)
        classes.append("lis-row-alert" if STATUS_CLASS[state] == "lis-alert" else "")
    shown = sum(validity(e, ctx.today) is EvidenceValidity.CURRENT for e in items)
    return table(
        [c.title for c in EVIDENCE_COLUMNS],
        rows,
        caption=f"{plural(len(items), 'belägg', 'belägg')}, varav {shown} aktuella den {ctx.today.isoformat()}.",
        classes="lis-evidence-register",
        row_classes=classes,
    )


def evidence_line(need: Mapping[str, Any], ctx_needs: Mapping[str, Mapping[str, Any]], today: Any) -> list[tuple[str, str, str]]:
    """The evidence that supports one need: (id, title, status) in id order."""
    found = []
    for eid in sorted(need.get("supports_back") or []):
        ev = ctx_needs.get(eid)
        if ev is None or ev.get("type") != "evidence":
            continue
        found.append((eid, str(ev.get("title") or ""), validity(ev, today).value))
    return found
