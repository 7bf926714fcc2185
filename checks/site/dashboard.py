"""Startsida: where the office stands, in plain Swedish, for the förvaltningschef.

A short "Läget" block (four cards), then requirements per source with the change
since the latest fastställd management review, what is overdue and who owns it,
the high risks and their treatment, and the review cycle. No rule codes and no
walls of ids: the detailed lists are one click away (Kontrollresultat, the matrix,
the action plan, the risk matrix).

The numbers are the gate's findings (overdue reviews and activities, untreated
high risks) and the coverage of :mod:`checks.coverage`, so the start page, the
matrix and ``lis check`` never disagree. Coverage is rendered through
COVERAGE_ORDER, so a new coverage state shows up here by itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

from checks.coverage import COVERAGE_ORDER, Coverage, coverage_of, is_inherited
from checks.evidence import Evidence
from checks.dates import add_months
from checks.errors import ProjectError
from checks.evaluate import latest_review, review_due, risk_value, treaters
from checks.needs import as_date
from checks.rules import Rule
from checks.settings import Settings
from checks.site.context import SiteContext
from checks.site.gate import (
    OVERDUE_ACTIVITY,
    OVERDUE_REVIEW,
    REVIEW_DUE_SOON,
    REVIEW_TOO_OLD,
    UPCOMING_REQUIREMENT,
    findings_with,
    gate_findings,
)
from checks.site.html import esc, link, need_link, plural, sv_date, table

# The states that count as "met" in the headline figure ("uppfyllda av tillämpliga krav").
# ärvd (only the city's shared functions fulfil it) counts as met, as in the matrix and the SoA.
MET = frozenset({Coverage.FULFILLED, Coverage.INHERITED})
# The one wording of the coverage figure, on every page.
OF_APPLICABLE = "av tillämpliga krav"

# Singular and plural of each coverage state as a count reads ("1 planerad",
# "3 planerade"); a state not listed here (a new one) is shown by its own name.
WORDS = {
    Coverage.FULFILLED: ("uppfylld", "uppfyllda"),
    Coverage.INHERITED: ("ärvd", "ärvda"),
    Coverage.PARTIAL: ("delvis uppfylld", "delvis uppfyllda"),
    Coverage.PLANNED: ("planerad", "planerade"),
    Coverage.UNTRACED: ("ospårad", "ospårade"),
    Coverage.NOT_APPLICABLE: ("ej tillämplig", "ej tillämpliga"),
}

# Where the details live (docnames of the real site; a link is left out when the
# page does not exist in a project).
FINDINGS_PAGE = "kontrollresultat"
MATRIX_PAGE = "oversikt/matris"
PLAN_PAGE = "oversikt/handlingsplan"
RISK_PAGE = "oversikt/riskmatris"
REVIEW_LIST_PAGE = "genomgang/index"
# The owners named in the sentence on documents due soon; the rest are counted.
OWNERS_SHOWN = 2
# The city's shared documents: RUT-101 and up, or tagged ärvd (as coverage counts them).
CITY_ID = re.compile(r"^RUT-1[0-9]{2}$")


def plural_of(state: Coverage) -> str:
    return WORDS.get(state, (state.value, state.value))[1]


def counted(n: int, state: Coverage) -> str:
    """``1 planerad``, ``3 planerade``."""
    one, many = WORDS.get(state, (state.value, state.value))
    return f"{n} {one if n == 1 else many}"


def applicable_states() -> list[Coverage]:
    """The coverage states of applicable requirements, in the order of checks.coverage."""
    return [c for c in COVERAGE_ORDER if c is not Coverage.NOT_APPLICABLE]


def _page_link(ctx: SiteContext, docname: str, text: str, anchor: str = "") -> str:
    """A link to a page of the site, or plain text when the page is not in this project."""
    if ctx.page_titles and docname not in ctx.page_titles:
        return esc(text)
    return link(ctx.doc_uri(docname) + anchor, text)


def _need_title_link(ctx: SiteContext, need: Mapping[str, Any]) -> str:
    """A need named by its title (its id on hover), as a manager reads it."""
    title = str(need.get("title") or need.get("id") or "")
    uri = ctx.uri(str(need.get("id") or ""))
    if uri is None:
        return esc(title)
    return link(uri, title, "reference internal", str(need.get("id") or ""))


def _days(day: dt.date, today: dt.date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "i dag"
    if delta > 0:
        return f"om {plural(delta, 'dag', 'dagar')}"
    return f"för {plural(-delta, 'dag', 'dagar')} sedan"


# ---------------------------------------------------------------- figures
def states_by_source(ctx: SiteContext) -> dict[str, dict[str, Coverage]]:
    """Each source's requirements and their coverage state (sources in name order)."""
    out: dict[str, dict[str, Coverage]] = {}
    for req in ctx.of_type("req"):
        if req.get("is_external"):
            continue
        source = str(req.get("source") or "okänd källa")
        out.setdefault(source, {})[req["id"]] = coverage_of(req, ctx.needs, ctx.config.training_target)
    return dict(sorted(out.items()))


