"""checks.sphinxext.matrix_page: the Spårbarhetsmatris page and the downloads of the same build."""

from __future__ import annotations

import html.parser
import io
import os
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

from exportfixture import AS_OF, EXPECTED, FIXTURE, ORDER, SITE_URL, catalogs, temp_dir
from openpyxl import load_workbook

from checks.exporters import csv_, xlsx
from checks.matrix import COLUMNS
from checks.needs import load_needs


@lru_cache(maxsize=1)
def built() -> Path:
    """The fixture's HTML site, built once with warnings as errors.

    The gate's rules are off (``lis_rules``): the fixture has an untraced
    requirement on purpose, which the rules would rightly turn into an error.
    """
    out = temp_dir("lis-matrix-page-") / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", "-D", "lis_rules=0",
         "-c", str(FIXTURE), str(FIXTURE / "docs"), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LIS_TODAY": AS_OF},
        timeout=300,
    )
    assert result.returncode == 0, f"sphinx-build misslyckades:\n{result.stderr}"
    return out


class Page(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def page(name: str) -> tuple[str, list[tuple[str, dict[str, str]]]]:
    text = (built() / name).read_text(encoding="utf-8")
    parser = Page()
    parser.feed(text)
    return text, parser.tags


def test_the_page_lists_every_requirement_with_its_coverage() -> None:
    _, tags = page("matris.html")
    rows = [a for t, a in tags if t == "tr" and "data-coverage" in a]
    assert [a["data-coverage"] for a in rows] == [EXPECTED[i].value for i in ORDER]
    assert [a["data-source"] for a in rows] == ["ALFA"] * 4 + ["BETA"] * 2


def test_the_page_links_each_id_to_where_it_is_written() -> None:
    _, tags = page("matris.html")
    hrefs = {a["href"] for t, a in tags if t == "a" and "#" in a.get("href", "")}
    for need_id, target in (("ALFA-1", "krav.html"), ("RUT-001", "innehall.html"), ("AKT-2026-02", "innehall.html")):
        assert f"{target}#{need_id}" in hrefs
        assert f'id="{need_id}"' in (built() / target).read_text(encoding="utf-8")


def test_the_table_is_accessible_and_scrolls_on_a_phone() -> None:
    _, tags = page("matris.html")
    assert ("caption", {"id": "matris-caption"}) in tags
    assert any(t == "div" and a.get("class") == "matris-wrap" and a.get("role") == "region" for t, a in tags)
    labels = {a["for"] for t, a in tags if t == "label"}
    assert {"matris-q", "matris-cov", "matris-src"} <= labels
    headers = [a for t, a in tags if t == "th"]
    assert headers and all(a.get("scope") in {"col", "row"} for a in headers)
    # without the script every row is shown and the controls stay hidden
    assert not any(t == "tr" and "hidden" in a for t, a in tags)
    assert any(t == "form" and "hidden" in a for t, a in tags)


def test_script_and_styles_load_on_the_matrix_page_only() -> None:
    _, tags = page("matris.html")
    scripts = {a.get("src", "").split("?")[0] for t, a in tags if t == "script"}
    styles = {a.get("href", "").split("?")[0] for t, a in tags if t == "link"}
    assert "_static/matris.js" in scripts and "_static/matris.css" in styles
    assert (built() / "_static" / "matris.js").is_file()
    assert (built() / "_static" / "matris.css").is_file()
    index, _ = page("index.html")
    assert "matris.js" not in index
    assert not re.search(r'(src|href)="https?://', (built() / "matris.html").read_text(encoding="utf-8").split("<body")[0])


def test_downloads_of_the_same_build() -> None:
    _, tags = page("matris.html")
    downloads = [a["href"] for t, a in tags if t == "a" and "download" in a]
    assert downloads == ["matris.xlsx", "matris.csv"]
    out = built()
    needs = load_needs(out / "needs.json")
    from checks.matrix import build_matrix

    matrix = build_matrix(needs, catalogs(), FIXTURE, site_url=SITE_URL, as_of=AS_OF, checked=AS_OF)
    # the site's files are what `lis export matrix` writes for the same content
    assert (out / "matris.csv").read_bytes() == csv_.render(matrix)
    assert (out / "matris.xlsx").read_bytes() == xlsx.render(matrix)
    ws = load_workbook(io.BytesIO((out / "matris.xlsx").read_bytes()))["Matris"]
    rows = list(ws.iter_rows(values_only=True))
    assert tuple(rows[0]) == COLUMNS
    assert [r[1] for r in rows[1:]] == ORDER


def test_the_matrix_page_explains_all_six_coverage_states() -> None:
    from checks.coverage import COVERAGE_ORDER

    text = (Path(__file__).resolve().parents[1] / "docs" / "oversikt" / "matris.md").read_text(encoding="utf-8")
    for state in COVERAGE_ORDER:
        assert f"**{state.value}**" in text, state
