"""The built site in headless Chromium: clean pages, no outside requests, search, WCAG 2.1 AA."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checks.needs import load_needs
from sitepages import FIXED_PAGES

# The pages the issue names: dashboard, traceability matrix, risk matrix, activity
# plan and a routine; the routine's page is found from needs.json.
MAIN_PAGES = [*FIXED_PAGES, "rutin"]
ROUTINE = "RUT-002"
ROOT = Path(__file__).resolve().parents[2]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def needs(built_site: Path) -> dict[str, dict[str, Any]]:
    return load_needs(built_site / "needs.json")


@pytest.fixture(scope="session")
def pages(needs: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {**FIXED_PAGES, "rutin": f"{needs[ROUTINE]['docname']}.html"}


@pytest.fixture(scope="session")
def gate(built_site: Path, site_date: str) -> list[dict[str, Any]]:
    """The findings of `lis check` for the same content and date as the site."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "checks.main",
            "check",
            "--root",
            str(ROOT),
            "--today",
            site_date,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["findings"]


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_page_renders_without_errors_or_outside_requests(
    name: str,
    pages: dict[str, str],
    built_site: Path,
    site_url: str,
    open_page: Any,
    screenshots: Path,
    viewports: dict[str, dict[str, int]],
) -> None:
    path = pages[name]
    assert (built_site / path).is_file(), f"{path} saknas i den byggda webbplatsen"
    for label, viewport in viewports.items():
        visit = open_page(site_url + path, viewport)
        visit.page.screenshot(
            path=str(screenshots / f"{name}-{viewport['width']}.png"), full_page=True
        )
        assert visit.console_errors == [], f"{path} ({label}): fel i konsolen"
        assert visit.failed == [], f"{path} ({label}): misslyckade anrop"
        assert visit.outside() == [] and visit.blocked == [], f"{path}: anrop utanför webbplatsen"
        assert visit.page.locator("h1").count() == 1
        # Nothing may widen the page on a phone; wide tables scroll in their own box.
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{path} ({label}) är {overflow} px för bred"


@pytest.mark.parametrize("name", MAIN_PAGES)
@pytest.mark.parametrize("mode", ["desktop-ljust", "mobil-morkt"])
def test_page_meets_wcag_21_aa_as_far_as_axe_can_tell(
    name: str,
    mode: str,
    pages: dict[str, str],
    site_url: str,
    open_page: Any,
    viewports: dict[str, dict[str, int]],
) -> None:
    # Light theme on a desktop, dark theme (furo follows the system) on a phone,
    # where wide content scrolls and colours differ.
    viewport, scheme = (
        (viewports["desktop"], "light") if mode == "desktop-ljust" else (viewports["mobil"], "dark")
    )
    visit = open_page(site_url + pages[name], viewport, scheme)
    visit.page.add_script_tag(content=axe_script())
    results = visit.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    blocking = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:5]
        )
        for v in results["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], "\n".join(blocking)
    assert visit.outside() == [] and visit.blocked == []


def test_search_finds_registerutdrag(
    needs: dict[str, dict[str, Any]], site_url: str, open_page: Any, screenshots: Path
) -> None:
    about = {
        n["docname"]
        for n in needs.values()
        if n["type"] in ("routine", "activity") and "registerutdrag" in n["title"].lower()
    }
    assert about, "ingen rutin eller aktivitet handlar om registerutdrag"
    visit = open_page(site_url + "search.html?q=registerutdrag")
    results = visit.page.locator("#search-results ul.search li a")
    results.first.wait_for(timeout=15_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    visit.page.screenshot(path=str(screenshots / "sok-registerutdrag-1400.png"), full_page=True)
    found = {h.split("#")[0].split("?")[0].removesuffix(".html") for h in hrefs}
    assert about & found, f"sökningen hittade {hrefs}, inte {sorted(about)}"
    assert visit.console_errors == [] and visit.outside() == [] and visit.blocked == []


def _count_of(findings: list[dict[str, Any]], code: str) -> int:
    return sum(1 for f in findings if f["code"] == code)


def test_start_page_figures_are_the_gates_and_link_to_their_sections(
    gate: list[dict[str, Any]], site_url: str, open_page: Any
) -> None:
    visit = open_page(site_url + "index.html")
    page = visit.page
    overdue = _count_of(gate, "LIS020") + _count_of(gate, "LIS030")
    late = page.locator('.lis-kpi a[href="#lis-forsenat"] .lis-kpi-value')
    assert late.inner_text() == str(overdue)
    assert page.locator("#lis-forsenat ul.lis-late li").count() == overdue
    page.locator('.lis-kpi a[href="#lis-forsenat"]').click()
    assert page.url.endswith("#lis-forsenat")
    # The latest management review and when the next one is due.
    review = page.locator('.lis-kpi a[href="#lis-genomgang"]')
    assert re.search(r"\d{1,2} \w+ \d{4}", review.inner_text())
    assert "nästa" in review.inner_text()
    # Requirements per source: one row per source and a total, the one wording.
    assert page.locator("table.lis-krav-table tbody tr").count() >= 2
    assert "av tillämpliga krav" in page.locator("#lis-krav").inner_text()
    # Plain Swedish: no rule codes on the start page.
    assert not re.search(r"LIS0\d\d", page.locator("article").inner_text())


def test_risk_matrix_places_each_assessed_risk_in_its_cell(
    needs: dict[str, dict[str, Any]], site_url: str, open_page: Any
) -> None:
    page = open_page(site_url + "oversikt/riskmatris.html").page
    risks = [n for n in needs.values() if n["type"] == "risk"]
    assert risks
    for risk in risks:
        likelihood, impact = risk.get("likelihood"), risk.get("impact")
        if likelihood and impact:
            cell = page.locator(f'td[data-likelihood="{likelihood}"][data-impact="{impact}"]')
            assert cell.get_by_role("link", name=risk["id"], exact=True).count() == 1, risk["id"]
        else:
            assert (
                page.locator(".lis-unplaced")
                .get_by_role("link", name=risk["id"], exact=True)
                .count()
                == 1
            )
    register = page.locator("table.lis-risk-register tbody tr")
    assert register.count() == len(risks)


def test_action_plan_marks_exactly_the_overdue_activities(
    needs: dict[str, dict[str, Any]], gate: list[dict[str, Any]], site_url: str, open_page: Any
) -> None:
    page = open_page(site_url + "oversikt/handlingsplan.html").page
    activities = [n for n in needs.values() if n["type"] == "activity"]
    assert page.locator("table.lis-activity-table tbody tr").count() == len(activities)
    overdue = {f["need_id"] for f in gate if f["code"] == "LIS030"}
    marked = page.locator("tr.lis-row-alert th a")
    assert {marked.nth(i).inner_text() for i in range(marked.count())} == overdue
    years = {n["year"] for n in activities}
    for year in years:
        assert page.locator(f"#lis-ar-{year} h2").inner_text() == str(year)