def counts_by_source(ctx: SiteContext) -> dict[str, Counter[Coverage]]:
    """Requirements per source and coverage state (sources in name order)."""
    return {source: Counter(states.values()) for source, states in states_by_source(ctx).items()}


def _applicable(counts: Mapping[Coverage, int]) -> int:
    return sum(n for c, n in counts.items() if c is not Coverage.NOT_APPLICABLE)


def _met(counts: Mapping[Coverage, int]) -> int:
    return sum(n for c, n in counts.items() if c in MET)


def previous_snapshot(ctx: SiteContext) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The latest fastställd review and its snapshot's figures (None where unknown)."""
    review = latest_review(ctx.needs, ctx.today)
    if review is None or ctx.root is None:
        return review, None
    from checks.review import model, snapshot

    path = model.snapshot_path(ctx.root / "docs", review)
    try:
        return review, snapshot.read(path) if path else None
    except ProjectError:
        return review, None


def snapshot_states(snap: Mapping[str, Any]) -> dict[str, Coverage]:
    """The coverage of each requirement in a review's snapshot (unknown states left out)."""
    by_value = {c.value: c for c in COVERAGE_ORDER}
    return {
        nid: by_value[state]
        for nid, state in (snap.get("coverage") or {}).items()
        if isinstance(state, str) and state in by_value
    }


def change_text(now: Mapping[str, Coverage], before: Mapping[str, Coverage]) -> str:
    """What changed for one source's requirements since the snapshot, in words.

    New requirements are counted apart from those that changed state, so twenty
    new planned requirements never read as progress: ``20 nya krav; 1 planerad →
    uppfylld``, ``oförändrat``, or ``ny källa (3 krav)``.
    """
    if not set(now) & set(before):
        return f"ny källa ({plural(len(now), 'krav', 'krav')})" if now else "borttagen"
    parts = []
    new = [nid for nid in now if nid not in before]
    gone = [nid for nid in before if nid not in now]
    if new:
        parts.append(f"{plural(len(new), 'nytt krav', 'nya krav')}")
    if gone:
        parts.append(f"{plural(len(gone), 'krav borttaget', 'krav borttagna')}")
    moves = Counter((before[nid], state) for nid, state in now.items() if nid in before and before[nid] != state)
    order = {c: i for i, c in enumerate(COVERAGE_ORDER)}
    # moves from one state are said once: "uppfylld → 22 delvis, 1 planerad" (the column stays narrow)
    by_origin: dict[Coverage, list[tuple[Coverage, int]]] = {}
    for (was, is_), n in sorted(moves.items(), key=lambda m: (order[m[0][0]], order[m[0][1]])):
        by_origin.setdefault(was, []).append((is_, n))
    for was, targets in by_origin.items():
        if len(targets) == 1:
            (is_, n), = targets
            parts.append(f"{n} {was.value} → {is_.value}")
        else:
            parts.append(f"{was.value} → " + ", ".join(f"{n} {is_.value}" for is_, n in targets))
    return "; ".join(parts) if parts else "oförändrat"


