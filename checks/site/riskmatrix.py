"""Riskmatris: the 4×4 heat map (sannolikhet × konsekvens) and the risk register."""

from __future__ import annotations

from typing import Any

from checks.needs import as_int, id_list
from checks.site.context import SiteContext
from checks.site.gate import UNTREATED_HIGH_RISK, need_ids_with
from checks.site.html import esc, need_link, need_links, table
from checks.site.levels import (
    SCALE,
    Level,
    high_risk_threshold,
    level_note,
    level_of,
    risk_value_of,
)


def placed(risk: dict[str, Any]) -> tuple[int, int] | None:
    """(likelihood, impact) when both are on the scale, else None."""
    likelihood, impact = as_int(risk.get("likelihood")), as_int(risk.get("impact"))
    if likelihood in SCALE and impact in SCALE:
        return likelihood, impact  # type: ignore[return-value]
    return None


def _legend(high: int) -> str:
    items = "".join(
        f'<li><span class="lis-swatch lis-level-{level.name.lower()}" aria-hidden="true"></span>'
        f"<strong>{esc(level.value.capitalize())}</strong>: {esc(level_note(level, high))}</li>"
        for level in Level
    )
    return f'<ul class="lis-legend" aria-label="Förklaring av färgerna">{items}</ul>'


def render_heatmap(ctx: SiteContext) -> str:
    high = high_risk_threshold(ctx.settings)
    risks = ctx.of_type("risk")
    cells: dict[tuple[int, int], list[str]] = {}
    unplaced: list[dict[str, Any]] = []
    for risk in risks:
        where = placed(risk)
        if where is None:
            unplaced.append(risk)
        else:
            cells.setdefault(where, []).append(risk["id"])

    out = ['<div class="lis-heatmap-wrap"><table class="lis-heatmap">']
    out.append(
        "<caption>Riskmatris: sannolikhet (rader, högst överst) × konsekvens (kolumner). "
        "Varje ruta visar riskvärdet och de risker som har bedömts dit.</caption>"
    )
    # The axis names stand once, visibly; each number header also carries its
    # axis for screen readers ("Konsekvens 3"), so a phone need not fit long words.
    out.append('<thead><tr><td class="lis-heatmap-corner"></td>')
    out.append(f'<th scope="colgroup" colspan="{len(SCALE)}">Konsekvens →</th></tr>')
    out.append('<tr><th scope="col" class="lis-axis">Sannolik&shy;het ↓</th>')
    out.extend(f'<th scope="col"><span class="lis-sr">Konsekvens </span>{i}</th>' for i in SCALE)
    out.append("</tr></thead><tbody>")
    for likelihood in reversed(SCALE):
        out.append(f'<tr><th scope="row"><span class="lis-sr">Sannolikhet </span>{likelihood}</th>')
        for impact in SCALE:
            value = likelihood * impact
            level = level_of(value, high)
            ids = cells.get((likelihood, impact), [])
            content = f'<span class="lis-rv">RV {value}</span>'
            if ids:
                content += (
                    '<ul class="lis-cell-risks">'
                    + "".join(f"<li>{need_link(ctx, i)}</li>" for i in ids)
                    + "</ul>"
                )
            out.append(
                f'<td class="lis-level-{level.name.lower()}" '
                f'data-likelihood="{likelihood}" data-impact="{impact}">{content}</td>'
            )
        out.append("</tr>")
    out.append("</tbody></table></div>")
    out.append(_legend(high))

    # Risks off the grid, told apart by what the source says: a risk value alone
    # (no likelihood and impact to place it by), or no assessment at all.
    valued = [r for r in unplaced if risk_value_of(r) is not None]
    unassessed = [r for r in unplaced if risk_value_of(r) is None]
    if valued:
        out.append(
            f'<p class="lis-unplaced-intro">{len(valued)} av {len(risks)} risker har bara ett riskvärde, '
            "utan sannolikhet och konsekvens, och kan därför inte placeras i matrisen:</p>"
        )
        out.append('<ul class="lis-unplaced lis-unplaced-valued">')
        for risk in valued:
            value = risk_value_of(risk)
            level = level_of(value, high) if value is not None else None
            note = f" (riskvärde {value}, {level.value})" if level else f" (riskvärde {value})"
            out.append(f"<li>{need_link(ctx, risk['id'])} {esc(risk.get('title', ''))}{esc(note)}</li>")
        out.append("</ul>")
    if unassessed:
        out.append(
            f'<p class="lis-unplaced-intro">{len(unassessed)} av {len(risks)} risker saknar bedömning '
            "(varken sannolikhet, konsekvens eller riskvärde):</p>"
        )
        out.append('<ul class="lis-unplaced lis-unplaced-none">')
        for risk in unassessed:
            out.append(f"<li>{need_link(ctx, risk['id'])} {esc(risk.get('title', ''))}</li>")
        out.append("</ul>")
    if not risks:
        out.append("<p>Det finns inga risker i registret.</p>")
    return "".join(out)


def _sort_key(risk: dict[str, Any]) -> tuple[int, str]:
    value = risk_value_of(risk)
    return (-(value if value is not None else 0), risk["id"])


def _assessment(risk: dict[str, Any], value: int | None, level: Level | None) -> str:
    """Likelihood × impact = risk value, and the level in words: "3 × 3 = 9, hög"."""
    if value is None or level is None:
        return "ej bedömd"
    where = placed(risk)
    formula = f"{where[0]} × {where[1]} = {value}" if where else f"RV {value}"
    badge = f'<span class="lis-badge lis-level-{level.name.lower()}">{esc(level.value)}</span>'
    return f'<span class="lis-nowrap">{esc(formula)}</span> {badge}'


def render_register(ctx: SiteContext) -> str:
    high = high_risk_threshold(ctx.settings)
    risks = sorted(ctx.of_type("risk"), key=_sort_key)
    if not risks:
        return "<p>Det finns inga risker i registret.</p>"
    untreated = need_ids_with(ctx, UNTREATED_HIGH_RISK)
    rows: list[list[str]] = []
    row_classes: list[str] = []
    for risk in risks:
        value = risk_value_of(risk)
        level = level_of(value, high) if value is not None else None
        treated_by = id_list(risk.get("treats_back"))
        untreated_high = risk["id"] in untreated
        if untreated_high:
            treatment = '<strong class="lis-alert">Ingen åtgärd – hög risk</strong>'
        elif treated_by:
            treatment = need_links(ctx, treated_by)
        else:
            treatment = "Ingen"
        rows.append(
            [
                need_link(ctx, risk["id"]),
                esc(risk.get("title", "")),
                esc(risk.get("origin") or "–"),
                _assessment(risk, value, level),
                esc(risk.get("status") or "–"),
                treatment,
            ]
        )
        row_classes.append("lis-row-alert" if untreated_high else "")
    return table(
        ["ID", "Risk", "Ursprung", "Bedömning", "Status", "Hanteras av"],
        rows,
        caption=f"Riskregistret: {len(risks)} risker, högst riskvärde först.",
        classes="lis-risk-register",
        row_classes=row_classes,
    )
