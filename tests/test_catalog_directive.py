"""checks.sphinxext.catalog_directive: a catalog file rendered as req needs, re-read only when it changes."""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any

import pytest
from projectbuild import built, copy_fixture, docs_read, sphinx_build

from checks.needs import load_needs
from checks.sphinxext.catalog_directive import _PLAIN


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
    assert "Uppfylls av" in box
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


def test_requirement_text_is_anchored_at_its_yaml_entry(site: Path) -> None:
    # MINI-2's plain text is parsed by the page's renderer, MINI-1's Markdown by a parser
    # of its own (sphinx-needs' MarkupContent): both at the requirement's line in the YAML
    from docutils import nodes
    from sphinx_needs.nodes import Need

    doctree = pickle.loads((site / ".doctrees" / "krav.doctree").read_bytes())
    content = {
        need["ids"][0]: [(Path(n.source).parts[-2:], n.line) for n in need.findall(nodes.paragraph)]
        for need in doctree.findall(Need)
    }
    assert content == {
        "MINI-1": [(("requirements", "mini.yaml"), 10)],
        "MINI-2": [(("requirements", "mini.yaml"), 20)],
    }


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Krav för rederier.", True),
        ("Åtgärd enligt 3 kap. 2 § (SFS 2018:218), 50 %.", True),
        ("Föra en förteckning över **alla** behandlingar.", False),
        ("1. Först detta", False),
        ("- en punkt", False),
        ("Se [lagen](https://example.org).", False),
        ("Se {need}`MINI-1`.", False),
        ("Två\nrader", False),
        ("A &amp; B", False),
        ("Text med <b>HTML</b>", False),
        ("snake_case", False),
        ("Slutar med mellanslag ", False),
        ("Osynligt\u200btecken", False),
    ],
)
def test_only_text_without_markup_is_plain(text: str, plain: bool) -> None:
    assert (_PLAIN.fullmatch(text) is not None) is plain