# The one wording of the evidence figure beside the coverage figure.
WITH_EVIDENCE = "varav {} med aktuellt belägg"


def shown_count(ctx: SiteContext) -> int:
    """Requirements counted as met that current evidence shows working (the evidence axis)."""
    axis = ctx.evidence_axis()
    return sum(
        1
        for states in states_by_source(ctx).values()
        for nid, state in states.items()
        if state in MET and (status := axis.get(nid)) is not None and status.state is Evidence.CURRENT
    )


# ---------------------------------------------------------------- cards
def _card(anchor: str, heading: str, value: str, text: str, state: str, value_class: str = "") -> str:
    return (
        f'<li class="lis-kpi lis-kpi-{state}"><a href="#{anchor}">'
        f'<span class="lis-kpi-head">{esc(heading)}</span>'
        f'<span class="lis-kpi-value {value_class}">{esc(value)}</span>'
        f'<span class="lis-kpi-label">{text}</span></a></li>'
    )


def render_cards(ctx: SiteContext, gate: Settings) -> str:
    totals: Counter[Coverage] = Counter()
    for counts in counts_by_source(ctx).values():
        totals.update(counts)
    applicable = _applicable(totals)
    met = _met(totals)
    shown = shown_count(ctx)
    share = round(100 * met / applicable) if applicable else 100
    cards = [
        _card(
            "lis-krav",
            "Krav",
            f"{share} %",
            # the other states are the columns of the table right below the cards
            f"{esc(OF_APPLICABLE)} uppfyllda ({met} av {applicable}), {esc(WITH_EVIDENCE.format(shown))}",
            "ok" if met == applicable else "warn",
        )
    ]
    late = _overdue(ctx)
    activities = sum(1 for _, need, _ in late if need.get("type") == "activity")
    documents = len(late) - activities
    cards.append(
        _card(
            "lis-forsenat",
            "Försenat",
            str(len(late)),
            esc(
                f"{plural(activities, 'aktivitet', 'aktiviteter')} efter slutdatum, "
                f"{plural(documents, 'dokument', 'dokument')} efter granskningsdatum"
            ),
            "alert" if late else "ok",
        )
    )
    high = _high_risks(ctx, gate.risk_threshold)
    untreated = [r for r in high if not treaters(r, ctx.needs)]
    cards.append(
        _card(
            "lis-hoga-risker",
            "Höga risker",
            str(len(high)),
            esc(
                "ingen risk över gränsen"
                if not high
                else f"{plural(len(untreated), 'saknar', 'saknar')} åtgärd"
                if untreated
                else ("har en åtgärd" if len(high) == 1 else "alla har åtgärder")
            ),
            "alert" if untreated else "ok",
        )
    )
    latest = latest_review(ctx.needs, ctx.today)
    held = as_date(latest.get("date")) if latest else None
    if latest is None or held is None:
        cards.append(
            _card("lis-genomgang", "Ledningens genomgång", "saknas", "ingen fastställd genomgång", "alert")
        )
    else:
        next_due = add_months(held, gate.review_max_age_months)
        too_old = bool(findings_with(ctx, [REVIEW_TOO_OLD]))
        soon = bool(findings_with(ctx, [Rule.LIS025]))
        state = "alert" if too_old else "warn" if soon else "ok"
        when = "skulle ha hållits senast" if too_old else "senast"
        cards.append(
            _card(
                "lis-genomgang",
                "Ledningens genomgång",
                sv_date(held),
                f'nästa {when} <span class="lis-nowrap">{esc(sv_date(next_due))}</span> '
                f"({esc(_days(next_due, ctx.today))})",
                state,
                "lis-kpi-date",
            )
        )
    return f'<ul class="lis-kpis" aria-label="Läget i korthet">{"".join(cards)}</ul>'


