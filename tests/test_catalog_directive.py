"""checks.sphinxext.catalog_directive: a catalog file rendered as req needs, re-read only when it changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from projectbuild import built, copy_fixture, docs_read, sphinx_build

from checks.needs import load_needs


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("catalog_min")
    root = copy_fixture("catalog_min", tmp)
    built(sphinx_build(root, tmp / "html"))
    return tmp / "html"


@pytest.fixture(scope="module")
def needs(site: Path) -> dict[str, dict[str, Any]]:
    return load_needs(site / "needs.json")


def need_box(page: Path, need_id: str) -> str:
    """The HTML of one need's box: from its anchor to the next need's."""
    html = page.read_text(encoding="utf-8")
    start = html.index(f'id="{need_id}"')
    following = re.search(r'<table class="[^"]*need', html[start + 1 :])
    return html[start : start + 1 + following.start()] if following else html[start:]


def test_requirement_is_a_req_need_with_its_fields(needs: dict[str, dict[str, Any]]) -> None:
    req = needs["MINI-1"]
    assert req["type"] == "req"
    assert req["docname"] == "krav"
    assert {k: req[k] for k in ("title", "source", "ref", "applicable", "applies_from", "changed")} == {
        "title": "Förteckning över behandlingar",
        "source": "MINI",
        "ref": "1 § andra stycket",
        "applicable": True,
        "applies_from": "2024-07-01",
        "changed": "2025-01-01",
    }
    assert req["content"] == "Föra en förteckning över **alla** behandlingar."
    assert req["tags"] == ["dataskydd"]
    assert req["derives"] == ["MINI-2"]
    assert req["fulfils_back"] == ["RUT-001"]


def test_not_applicable_requirement_keeps_its_justification(needs: dict[str, dict[str, Any]]) -> None:
    req = needs["MINI-2"]
    assert req["applicable"] is False
    assert req["justification"] == "Kontoret bedriver ingen sjöfart."
    assert req["derives_back"] == ["MINI-1"]


def test_need_box_shows_reference_dates_and_what_fulfils_it(site: Path) -> None:
    box = need_box(site / "krav.html", "MINI-1")
    for shown in ("1 § andra stycket", "2024-07-01", "2025-01-01", "<strong>alla</strong>"):
        assert shown in box
    assert "uppfylls av" in box
    assert 'href="rutin.html#RUT-001"' in box


def test_source_box_shows_the_catalogs_metadata(site: Path) -> None:
    html = (site / "krav.html").read_text(encoding="utf-8")
    for shown in ("Riksdagen", "SFS 2024:1", "2024-01-01", "requirements/mini.yaml",
                  'href="https://example.org/minilagen"', "En lag för tester."):
        assert shown in html


def test_editing_the_catalog_rereads_only_its_page(tmp_path: Path) -> None:
    root = copy_fixture("catalog_min", tmp_path)
    out = tmp_path / "html"
    first = built(sphinx_build(root, out))
    assert sorted(docs_read(first.stdout)) == ["index", "krav", "rutin"]
    catalog = root / "requirements" / "mini.yaml"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(
        text.replace("title: Förteckning över behandlingar", "title: Förteckning över alla behandlingar"),
        encoding="utf-8",
    )

    second = built(sphinx_build(root, out))

    assert docs_read(second.stdout) == ["krav"]
    assert load_needs(out / "needs.json")["MINI-1"]["title"] == "Förteckning över alla behandlingar"
