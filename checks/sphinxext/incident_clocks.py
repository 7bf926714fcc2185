"""An incident's clock on its page: each report it owes, to whom, by when, and whether it went.

The deadlines come from checks.deadlines (the one place they are computed) as of
the build's moment. The clock's states that follow the time (falls due within
12 hours, deadline passed) are also the gate's findings (LIS039, LIS038) on the
page's banner, which is part of the page's signature: the page is written again
when its clock changes state.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from checks.deadlines import upper_first, ClockState, incident_deadlines, parse_moment, sv_moment
from checks.site.html import esc, table
from checks.sphinxext import facts

_CLASS = {
    ClockState.SENT: "",
    ClockState.LATE_EXPLAINED: "lis-warn-text",
    ClockState.LATE: "lis-alert",
    ClockState.OVERDUE: "lis-alert",
    ClockState.DUE_SOON: "lis-warn-text",
    ClockState.PENDING: "",
}


def clock_html(incident: Mapping[str, Any], now: dt.datetime, csirt: str) -> str:
    """The clock of one incident as HTML ('' when it owes no report)."""
    found = incident_deadlines(incident, now, csirt)
    if not found:
        return ""
    detected = parse_moment(incident.get("detected"))
    assert detected is not None  # there are deadlines only from a detection time
    rows = []
    for d in found:
        state = f'<span class="{_CLASS[d.state]}">{esc(d.state.value)}</span>' if _CLASS[d.state] else esc(d.state.value)
        rows.append(
            [
                esc(upper_first(d.report.name)),
                esc(d.receiver),
                f'<span class="lis-nowrap">{esc(sv_moment(d.due))}</span>',
                esc(sv_moment(d.sent)) if d.sent else "–",
                state,
                esc(d.report.basis),
            ]
        )
    head = (
        f'<p class="lis-clock-head"><strong>Incidentens klocka</strong> – upptäckt '
        f"{esc(sv_moment(detected))}, läget {esc(sv_moment(now))} (svensk tid). "
        "Fristerna löper över nätter och helger.</p>"
    )
    return (
        f'<div class="lis-clock" id="{esc(str(incident.get("id")))}-klocka">{head}'
        + table(["Rapport", "Mottagare", "Frist", "Skickad", "Läge", "Grund"], rows, classes="lis-clock-table")
        + "</div>"
    )


def add_clocks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    known = facts.compute(app)
    incidents = {
        nid: n
        for nid, n in known.needs.items()
        if n.get("type") == "incident" and n.get("docname") == docname and not n.get("is_external")
    }
    if not incidents:
        return
    for target in list(doctree.findall(nodes.target)):
        ids: list[str] = target.get("ids", [])
        for need_id in ids:
            if need_id not in incidents:
                continue
            markup = clock_html(incidents.pop(need_id), known.today.now, known.settings.csirt_receiver)
            if not markup:
                continue
            parent = target.parent
            # after the need's box, which follows its target
            at = parent.index(target) + 2
            parent.insert(min(at, len(parent.children)), nodes.raw("", markup, format="html"))


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_clocks)
