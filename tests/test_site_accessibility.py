"""The tillgänglighetsredogörelse (checks.site.accessibility) and lis build --axe's results (checks.axe_audit)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sitefixture import context, parse

from checks import axe_audit
from checks.errors import ProjectError
from checks.settings import Settings
from checks.site.accessibility import END, START, render_accessibility, render_axe_results


def statement(**settings: str) -> str:
    return render_accessibility(context(settings=Settings.from_dict(settings)))


def test_empty_settings_say_uppgift_saknas_and_invent_nothing() -> None:
    doc = parse(statement())
    text = doc.text()
    # contact, how to report, date of the last assessment, organisation
    assert [e.text() for e in doc.find_all("strong", cls="lis-missing")] == ["uppgift saknas"] * 4
    assert "@" not in text and "tel" not in text.lower()
    assert "Organisationen bakom webbplatsen står bakom" in text
    assert "inte bedömts manuellt" in text


def test_settings_fill_the_statement() -> None:
    text = parse(
        statement(
            office="Testkontoret",
            accessibility_contact="lis@example.se",
            accessibility_report="formuläret på intranätet",
            accessibility_assessed="2026-10-01",
        )
    ).text()
    assert "uppgift saknas" not in text
    assert "Testkontoret står bakom den här webbplatsen" in text
    assert "lis@example.se" in text and "formuläret på intranätet" in text
    assert "bedömdes senast manuellt den 1 oktober 2026" in text
    # an own organisation overrides the office
    assert "Annan förvaltning står bakom" in parse(statement(office="X", accessibility_organisation="Annan förvaltning")).text()


def test_digg_is_the_supervisor_and_the_automatic_check_is_honest() -> None:
    html = statement()
    text = parse(html).text()
    assert "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn" in text
    assert "https://www.digg.se/tdosanmalan" in html
    assert "Inte automatiskt:" in text and "tangentbordet" in text
    assert START in html and END in html
    assert "kördes inte när den här webbplatsen byggdes" in text


def test_assessment_date_is_validated() -> None:
    with pytest.raises(ProjectError, match="accessibility_assessed"):
        Settings.from_dict({"accessibility_assessed": "i höstas"})
    assert Settings.from_dict({"accessibility_assessed": ""}).accessibility_assessed == ""


def results(serious: int = 0) -> axe_audit.AxeResults:
    violations = [{"id": "color-contrast", "impact": "serious", "help": "Elements must meet contrast", "nodes": 3}] * serious
    return axe_audit.AxeResults(
        "2026-11-29",
        "4.12.1",
        [
            axe_audit.PageResult("index", "LIS", "dator, ljust tema", violations, incomplete=1, passes=30),
            axe_audit.PageResult("index", "LIS", "mobil, mörkt tema", [], incomplete=0, passes=30),
        ],
    )


def test_results_table_one_row_per_page_in_swedish() -> None:
    doc = parse(render_axe_results(results()))
    assert "axe-core 4.12.1 granskade 1 sida den 29 november 2026 i 2 lägen" in doc.text()
    assert "inga allvarliga eller kritiska brister" in doc.text()
    rows = [r.text() for r in doc.find("tbody").find_all("tr")]
    assert rows == ["Startsidan 0 / 0 0 / 0 1 / 0"]
    found = parse(render_axe_results(results(serious=1))).text()
    assert "Den hittade 1 allvarlig eller kritisk brist." in found
    assert "Texten har för låg kontrast mot bakgrunden (allvarlig; axe-regeln color-contrast , 3 ställen)" in found  # text() joins with spaces
    assert "Elements must" not in found  # axe's English texts stay out


def test_write_puts_the_results_between_the_markers(tmp_path: Path) -> None:
    page = tmp_path / "tillganglighet.html"
    page.write_text(f"<p>före</p>{START}<p>kördes inte</p>{END}<p>efter</p>", encoding="utf-8")
    axe_audit.write(tmp_path, results())
    text = page.read_text(encoding="utf-8")
    assert "kördes inte" not in text and "före" in text and "efter" in text
    assert "Startsidan" in text
    assert axe_audit.load(tmp_path / axe_audit.RESULTS_NAME) == results()
    assert dt.date.fromisoformat(results().checked_on)
