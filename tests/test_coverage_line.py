"""checks.sphinxext.coverage_line: the coverage line on a catalog page, per source, kept current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from projectbuild import built, copy_fixture, docs_read, sphinx_build

from checks.coverage import Coverage
from checks.sphinxext.coverage_line import coverage_sentence, source_requirements

_LINE = re.compile(r'<p class="lis-coverage-line">([^<]*)</p>')


def lines(page: Path) -> list[str]:
    return _LINE.findall(page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("coverage_line")
    root = copy_fixture("coverage_line", tmp)
    built(sphinx_build(root, tmp / "html"))
    return tmp / "html"


def test_sentence_names_every_state_in_order() -> None:
    counts = {Coverage.NOT_APPLICABLE: 2, Coverage.FULFILLED: 3, Coverage.PLANNED: 1}
    assert coverage_sentence(counts) == (
        "Täckning: 75 % av tillämpliga krav uppfyllda (3 av 4); 0 ärvd, 0 delvis, 1 planerad, 0 ospårad; 2 ej tillämplig (av 6 krav)"
    )


def test_source_requirements_are_the_req_needs_of_that_source() -> None:
    needs = [
        {"id": "A-1", "type": "req", "source": "A"},
        {"id": "B-1", "type": "req", "source": "B"},
        {"id": "RUT-001", "type": "routine", "source": "A"},
    ]
    assert [n["id"] for n in source_requirements(needs, "A")] == ["A-1"]


def test_catalog_page_counts_its_source(site: Path) -> None:
    # PROV-1 by a live routine, PROV-2 by a planned activity, PROV-3 only by a
    # finished activity (untraced), PROV-4 not applicable.
    assert lines(site / "prov.html") == [
        "Täckning: 33 % av tillämpliga krav uppfyllda (1 av 3); 0 ärvd, 0 delvis, 1 planerad, 1 ospårad; 1 ej tillämplig (av 4 krav)"
    ]


def test_another_source_is_counted_on_its_own(site: Path) -> None:
    assert lines(site / "annan.html") == [
        "Täckning: 100 % av tillämpliga krav uppfyllda (1 av 1); 0 ärvd, 0 delvis, 0 planerad, 0 ospårad; 0 ej tillämplig (av 1 krav)"
    ]


def test_pages_without_a_catalog_have_no_line(site: Path) -> None:
    assert lines(site / "rutiner.html") == []
    assert lines(site / "index.html") == []


def test_line_follows_a_change_on_another_page(tmp_path: Path) -> None:
    root = copy_fixture("coverage_line", tmp_path)
    out = tmp_path / "html"
    built(sphinx_build(root, out))
    page = root / "docs" / "rutiner.md"
    text = page.read_text(encoding="utf-8")
    # The planned activity is done: PROV-2 has nothing left that covers it.
    page.write_text(text.replace(":status: planerad", ":status: genomförd"), encoding="utf-8")

    result = built(sphinx_build(root, out))

    assert docs_read(result.stdout) == ["rutiner"]
    assert lines(out / "prov.html") == [
        "Täckning: 33 % av tillämpliga krav uppfyllda (1 av 3); 0 ärvd, 0 delvis, 0 planerad, 2 ospårad; 1 ej tillämplig (av 4 krav)"
    ]


def test_each_requirement_shows_its_own_state_under_its_box(site: Path) -> None:
    page = (site / "prov.html").read_text(encoding="utf-8")
    states = re.findall(r'<p class="lis-req-cov lis-req-cov-(\w+)">Täckning: <strong>([^<]+)</strong>', page)
    assert states == [
        ("fulfilled", "uppfylld"),
        ("planned", "planerad"),
        ("untraced", "ospårad"),
        ("not_applicable", "ej tillämplig"),
    ]
    assert "bara aktiviteter som inte är klara uppfyller kravet" in page
    # right after PROV-2's box
    assert page.index('id="PROV-2"') < page.index("lis-req-cov-planned") < page.index('id="PROV-3"')


def test_search_finds_a_need_by_its_exact_id(site: Path) -> None:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    docnames = index["docnames"]
    [(file, anchor, main)] = index["indexentries"]["prov-2"]
    assert (docnames[file], anchor, main) == ("prov", "PROV-2", True)
