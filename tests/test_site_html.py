"""checks.site.html: escaping, Swedish dates, need links and accessible tables."""

from __future__ import annotations

from datetime import date

from sitefixture import parse

from checks.site.context import SiteContext
from checks.site.html import esc, need_link, plural, sv_date, table


def test_escapes_markup_and_quotes() -> None:
    assert esc('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"


def test_swedish_dates() -> None:
    assert sv_date(date(2026, 11, 29)) == "29 november 2026"
    assert sv_date(date(2025, 1, 1)) == "1 januari 2025"


def test_need_link_carries_the_title_and_unknown_ids_stay_text() -> None:
    ctx = SiteContext(
        needs={"RUT-001": {"id": "RUT-001", "title": "Rutin <för> test", "docname": "r"}},
        today=date(2026, 1, 1),
    )
    link = parse(need_link(ctx, "RUT-001")).find("a")
    assert link.attrs["href"] == "r.html#RUT-001"
    assert link.attrs["title"] == "Rutin <för> test"
    assert need_link(ctx, "RUT-404") == "RUT-404"


def test_table_has_caption_column_and_row_headers() -> None:
    markup = table(
        ["ID", "Titel"],
        [["A-1", "Ett"], ["B-2", "Två"]],
        caption="Tabell",
        row_classes=["", "lis-row-alert"],
    )
    doc = parse(markup)
    assert doc.find("caption").text() == "Tabell"
    assert [th.attrs["scope"] for th in doc.find("thead").find_all("th")] == ["col", "col"]
    rows = doc.find("tbody").find_all("tr")
    assert [r.find("th").attrs["scope"] for r in rows] == ["row", "row"]
    assert "lis-row-alert" in rows[1].classes and not rows[0].classes
    assert "lis-table-wrap" in doc.find("div").classes


def test_plural() -> None:
    assert plural(1, "risk", "risker") == "1 risk"
    assert plural(0, "risk", "risker") == "0 risker"
