"""checks.site.actionplan: activities per year and status; overdue ones stand out."""

from __future__ import annotations

from datetime import date

import sitefixture
from sitefixture import context, parse

from checks.site.actionplan import render_actionplan
from checks.site.context import SiteContext


def rows_by_id(doc: sitefixture.Element) -> dict[str, sitefixture.Element]:
    return {
        tr.find("th").text(): tr
        for table in doc.find_all("table", cls="lis-activity-table")
        for tr in table.find("tbody").find_all("tr")
    }


def test_one_section_per_year_in_order() -> None:
    doc = parse(render_actionplan(context()))
    sections = doc.find_all("section", cls="lis-year")
    assert [s.attrs["id"] for s in sections] == ["lis-ar-2025", "lis-ar-2027"]
    assert [s.find("h2").text() for s in sections] == ["2025", "2027"]
    assert "1 pågående, 1 genomförd" in sections[0].text()


def test_status_table_counts_per_year() -> None:
    doc = parse(render_actionplan(context()))
    table = doc.find("table", cls="lis-status-table")
    headers = [th.text() for th in table.find("thead").find_all("th")]
    assert headers[:6] == ["År", "Planerad", "Pågående", "Genomförd", "Uppskjuten", "Struken"]
    first = table.find("tbody").find_all("tr")[0]
    cells = [first.find("th").text()] + [td.text() for td in first.find_all("td")]
    assert cells == ["2025", "0", "1", "1", "0", "0", "2", "1"]
    assert ("#lis-ar-2025", "2025") in first.links()


def test_overdue_activity_is_marked_in_words_and_colour() -> None:
    doc = parse(render_actionplan(context()))
    rows = rows_by_id(doc)
    assert "lis-row-alert" in rows["AKT-2025-02"].classes
    assert "Försenad" in rows["AKT-2025-02"].text()
    assert "lis-row-alert" not in rows["AKT-2025-01"].classes  # done, so not late
    assert "Försenad" not in rows["AKT-2027-01"].text()
    assert "1 aktivitet är försenad" in doc.find("p", cls="lis-lead").text()


def test_what_each_activity_fulfils_and_treats() -> None:
    rows = rows_by_id(parse(render_actionplan(context())))
    assert ("innehall.html#RISK-A", "RISK-A") in rows["AKT-2025-02"].links()
    assert "Hanterar RISK-A" in rows["AKT-2025-02"].text()
    assert ("krav.html#ALFA-3", "ALFA-3") in rows["AKT-2027-01"].links()
    assert "Uppfyller ALFA-3" in rows["AKT-2027-01"].text()
    assert "2027-12-31" in rows["AKT-2027-01"].text()


def test_nothing_is_late_before_the_due_date() -> None:
    doc = parse(render_actionplan(context(today=date(2025, 6, 1))))
    assert not doc.find_all("tr", cls="lis-row-alert")
    assert "Ingen aktivitet är försenad" in doc.text()


def test_activity_without_year() -> None:
    ctx = SiteContext(
        needs={
            "AKT-X-1": {
                "id": "AKT-X-1",
                "type": "activity",
                "title": "Utan år",
                "status": "planerad",
                "docname": "a",
            }
        },
        today=date(2026, 1, 1),
        findings=[],
    )
    doc = parse(render_actionplan(ctx))
    assert doc.by_id("lis-ar-saknas").find("h2").text() == "Aktiviteter utan år"


def test_no_activities() -> None:
    assert "inga aktiviteter" in render_actionplan(
        SiteContext(needs={}, today=date(2026, 1, 1), findings=[])
    )