# ---------------------------------------------------------------- what to decide
# One line each of what the förvaltningschef must decide now; a line returns "" when
# there is nothing. Another feature adds its own line by appending a function here
# (ctx, settings) -> HTML of the line's content, e.g. evidence that has expired.
DecisionLine = Callable[[SiteContext, Settings], str]
PROPOSAL_TAG = "förslag"


def _proposals_line(ctx: SiteContext, gate: Settings) -> str:
    """Proposals (activities tagged förslag) that no decision has decided on yet."""
    waiting = [
        a
        for a in ctx.of_type("activity")
        if PROPOSAL_TAG in (a.get("tags") or [])
        and not a.get("decides_back")
        and a.get("status") not in ("genomförd", "struken")
    ]
    if not waiting:
        return ""
    page = str(waiting[0].get("docname") or "")
    where = f" – {_page_link(ctx, page, ctx.page_titles.get(page) or 'förslagen')}" if page else ""
    return (
        f"<strong>Förslag:</strong> {plural(len(waiting), 'förslag', 'förslag')} till ledningens genomgång "
        f"väntar på beslut{where}."
    )


def _risks_line(ctx: SiteContext, gate: Settings) -> str:
    """High risks that nothing treats and no one has decided to accept (LIS031)."""
    from checks.evaluate import untreated_high_risks

    risks = untreated_high_risks(ctx.needs, gate.risk_threshold)
    if not risks:
        return ""
    names = ", ".join(f"{_need_title_link(ctx, r)} (riskvärde {risk_value(r)})" for r in risks)
    return f"<strong>Höga risker</strong> utan åtgärd eller beslut om att acceptera dem: {names}."


def next_review(ctx: SiteContext, gate: Settings) -> tuple[str, Mapping[str, Any] | None, dt.date | None]:
    """The next management review's id, its page if started, and when it is due (None: unknown)."""
    latest = latest_review(ctx.needs, ctx.today)
    held = as_date(latest.get("date")) if latest else None
    year = held.year + 1 if held else ctx.today.year
    nid = f"LG-{year}"
    due = add_months(held, gate.review_max_age_months) if held else None
    return nid, ctx.needs.get(nid), due


def _objectives_line(ctx: SiteContext, gate: Settings) -> str:
    """Objectives off target: not met in time, no target, no measurement, an old one."""
    from checks.year_rules import ON_TRACK, objective_state

    off = [(o, objective_state(o, ctx.today)) for o in ctx.of_type("objective") if not o.get("is_external")]
    off = [(o, state) for o, state in off if state not in ON_TRACK]
    if not off:
        return ""
    by_state: dict[str, list[str]] = {}
    for objective, state in off:
        by_state.setdefault(state, []).append(need_link(ctx, str(objective["id"])))
    names = "; ".join(f"{', '.join(ids)} ({esc(state)})" for state, ids in by_state.items())
    return f"<strong>Mål</strong> som inte följs upp eller nås: {names}."


def _evidence_line(ctx: SiteContext, gate: Settings) -> str:
    """Evidence (belägg) that has expired: what it supported no longer counts as shown working."""
    from checks.evidence import is_expired

    expired = [e for e in ctx.of_type("evidence") if not e.get("is_external") and is_expired(e, ctx.today)]
    if not expired:
        return ""
    names = ", ".join(need_link(ctx, str(e["id"])) for e in expired)
    return (
        f"<strong>Belägg</strong> som har gått ut: {names}. Det de stödde räknas inte som visat fungerande "
        "förrän ett nytt belägg finns."
    )


DECISION_LINES: list[DecisionLine] = [_proposals_line, _risks_line, _objectives_line, _evidence_line]


