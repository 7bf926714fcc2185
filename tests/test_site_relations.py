"""checks.site.relations: each routine and the requirements it answers, per source."""

from __future__ import annotations

import sitefixture
from sitefixture import context, parse

from checks.site.relations import answered, render_relations


def test_a_routine_answers_several_sources_including_derived_requirements() -> None:
    ctx = context()
    result = answered(ctx, ctx.needs["RUT-001"])
    assert result == {
        "ALFA": {"ALFA-2": None, "ALFA-1": "BETA-2"},
        "BETA": {"BETA-1": None, "BETA-2": None},
    }


def test_table_row_per_routine() -> None:
    doc = parse(render_relations(context()))
    rows = {tr.find("th").text(): tr for tr in doc.find("tbody").find_all("tr")}
    assert list(rows) == ["RUT-001", "RUT-002"]
    first = rows["RUT-001"]
    sources = [
        li.find("strong").text() for li in first.find("ul", cls="lis-req-by-source").find_all("li")
    ]
    assert sources == ["ALFA", "BETA"]
    assert first.find("abbr").attrs["title"] == "Alfalagen"
    assert "ALFA-1 (via BETA-2)" in first.text()
    assert first.find_all("td")[-1].text() == "2"
    assert "Inga krav kopplade" in rows["RUT-002"].text()
    assert "1 rutin svarar mot krav i mer än en källa" in doc.find("p", cls="lis-lead").text()


def test_built_page_links_to_the_requirements() -> None:
    doc = sitefixture.page("relationer")
    assert ("krav.html#BETA-1", "BETA-1") in doc.links()
