"""checks.site.riskmatrix: the 4×4 heat map and the risk register."""

from __future__ import annotations

from datetime import date

import sitefixture
from sitefixture import context, parse

from checks.site.context import SiteContext
from checks.site.riskmatrix import render_heatmap, render_register


def cell(doc: sitefixture.Element, likelihood: int, impact: int) -> sitefixture.Element:
    return doc.find("td", data_likelihood=str(likelihood), data_impact=str(impact))


def test_each_assessed_risk_sits_in_its_cell() -> None:
    doc = parse(render_heatmap(context()))
    assert [text for _, text in cell(doc, 3, 3).links()] == ["RISK-A"]
    assert [text for _, text in cell(doc, 2, 4).links()] == ["RISK-B"]
    assert [text for _, text in cell(doc, 1, 2).links()] == ["RISK-C"]
    placed = [text for td in doc.find_all("td") for _, text in td.links()]
    assert sorted(placed) == ["RISK-A", "RISK-B", "RISK-C"]


def test_grid_is_4_by_4_with_highest_likelihood_on_top() -> None:
    doc = parse(render_heatmap(context()))
    rows = doc.find("tbody").find_all("tr")
    assert [r.find("th").text() for r in rows] == [
        "Sannolikhet 4",
        "Sannolikhet 3",
        "Sannolikhet 2",
        "Sannolikhet 1",
    ]
    assert all(len(r.find_all("td")) == 4 for r in rows)
    assert cell(doc, 4, 4).find(cls="lis-rv").text() == "RV 16"


def test_colours_follow_the_projects_threshold() -> None:
    doc = parse(render_heatmap(context()))  # site_basic: risk_threshold = 8
    assert "lis-level-high" in cell(doc, 2, 4).classes
    assert "lis-level-medium" in cell(doc, 2, 3).classes
    assert "lis-level-low" in cell(doc, 1, 3).classes
    default = parse(render_heatmap(context(settings={})))
    assert "lis-level-medium" in cell(default, 2, 4).classes
    assert "riskvärde 8 eller högre" in doc.find(cls="lis-legend").text()


def test_risks_without_assessment_are_listed_beneath() -> None:
    doc = parse(render_heatmap(context()))
    assert doc.find(cls="lis-unplaced-intro").text() == (
        "1 av 4 risker saknar bedömning (varken sannolikhet, konsekvens eller riskvärde):"
    )
    items = doc.find("ul", cls="lis-unplaced-none").find_all("li")
    assert [i.find("a").text() for i in items] == ["RISK-D"]
    assert doc.find_all("ul", cls="lis-unplaced-valued") == []


def test_risk_value_without_likelihood_and_impact_is_named_beneath() -> None:
    ctx = SiteContext(
        needs={
            "RISK-X": {
                "id": "RISK-X",
                "type": "risk",
                "title": "X",
                "risk_value": 6,
                "docname": "r",
            }
        },
        today=date(2026, 1, 1),
        findings=[],
    )
    doc = parse(render_heatmap(ctx))
    # listed as what it is: a risk value alone, not "without assessment"
    assert doc.find(cls="lis-unplaced-intro").text() == (
        "1 av 1 risker har bara ett riskvärde, utan sannolikhet och konsekvens, "
        "och kan därför inte placeras i matrisen:"
    )
    assert "(riskvärde 6, medel)" in doc.find("ul", cls="lis-unplaced-valued").text()
    assert "saknar bedömning" not in doc.text()


def test_register_lists_every_risk_highest_first_and_flags_untreated_high() -> None:
    doc = parse(render_register(context()))
    rows = doc.find("tbody").find_all("tr")
    assert [r.find("th").text() for r in rows] == ["RISK-A", "RISK-B", "RISK-C", "RISK-D"]
    by_id = {r.find("th").text(): r for r in rows}
    assert "lis-row-alert" in by_id["RISK-B"].classes
    assert "Ingen åtgärd – hög risk" in by_id["RISK-B"].text()
    assert "lis-row-alert" not in by_id["RISK-A"].classes
    assert ("innehall.html#AKT-2025-02", "AKT-2025-02") in by_id["RISK-A"].links()
    assert "3 × 3 = 9 hög" in by_id["RISK-A"].text()
    assert "ej bedömd" in by_id["RISK-D"].text()


def test_empty_register() -> None:
    ctx = SiteContext(needs={}, today=date(2026, 1, 1), findings=[])
    assert "inga risker" in render_register(ctx)
    assert "inga risker" in render_heatmap(ctx)


def test_built_page_holds_both_widgets() -> None:
    doc = sitefixture.page("riskmatris")
    assert doc.find("table", cls="lis-heatmap")
    assert doc.find("table", cls="lis-risk-register")