def render_decide(ctx: SiteContext, gate: Settings) -> str:
    """Att besluta: one line each of what waits for the förvaltningschef, linked."""
    lines = [line for make in DECISION_LINES if (line := make(ctx, gate))]
    body = '<ul class="lis-decide">' + "".join(f"<li>{line}</li>" for line in lines) + "</ul>" if lines else ""
    return (
        '<section id="lis-besluta" class="lis-lage-part lis-besluta" aria-labelledby="lis-besluta-h">'
        f'<h2 id="lis-besluta-h">Att besluta</h2>{render_review(ctx, gate)}{body}</section>'
    )


# ---------------------------------------------------------------- requirements
def render_requirements(ctx: SiteContext) -> str:
    by_source = states_by_source(ctx)
    out = ['<section id="lis-krav" class="lis-lage-part" aria-labelledby="lis-krav-h">']
    out.append('<h2 id="lis-krav-h">Krav per källa</h2>')
    if not by_source:
        out.append("<p>Det finns inga krav i katalogerna ännu.</p></section>")
        return "".join(out)
    review, snap = previous_snapshot(ctx)
    before = snapshot_states(snap) if snap else None
    # a state no requirement is in gets no column (the card above still says "0 ospårade")
    present = {state for now in by_source.values() for state in now.values()}
    states = [c for c in applicable_states() if c in present or c is Coverage.FULFILLED]
    headers = ["Källa", *[plural_of(c).capitalize() for c in states], f"Uppfyllda {OF_APPLICABLE}"]
    if before is not None and review is not None:
        headers.append(f"Sedan {review['id']}")
    rows = []
    total: Counter[Coverage] = Counter()
    everything: dict[str, Coverage] = {}
    for source, now in by_source.items():
        counts = Counter(now.values())
        total.update(counts)
        everything.update(now)
        docname = _source_page(ctx, source)
        name = ctx.page_titles.get(docname, "") if docname else ""
        name = name or ctx.source_titles.get(source) or source
        cell = link(ctx.doc_uri(docname), name, title=source) if docname else esc(name)
        row = [cell, *[_count(counts.get(c, 0)) for c in states]]
        row.append(_share_cell(_met(counts), _applicable(counts)))
        if before is not None:
            row.append(esc(change_text(now, {k: v for k, v in before.items() if k in now or _source_of(ctx, k) == source})))
        rows.append(row)
    foot = ["Alla källor", *[_count(total.get(c, 0)) for c in states], _share_cell(_met(total), _applicable(total))]
    if before is not None:
        foot.append(esc(change_text(everything, before)))
    rows.append(foot)
    out.append(
        table(
            headers,
            rows,
            classes="lis-krav-table",
            row_classes=[""] * (len(rows) - 1) + ["lis-row-total"],
        )
    )
    note = []
    if snap is not None and review is not None:
        taken = as_date(snap.get("taken_as_of"))
        note.append(
            f"<em>Sedan {esc(review['id'])}</em>: jämfört med dess ögonblicksbild"
            + (f", tagen {esc(sv_date(taken))}" if taken else "")
            + "; en pil visar krav som bytt läge."
        )
    elif review is not None:
        note.append(f"Ingen ögonblicksbild av {esc(review['id'])} finns, så förändringen kan inte visas.")
    matrix = _page_link(ctx, MATRIX_PAGE, "Spårbarhetsmatrisen")
    note.append(f"{matrix} visar varje krav.")
    out.append(f'<p class="lis-muted">{" ".join(note)}</p></section>')
    return "".join(out)


def _source_of(ctx: SiteContext, need_id: str) -> str:
    """A requirement's source, also for one no longer in the catalogs (its id's prefix)."""
    need = ctx.needs.get(need_id) or {}
    return str(need.get("source") or need_id.split("-")[0])


def _source_page(ctx: SiteContext, source: str) -> str:
    for req in ctx.of_type("req"):
        if req.get("source") == source and req.get("docname"):
            return str(req["docname"])
    return ""


def _count(n: int) -> str:
    return f'<span class="lis-num">{n}</span>'


