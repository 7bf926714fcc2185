"""Startsida: the state of the LIS at a glance, every number a link to the list behind it.

The numbers are the gate's findings (LIS012, LIS013, LIS020, LIS021, LIS023, LIS030,
LIS031, LIS024) and
the coverage semantics of :mod:`checks.coverage`, so the site and `lis check`
never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checks.coverage import COVERAGE_ORDER, FULFILLED_STATES, Coverage, coverage_of
from checks.dates import add_months
from checks.evaluate import latest_review
from checks.needs import as_date
from checks.rules import Rule
from checks.settings import Settings
from checks.site.context import SiteContext
from checks.site.gate import (
    CHANGED_REQUIREMENT,
    OVERDUE_ACTIVITY,
    PARTIAL_WITHOUT_ACTIVITY,
    UPCOMING_REQUIREMENT,
    OVERDUE_REVIEW,
    REVIEW_DUE_SOON,
    REVIEW_TOO_OLD,
    UNTREATED_HIGH_RISK,
    findings_with,
)
from checks.site.html import esc, link, need_link, sv_date, table

# Singular and plural of each coverage state, as the counts read.
COVERAGE_WORDS = {
    Coverage.FULFILLED: ("uppfylld", "uppfyllda"),
    Coverage.INHERITED: ("ärvd", "ärvda"),
    Coverage.PARTIAL: ("delvis uppfylld", "delvis uppfyllda"),
    Coverage.PLANNED: ("planerad", "planerade"),
    Coverage.UNTRACED: ("ospårad", "ospårade"),
    Coverage.NOT_APPLICABLE: ("ej tillämplig", "ej tillämpliga"),
}


@dataclass(frozen=True)
class FindingList:
    """One list on the dashboard: the findings of some codes, under an anchor."""

    anchor: str
    codes: tuple[str, ...]
    heading: str
    kpi_label: tuple[str, str]  # singular, plural: "dokument har passerat …"
    empty: str


def finding_lists(due_soon_days: int, upcoming_days: int = 90) -> list[FindingList]:
    return [
        FindingList(
            "lis-inaktuella",
            (OVERDUE_REVIEW,),
            "Dokument som har passerat sitt granskningsdatum",
            (
                "dokument har passerat sitt granskningsdatum",
                "dokument har passerat sitt granskningsdatum",
            ),
            "Inget dokument har passerat sitt granskningsdatum.",
        ),
        FindingList(
            "lis-granskas-snart",
            (REVIEW_DUE_SOON,),
            f"Dokument som ska granskas inom {due_soon_days} dagar",
            (f"dokument ska granskas inom {due_soon_days} dagar",) * 2,
            f"Inget dokument ska granskas inom {due_soon_days} dagar.",
        ),
        FindingList(
            "lis-forsenade",
            (OVERDUE_ACTIVITY,),
            "Försenade aktiviteter",
            ("aktivitet är försenad", "aktiviteter är försenade"),
            "Ingen aktivitet är försenad.",
        ),
        FindingList(
            "lis-obehandlade-risker",
            (UNTREATED_HIGH_RISK,),
            "Höga risker utan åtgärd",
            ("hög risk saknar åtgärd", "höga risker saknar åtgärd"),
            "Alla höga risker hanteras av en aktivitet eller rutin.",
        ),
        FindingList(
            "lis-snart-gallande",
            (UPCOMING_REQUIREMENT,),
            f"Krav som börjar gälla inom {upcoming_days} dagar och inte är uppfyllda",
            (
                f"krav börjar gälla inom {upcoming_days} dagar utan att vara uppfyllt",
                f"krav börjar gälla inom {upcoming_days} dagar utan att vara uppfyllda",
            ),
            f"Inget krav som börjar gälla inom {upcoming_days} dagar saknar rutin.",
        ),
        FindingList(
            "lis-delvis-utan-aktivitet",
            (PARTIAL_WITHOUT_ACTIVITY,),
            "Delvis uppfyllda krav utan aktivitet",
            ("delvis uppfyllt krav saknar aktivitet", "delvis uppfyllda krav saknar aktivitet"),
            "Alla delvis uppfyllda krav har en planerad eller pågående aktivitet.",
        ),
        FindingList(
            "lis-andrade-krav",
            (CHANGED_REQUIREMENT,),
            "Länkar till krav som har ändrats sedan granskningen",
            ("länk till ett ändrat krav", "länkar till ändrade krav"),
            "Inga länkar till krav som har ändrats sedan granskningen.",
        ),
    ]


# ---------------------------------------------------------------- key figures
def _kpi(value: str, label: str, href: str, state: str) -> str:
    cls = f"lis-kpi lis-kpi-{state}"
    return (
        f'<li class="{cls}"><a href="{esc(href)}">'
        f'<span class="lis-kpi-value">{esc(value)}</span> '
        f'<span class="lis-kpi-label">{esc(label)}</span></a></li>'
    )


def _review_kpi(ctx: SiteContext, max_age: int) -> str:
    # the latest fastställd review as of the build's date, and when the next is due
    latest = latest_review(ctx.needs, ctx.today)
    too_old = bool(findings_with(ctx, [REVIEW_TOO_OLD]))
    held = as_date(latest.get("date")) if latest is not None else None
    if latest is None or held is None:
        return (
            '<li class="lis-kpi lis-kpi-alert lis-kpi-review"><span class="lis-kpi-label">'
            "Ingen fastställd ledningens genomgång är registrerad.</span></li>"
        )
    next_due = add_months(held, max_age)
    due_soon = not too_old and bool(findings_with(ctx, [Rule.LIS025]))
    state = (
        '<strong class="lis-alert">Försenad:</strong> nästa skulle ha hållits senast '
        if too_old
        else "Nästa senast "
    )
    cls = "lis-kpi lis-kpi-review " + ("lis-kpi-alert" if too_old else "lis-kpi-warn" if due_soon else "lis-kpi-ok")
    return (
        f'<li class="{cls}">'
        f'<span class="lis-kpi-label">Senaste ledningens genomgång:</span> '
        f'<span class="lis-kpi-value lis-kpi-date">'
        f"{need_link(ctx, latest['id'], sv_date(held))}</span> "
        f'<span class="lis-kpi-label">{state}{esc(sv_date(next_due))}</span></li>'
    )


def _state(found: list[Any]) -> str:
    """ok, warn or alert: the worst severity among the findings behind a number."""
    if any(f.severity == "error" for f in found):
        return "alert"
    return "warn" if found else "ok"


def render_key_figures(ctx: SiteContext, lists: list[FindingList], max_age: int) -> str:
    items = []
    for fl in lists:
        found = findings_with(ctx, fl.codes)
        label = fl.kpi_label[0] if len(found) == 1 else fl.kpi_label[1]
        items.append(_kpi(str(len(found)), label, f"#{fl.anchor}", _state(found)))
    items.append(_review_kpi(ctx, max_age))
    return f'<ul class="lis-kpis">{"".join(items)}</ul>'


# ---------------------------------------------------------------- coverage
def _coverage_anchor(source: str, state: Coverage) -> str:
    return f"lis-krav-{source.lower()}-{state.name.lower()}"


def requirements_by_source(ctx: SiteContext) -> dict[str, list[dict[str, Any]]]:
    by_source: dict[str, list[dict[str, Any]]] = {}
    for req in ctx.of_type("req"):
        by_source.setdefault(str(req.get("source") or "okänd källa"), []).append(req)
    return dict(sorted(by_source.items()))


def render_coverage(ctx: SiteContext) -> str:
    by_source = requirements_by_source(ctx)
    if not by_source:
        return "<p>Det finns inga krav i katalogerna ännu.</p>"
    rows = []
    for source, reqs in by_source.items():
        states = {c: [r for r in reqs if coverage_of(r, ctx.needs) is c] for c in COVERAGE_ORDER}
        total = len(reqs)
        applicable = total - len(states[Coverage.NOT_APPLICABLE])
        # inherited functions count as fulfilled; the count beside the bar shows them apart
        fulfilled = sum(len(states[c]) for c in FULFILLED_STATES)
        share = round(100 * fulfilled / applicable) if applicable else 100
        n_inherited = len(states[Coverage.INHERITED])
        inherited = f", varav {n_inherited} {'ärvt' if n_inherited == 1 else 'ärvda'}" if n_inherited else ""
        title = ctx.source_titles.get(source, "")
        name = (
            link(ctx.doc_uri(reqs[0]["docname"]), source) if reqs[0].get("docname") else esc(source)
        )
        bar = "".join(
            f'<span class="lis-seg lis-cov-{c.name.lower()}" '
            f'style="width:{100 * len(states[c]) / total:.2f}%"></span>'
            for c in COVERAGE_ORDER
            if states[c]
        )
        counts = []
        for c in COVERAGE_ORDER:
            n = len(states[c])
            words = COVERAGE_WORDS[c]
            text = f"{n} {words[0] if n == 1 else words[1]}"
            marker = f'<span class="lis-dot lis-cov-{c.name.lower()}" aria-hidden="true"></span>'
            shown = link(f"#{_coverage_anchor(source, c)}", text) if n else esc(text)
            counts.append(f'<span class="lis-cov-count">{marker}{shown}</span>')
        rows.append(
            '<li class="lis-cov-row">'
            f'<p class="lis-cov-head"><span class="lis-cov-name">{name}</span>'
            + (
                f' <span class="lis-cov-title">{esc(title)}</span>'
                if title and title != source
                else ""
            )
            + f' <span class="lis-cov-share">{fulfilled} av {applicable} tillämpliga krav '
            f"uppfyllda ({share} %{inherited})</span></p>"
            f'<div class="lis-bar" aria-hidden="true">{bar}</div>'
            f'<p class="lis-cov-counts">{" ".join(counts)}</p></li>'
        )
    return f'<ul class="lis-coverage">{"".join(rows)}</ul>'


def render_requirement_lists(ctx: SiteContext) -> str:
    out = []
    for source, reqs in requirements_by_source(ctx).items():
        out.append(f'<h3>{esc(source)}</h3><dl class="lis-req-states">')
        for c in COVERAGE_ORDER:
            ids = [r["id"] for r in reqs if coverage_of(r, ctx.needs) is c]
            if not ids:
                continue
            out.append(
                f'<dt id="{_coverage_anchor(source, c)}">'
                f"{esc(COVERAGE_WORDS[c][1].capitalize())} ({len(ids)})</dt>"
                f"<dd>{', '.join(need_link(ctx, i) for i in ids)}</dd>"
            )
        out.append("</dl>")
    return "".join(out)


# ---------------------------------------------------------------- finding lists
def render_finding_list(ctx: SiteContext, fl: FindingList) -> str:
    found = sorted(findings_with(ctx, fl.codes), key=lambda f: (f.need_id or "", f.code))
    out = [f'<section class="lis-list" id="{fl.anchor}" aria-labelledby="{fl.anchor}-h">']
    out.append(f'<h2 id="{fl.anchor}-h">{esc(fl.heading)} ({len(found)})</h2>')
    if not found:
        out.append(f"<p>{esc(fl.empty)}</p></section>")
        return "".join(out)
    rows = []
    for f in found:
        need = ctx.needs.get(f.need_id or "", {})
        rows.append(
            [
                need_link(ctx, f.need_id) if f.need_id else esc(f.file),
                f"{esc(need.get('title', ''))}<br>"
                f'<span class="lis-muted"><span class="lis-code">{esc(f.code)}</span> '
                f"{esc(f.message)}</span>",
                esc(need.get("owner") or "–"),
            ]
        )
    out.append(table(["ID", "Vad det gäller", "Ansvarig"], rows, classes="lis-findings"))
    out.append("</section>")
    return "".join(out)


# ---------------------------------------------------------------- information assets
# Self-contained: one list of three counts, linking to the register page.
ASSET_REGISTER_DOC = "tillgangar/index"


def render_asset_figures(ctx: SiteContext) -> str:
    """Assets without an owner, unclassified, and with a classification past its interval."""
    from checks.assets import ClassStatus, blank, class_status

    assets = [a for a in ctx.of_type("asset") if not a.get("is_external")]
    if not assets:
        return ""
    statuses = [class_status(a, ctx.today) for a in assets]
    figures = [
        (sum(blank(a.get("information_owner")) for a in assets), "utan informationsägare"),
        (statuses.count(ClassStatus.UNCLASSIFIED), "ej klassade"),
        (statuses.count(ClassStatus.DUE), "med klassning som ska göras om"),
    ]
    href = ctx.doc_uri(ASSET_REGISTER_DOC)
    items = "".join(_kpi(str(n), label, href, "warn" if n else "ok") for n, label in figures)
    return (
        '<section aria-labelledby="lis-tillgangar-h">'
        f'<h2 id="lis-tillgangar-h">Informationstillgångar ({len(assets)})</h2>'
        f'<ul class="lis-kpis">{items}</ul></section>'
    )


def render_dashboard(ctx: SiteContext) -> str:
    gate = Settings.from_dict(ctx.settings)
    max_age, due_soon = gate.review_max_age_months, gate.due_window_days
    lists = finding_lists(due_soon, gate.upcoming_window_days)
    out = [
        '<section class="lis-dashboard" aria-labelledby="lis-lage-h">',
        f'<h2 id="lis-lage-h">Läget den {esc(sv_date(ctx.today))}</h2>',
        render_key_figures(ctx, lists, max_age),
        "</section>",
        render_asset_figures(ctx),
        '<section aria-labelledby="lis-tackning-h">',
        '<h2 id="lis-tackning-h">Täckning per källa</h2>',
        "<p>Hur kraven i varje källa är omhändertagna: <em>uppfylld</em> av en gällande egen rutin "
        "eller en utbildning, <em>ärvd</em> när bara stadens gemensamma styrdokument och funktioner "
        "uppfyller kravet (räknas som uppfyllt), <em>delvis</em> när gällande dokument bara uppfyller "
        "en del av kravet, <em>planerad</em> i en aktivitet som inte är klar, <em>ospårad</em> när "
        "inget uppfyller kravet, eller <em>ej tillämplig</em> för kontoret.</p>",
        render_coverage(ctx),
        "</section>",
    ]
    out.extend(render_finding_list(ctx, fl) for fl in lists)
    out.append('<section id="lis-krav-per-kalla" aria-labelledby="lis-krav-per-kalla-h">')
    out.append('<h2 id="lis-krav-per-kalla-h">Krav per källa och täckning</h2>')
    out.append(render_requirement_lists(ctx))
    out.append("</section>")
    return "".join(out)
