"""checks.sphinxext.widgets: placeholders filled at build time, links that resolve, rebuilds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitefixture import FIXTURE, built, parse, sphinx_build

from checks.locations import catalog_index
from checks.matrix import source_titles

WIDGET_PAGES = ["index", "riskmatris", "handlingsplan", "relationer"]


@pytest.mark.parametrize("docname", WIDGET_PAGES)
def test_every_link_of_a_widget_page_resolves(docname: str) -> None:
    out = built()
    page = out / f"{docname}.html"
    for href, text in parse(page.read_text(encoding="utf-8")).links():
        parts = urlsplit(href)
        if parts.scheme or not href:
            continue
        target = (page.parent / parts.path).resolve() if parts.path else page
        assert target.is_file(), f"{docname}: {href} ({text}) leder ingenstans"
        if parts.fragment:
            ids = {e.attrs.get("id") for e in parse(target.read_text(encoding="utf-8")).iter()}
            assert parts.fragment in ids, f"{docname}: #{parts.fragment} saknas i {target.name}"


def test_no_placeholder_survives() -> None:
    for docname in WIDGET_PAGES:
        assert "lis_widget" not in (built() / f"{docname}.html").read_text(encoding="utf-8")


def test_source_titles_come_from_the_catalogs() -> None:
    assert source_titles(catalog_index(FIXTURE).catalogs) == {"ALFA": "Alfalagen", "BETA": "Betastandarden"}
    assert source_titles(catalog_index(Path("/nonexistent")).catalogs) == {}


def test_widget_pages_are_rebuilt_with_the_date_the_gate_uses(tmp_path: Path) -> None:
    out = tmp_path / "html"
    assert sphinx_build(out, today=date(2026, 11, 29)).returncode == 0
    # lis_today (as `lis build --today` sets it) wins over LIS_TODAY; nothing else changed,
    # so only the widget pages' own rule makes Sphinx write them again.
    result = sphinx_build(out, date(2026, 11, 29), "html", "-D", "lis_today=2026-11-01")
    assert result.returncode == 0, result.stderr
    heading = parse((out / "index.html").read_text(encoding="utf-8")).find("h2", id="lis-lage-h")
    assert heading.text() == "Läget den 1 november 2026"


def test_other_builders_drop_the_widgets(tmp_path: Path) -> None:
    result = sphinx_build(tmp_path / "text", builder="text")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "text" / "index.txt").read_text(encoding="utf-8")
    assert text.startswith("Testkontoret") and not re.search(r"lis[-_]", text)