def _share_cell(met: int, applicable: int) -> str:
    share = round(100 * met / applicable) if applicable else 100
    return (
        f'<span class="lis-share"><span class="lis-num">{share}&nbsp;%</span> '
        f'<span class="lis-muted">({met} av {applicable})</span></span>'
    )


# ---------------------------------------------------------------- overdue
def _overdue(ctx: SiteContext) -> list[tuple[dt.date | None, Mapping[str, Any], str]]:
    """(date, need, what) for every overdue activity and document the gate reports."""
    items = []
    for f in findings_with(ctx, [OVERDUE_ACTIVITY, OVERDUE_REVIEW]):
        need = ctx.needs.get(f.need_id or "")
        if need is None:
            continue
        if f.code == OVERDUE_ACTIVITY:
            items.append((as_date(need.get("due")), need, "skulle vara klar"))
        else:
            items.append((review_due(need), need, "skulle vara granskad"))
    return sorted(items, key=lambda i: (i[0] or dt.date.max, str(i[1].get("id"))))


def is_city_document(need: Mapping[str, Any]) -> bool:
    """One of the city's shared documents or functions (RUT-1nn, or tagged ärvd), not the office's own."""
    nid = str(need.get("id") or "")
    return bool(CITY_ID.match(nid)) or is_inherited(need)


def _late_by_owner(ctx: SiteContext, late: list[tuple[dt.date | None, Mapping[str, Any], str]]) -> str:
    """One line per owner role: what is late, oldest first."""
    groups: dict[str, list[str]] = {}
    for day, need, what in late:
        when = f" {sv_date(day)}" if day else ""
        groups.setdefault(str(need.get("owner") or "ansvarig saknas"), []).append(
            f'{_need_title_link(ctx, need)} <span class="lis-late-who">({esc(what)}'
            f'<span class="lis-nowrap">{esc(when)}</span>)</span>'
        )
    items = "".join(
        f'<li><strong class="lis-late-owner">{esc(owner)}</strong> ({len(mine)}): {"; ".join(mine)}</li>'
        for owner, mine in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0].casefold()))
    )
    return f'<ul class="lis-late">{items}</ul>'


def render_overdue(ctx: SiteContext, gate: Settings) -> str:
    out = ['<section id="lis-forsenat" class="lis-lage-part" aria-labelledby="lis-forsenat-h">']
    out.append('<h2 id="lis-forsenat-h">Försenat</h2>')
    late = _overdue(ctx)
    if late:
        # the office's own apart from the city's shared documents, each by owner role
        own = [item for item in late if not is_city_document(item[1])]
        city = [item for item in late if is_city_document(item[1])]
        for heading, items in (("Kontorets egna", own), ("Stadens gemensamma (ärvda)", city)):
            if items:
                out.append(f'<h3 class="lis-late-h">{esc(heading)} ({len(items)})</h3>')
                out.append(_late_by_owner(ctx, items))
    else:
        out.append("<p>Ingen aktivitet är försenad och inget dokument har passerat sitt granskningsdatum.</p>")
    out.append(_due_soon(ctx, gate.due_window_days))
    out.append(_upcoming(ctx, gate.upcoming_window_days))
    out.append("</section>")
    return "".join(out)


def _upcoming(ctx: SiteContext, window: int) -> str:
    """One sentence on requirements that start to apply soon and are not met (LIS013)."""
    soon = [ctx.needs[f.need_id] for f in findings_with(ctx, [UPCOMING_REQUIREMENT]) if f.need_id in ctx.needs]
    if not soon:
        return ""
    # ids (the title on hover): the sentence stays one or two lines
    names = ", ".join(need_link(ctx, str(n.get("id"))) for n in sorted(soon, key=lambda n: str(n.get("id"))))
    return (
        f'<p class="lis-warn-text">{plural(len(soon), "krav", "krav")} börjar gälla inom {window} dagar '
        f"utan att vara uppfyllda: {names}.</p>"
    )


