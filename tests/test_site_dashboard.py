"""checks.site.dashboard: the gate's numbers, each a link to its list, and coverage per source."""

from __future__ import annotations

from datetime import date

import pytest
import sitefixture
from sitefixture import context, parse

from checks.evaluate import evaluate
from checks.site.dashboard import render_dashboard

ANCHORS = [
    "#lis-inaktuella",
    "#lis-granskas-snart",
    "#lis-forsenade",
    "#lis-obehandlade-risker",
    "#lis-snart-gallande",
    "#lis-delvis-utan-aktivitet",
    "#lis-andrade-krav",
]


@pytest.fixture(scope="module")
def doc() -> sitefixture.Element:
    return parse(render_dashboard(context()))


def kpi_values(doc: sitefixture.Element) -> dict[str, str]:
    return {
        a.attrs["href"]: a.find(cls="lis-kpi-value").text()
        for a in doc.find("ul", cls="lis-kpis").find_all("a")
        if a.attrs["href"].startswith("#")
    }


def test_every_number_links_to_a_list_of_that_length(doc: sitefixture.Element) -> None:
    values = kpi_values(doc)
    assert list(values) == ANCHORS
    for anchor, value in values.items():
        section = doc.by_id(anchor[1:])
        rows = section.find_all("tbody")
        assert len(rows[0].find_all("tr") if rows else []) == int(value), anchor
        assert section.find("h2").text().endswith(f"({value})")


def test_numbers_are_the_gates_findings(doc: sitefixture.Element) -> None:
    ctx = context()
    codes = [f.code for f in evaluate(ctx.needs, ctx.settings, ctx.today)]
    expected = [codes.count(c) for c in ("LIS020", "LIS021", "LIS030", "LIS031", "LIS013", "LIS012", "LIS023")]
    assert [int(v) for v in kpi_values(doc).values()] == expected == [1, 1, 1, 1, 0, 0, 0]
    assert ("innehall.html#RUT-002", "RUT-002") in doc.by_id("lis-inaktuella").links()
    assert ("innehall.html#RUT-001", "RUT-001") in doc.by_id("lis-granskas-snart").links()
    assert ("innehall.html#AKT-2025-02", "AKT-2025-02") in doc.by_id("lis-forsenade").links()
    assert ("innehall.html#RISK-B", "RISK-B") in doc.by_id("lis-obehandlade-risker").links()


def test_severity_colours_the_number(doc: sitefixture.Element) -> None:
    items = {li.find("a").attrs["href"]: li.classes for li in doc.find_all("li", cls="lis-kpi")[:4]}
    assert "lis-kpi-alert" in items["#lis-inaktuella"]  # LIS020 is an error
    assert "lis-kpi-warn" in items["#lis-granskas-snart"]  # LIS021 is a warning


def test_management_review_and_when_the_next_is_due(doc: sitefixture.Element) -> None:
    review = doc.find("li", cls="lis-kpi-review")
    assert ("innehall.html#LG-2025", "1 december 2025") in review.links()
    assert "Nästa senast 1 december 2026" in review.text()
    late = parse(render_dashboard(context(today=date(2027, 1, 15)))).find(
        "li", cls="lis-kpi-review"
    )
    assert "lis-kpi-alert" in late.classes
    assert "Försenad: nästa skulle ha hållits senast 1 december 2026" in late.text()


def test_no_review_at_all() -> None:
    ctx = context()
    without = {k: v for k, v in ctx.needs.items() if v["type"] != "review"}
    review = parse(render_dashboard(context(needs=without))).find("li", cls="lis-kpi-review")
    assert "Ingen fastställd ledningens genomgång" in review.text()


def test_coverage_bar_per_source(doc: sitefixture.Element) -> None:
    rows = doc.find_all("li", cls="lis-cov-row")
    assert len(rows) == 2
    alfa = rows[0]
    assert ("krav.html", "ALFA") in alfa.links()
    assert "1 av 3 tillämpliga krav uppfyllda (33 %)" in alfa.text()
    counts = [span.text() for span in alfa.find_all("span", cls="lis-cov-count")]
    assert counts == ["1 uppfylld", "0 ärvda", "0 delvis uppfyllda", "1 planerad", "1 ospårad", "1 ej tillämplig"]
    widths = [span.attrs["style"] for span in alfa.find("div", cls="lis-bar").find_all("span")]
    assert widths == ["width:25.00%"] * 4
    assert alfa.find("div", cls="lis-bar").attrs["aria-hidden"] == "true"
    beta_counts = [span for span in rows[1].find_all("span", cls="lis-cov-count")]
    assert beta_counts[1].find_all("a") == []  # nothing behind a zero


def test_coverage_counts_link_to_the_requirement_lists(doc: sitefixture.Element) -> None:
    href = dict((text, href) for href, text in doc.find_all("li", cls="lis-cov-row")[0].links())[
        "1 ospårad"
    ]
    target = doc.by_id(href[1:])
    assert target.text() == "Ospårade (1)"
    dd_links = [
        t for section in doc.find_all("dl", cls="lis-req-states") for _, t in section.links()
    ]
    assert "ALFA-1" in dd_links


def test_built_index_holds_the_dashboard() -> None:
    page = sitefixture.page("index")
    assert page.find("h2", id="lis-lage-h").text() == "Läget den 29 november 2026"
    assert page.find("ul", cls="lis-kpis")