# ---------------------------------------------------------------- information assets
ASSET_REGISTER_DOC = "tillgangar/index"


def render_asset_figures(ctx: SiteContext) -> str:
    """Assets without an owner, unclassified, and with a classification past its interval: one line."""
    from checks.assets import ClassStatus, blank, class_status

    assets = [a for a in ctx.of_type("asset") if not a.get("is_external")]
    if not assets:
        return ""
    statuses = [class_status(a, ctx.today) for a in assets]
    parts = [
        f"{sum(blank(a.get('information_owner')) for a in assets)} utan informationsägare",
        f"{statuses.count(ClassStatus.UNCLASSIFIED)} ej klassade",
        f"{statuses.count(ClassStatus.DUE)} med klassning som ska göras om",
    ]
    return (
        _page_link(ctx, ASSET_REGISTER_DOC, f"Informationstillgångar ({len(assets)})")
        + f' <span class="lis-muted">({", ".join(parts)})</span>'
    )


def _due_soon(ctx: SiteContext, window: int) -> str:
    """One sentence on the documents due for review soon: when, and whose."""
    soon = [ctx.needs[f.need_id] for f in findings_with(ctx, [REVIEW_DUE_SOON]) if f.need_id in ctx.needs]
    if not soon:
        return f"<p>Inget dokument ska granskas inom {window} dagar.</p>"
    dates = sorted(d for d in (review_due(n) for n in soon) if d)
    owners = Counter(str(n.get("owner") or "uppgift saknas") for n in soon).most_common()
    shown = [f"{esc(o)} ({n})" for o, n in owners[:OWNERS_SHOWN]]
    first = f", första senast {esc(sv_date(dates[0]))}" if dates else ""
    details = _page_link(ctx, FINDINGS_PAGE, "Kontrollresultatet")
    whose = ", ".join(shown)
    if len(owners) > OWNERS_SHOWN:
        rest = sum(n for _, n in owners[OWNERS_SHOWN:])
        others = plural(len(owners) - OWNERS_SHOWN, "annan ansvarig", "andra ansvariga")
        whose += f" och {others} ({rest})"
    return (
        f"<p>{plural(len(soon), 'dokument', 'dokument')} ska granskas inom {window} dagar{first}. "
        f"Ansvariga: {whose}. {details} listar dem.</p>"
    )


# ---------------------------------------------------------------- risks
def _high_risks(ctx: SiteContext, threshold: int) -> list[dict[str, Any]]:
    return [
        r
        for r in ctx.of_type("risk")
        if r.get("status") != "accepterad" and (risk_value(r) or 0) >= threshold
    ]


def _treatment(ctx: SiteContext, risk: Mapping[str, Any]) -> str:
    found = treaters(risk, ctx.needs)
    if not found:
        return '<strong class="lis-alert">Ingen åtgärd</strong>'
    parts = []
    for need in found:
        status = str(need.get("status") or "status saknas")
        parts.append(f'{_need_title_link(ctx, need)} <span class="lis-muted">({esc(status)})</span>')
    return "<br>".join(parts)


def render_risks(ctx: SiteContext, gate: Settings) -> str:
    threshold = gate.risk_threshold
    out = ['<section id="lis-hoga-risker" class="lis-lage-part" aria-labelledby="lis-hoga-risker-h">']
    out.append(f'<h2 id="lis-hoga-risker-h">Höga risker (riskvärde {threshold} eller mer)</h2>')
    high = _high_risks(ctx, threshold)
    risks = ctx.of_type("risk")
    unassessed = [r for r in risks if risk_value(r) is None]
    if high:
        rows = [
            [_need_title_link(ctx, r), _count(risk_value(r) or 0), _treatment(ctx, r)]
            for r in sorted(high, key=lambda r: (-(risk_value(r) or 0), r["id"]))
        ]
        out.append(table(["Risk", "Riskvärde", "Åtgärd"], rows, classes="lis-high-risks"))
    else:
        out.append(f"<p>Ingen risk har riskvärde {threshold} eller mer.</p>")
    note = [f"{plural(len(risks), 'risk', 'risker')} i registret"]
    if unassessed:
        note.append(f"{len(unassessed)} saknar bedömning")
    out.append(
        f'<p>{esc("; ".join(note))}. {_page_link(ctx, RISK_PAGE, "Riskmatrisen")} visar alla.</p></section>'
    )
    return "".join(out)


# ---------------------------------------------------------------- review
def render_review(ctx: SiteContext, gate: Settings) -> str:
    """The review cycle, first in Att besluta: the latest review and the next one's state,
    with the command that starts or closes it (the review card links here)."""
    latest = latest_review(ctx.needs, ctx.today)
    held = as_date(latest.get("date")) if latest else None
    nid, started, due = next_review(ctx, gate)
    year = esc(nid[3:])
    if latest is None or held is None:
        text = '<strong class="lis-alert">Ingen fastställd ledningens genomgång är registrerad.</strong> '
    else:
        by = str(latest.get("decided_by") or "")
        text = f"{need_link(ctx, str(latest['id']))} fastställd {esc(sv_date(held))}" + (f" av {esc(by)}" if by else "")
        if due is not None and findings_with(ctx, [REVIEW_TOO_OLD]):
            text += f'. <strong class="lis-alert">Försenad:</strong> nästa skulle ha hållits senast {esc(sv_date(due))}'
        elif due is not None:
            text += f"; nästa senast {esc(sv_date(due))} ({esc(_days(due, ctx.today))})"
        text += ". "
    if started is None:
        text += f"{esc(nid)} är inte påbörjad: <code>lis review new --year {year}</code>."
    elif started.get("status") == "utkast":
        text += (
            f"{need_link(ctx, nid)} är ett utkast; fastställs med "
            f"<code>lis review close {esc(nid)} --date … --case-number …</code>."
        )
    return (
        '<section id="lis-genomgang" class="lis-decide-review" aria-label="Ledningens genomgång">'
        f"<p><strong>Ledningens genomgång:</strong> {text}</p></section>"
    )


# ---------------------------------------------------------------- details
def render_details(ctx: SiteContext) -> str:
    """Where the details are: one line of links."""
    from checks.findings import summary_line

    found = gate_findings(ctx)
    links = [
        _page_link(ctx, FINDINGS_PAGE, "Kontrollresultat")
        + f' <span class="lis-muted">({esc(summary_line(found))})</span>',
        _page_link(ctx, MATRIX_PAGE, "Spårbarhetsmatris"),
        _page_link(ctx, PLAN_PAGE, "Handlingsplan"),
        _page_link(ctx, RISK_PAGE, "Riskmatris"),
        _page_link(ctx, REVIEW_LIST_PAGE, "Ledningens genomgångar"),
        render_asset_figures(ctx),
    ]
    links = [item for item in links if item]
    items = "".join(f"<li>{item}</li>" for item in links)
    return (
        '<nav class="lis-details" aria-labelledby="lis-details-h">'
        f'<h2 id="lis-details-h">I detalj</h2><ul>{items}</ul></nav>'
    )


def render_dashboard(ctx: SiteContext) -> str:
    gate = Settings.from_dict(ctx.settings)
    return "".join(
        [
            '<div class="lis-lage">',
            '<section class="lis-lage-summary" aria-labelledby="lis-lage-h">',
            f'<h2 id="lis-lage-h">Läget den {esc(sv_date(ctx.today))}</h2>',
            render_cards(ctx, gate),
            "</section>",
            render_decide(ctx, gate),
            render_requirements(ctx),
            '<div class="lis-lage-grid">',
            '<div class="lis-lage-col">',
            render_overdue(ctx, gate),
            "</div>",
            render_risks(ctx, gate),
            "</div>",
            render_details(ctx),
            "</div>",
        ]
    )
