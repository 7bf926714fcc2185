"""The city's shared catalog, consumed by a pinned version (checks/shared_catalog.py).

tests/fixtures/city holds a catalog project and two offices. The catalog's versions
are built in a copy: version 1 as written, version 2 with one requirement changed.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from checks.findings import Finding
from checks.gate import run_gate, run_pipeline
from checks.main import main
from checks.project import load_project
from checks.rules import Rule
from checks.settings import CatalogPin, Settings
from checks.shared_catalog import cache_path, load_shared
from gatefixture import FIXTURES, TODAY, copy_project, copy_real, pin_catalog, publish_catalog, text_line, tree_hash

CITY = FIXTURES / "city"
DAY = TODAY.isoformat()


def _check(office: Path, cache: Path) -> list[Finding]:
    return run_gate(load_project(office), TODAY, cache=cache)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture city with version 1 and version 2 (STAD-1 changed) published, and office
    A's links reviewed against version 1."""
    root = copy_project(CITY, tmp_path_factory.mktemp("stad") / "city")
    publish_catalog(root / "katalog", "1")
    assert main(["reviewed", "RUT-001", "RUT-002", "--root", str(root / "office_a"), "--date", "2026-02-01"]) == 0
    catalog = root / "katalog" / "requirements" / "stad.yaml"
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("över sina system.", "över sina system och sin information."),
        encoding="utf-8",
    )
    publish_catalog(root / "katalog", "2")
    return root


def test_both_versions_are_published_in_one_file(city: Path) -> None:
    for version, text in (("1", "över sina system."), ("2", "över sina system och sin information.")):
        shared = load_shared(city / "office_a", CatalogPin(version=version, file="../katalog/needs.json"))
        assert not shared.problem
        (stad,) = shared.sources.values()
        assert stad.source.title == "Testkommunens gemensamma krav" and stad.source.revised == "2026-01-15"
        # the catalog's own order, not needs.json's order by id
        assert [r["id"] for r in stad.records] == ["STAD-2", "STAD-1", "STAD-3"]
        assert stad.records[1]["content"].endswith(text)


def test_an_office_traces_shared_requirements_as_its_own(city: Path, tmp_path: Path) -> None:
    office = city / "office_a"
    result = run_pipeline(load_project(office), TODAY, cache=tmp_path)
    assert result.findings == []
    needs = result.facts.needs
    # real needs of the office's page, fingerprinted and linked
    assert needs["STAD-1"]["docname"] == "krav" and not needs["STAD-1"].get("is_external")
    assert needs["STAD-1"]["fingerprint"] and needs["STAD-1"]["fulfils_back"] == ["RUT-001"]
    # the office's statement of applicability
    assert needs["STAD-3"]["applicable"] is False
    assert needs["STAD-3"]["justification"] == "Kontor A har inga egna AI-system."
    rows = {row.id: row for row in result.facts.matrix.rows}
    assert {rid: row.coverage.value for rid, row in rows.items()} == {
        "STAD-2": "uppfylld",
        "STAD-1": "uppfylld",
        "STAD-3": "ej tillämplig",
    }


def test_untraced_shared_requirement_points_at_the_page_that_shows_it(city: Path, tmp_path: Path) -> None:
    office = city / "office_b"
    found = {(f.code, f.need_id, f.file, f.line) for f in _check(office, tmp_path)}
    line = text_line(office / "docs" / "krav.md", "{catalog} STAD")
    assert found == {("LIS010", "STAD-1", "docs/krav.md", line), ("LIS010", "STAD-3", "docs/krav.md", line)}


def test_raising_the_pin_makes_the_changed_requirement_suspect_at_the_link_line(city: Path, tmp_path: Path) -> None:
    office = copy_project(city / "office_a", city / "office_a_v2")
    pin_catalog(office, "2")
    found = _check(office, tmp_path)
    rutiner = office / "docs" / "rutiner.md"
    assert [(f.code, f.need_id, f.file, f.line) for f in found] == [
        ("LIS023", "RUT-001", "docs/rutiner.md", text_line(rutiner, "STAD-1[fingerprint"))
    ]
    assert "STAD-1" in found[0].message and "lis reviewed RUT-001" in found[0].message
    # reviewing the link against version 2 makes the office clean again
    assert main(["reviewed", "RUT-001", "--root", str(office), "--date", "2026-11-29"]) == 0
    assert _check(office, tmp_path / "after") == []


def test_a_version_that_is_not_published_stops_the_gate(city: Path, tmp_path: Path) -> None:
    office = copy_project(city / "office_a", city / "office_a_v9")
    pin_catalog(office, "9")
    before = tree_hash(office / "docs", office / "requirements")
    found = _check(office, tmp_path)
    assert [(f.code, f.file, f.line) for f in found] == [
        ("LIS009", "pyproject.toml", text_line(office / "pyproject.toml", "shared_catalog"))
    ]
    assert "versionen 9 finns inte" in found[0].message and "publicerade versioner: 1, 2" in found[0].message
    assert tree_hash(office / "docs", office / "requirements") == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "finns inte eller kan inte läsas"),
        ("inte json", "ingen läsbar needs.json"),
        ('{"versions": {}}', "versionen 1 finns inte"),
    ],
)
def test_an_unreadable_catalog_file_is_lis009(tmp_path: Path, content: str | None, expected: str) -> None:
    office = copy_project(CITY / "office_b", tmp_path / "office")
    if content is not None:
        (tmp_path / "katalog").mkdir()
        (tmp_path / "katalog" / "needs.json").write_text(content, encoding="utf-8")
    found = _check(office, tmp_path / "cache")
    assert [f.code for f in found] == [Rule.LIS009]
    assert expected in found[0].message


def test_a_source_no_page_shows_is_lis007_and_an_unknown_source_lis009(city: Path, tmp_path: Path) -> None:
    office = copy_project(city / "office_b", city / "office_b_pages")
    krav = office / "docs" / "krav.md"
    krav.write_text(krav.read_text(encoding="utf-8").replace("{catalog} STAD", "{catalog} LAND"), encoding="utf-8")
    found = {(f.code, f.file) for f in _check(office, tmp_path)}
    assert ("LIS007", "pyproject.toml") in found
    assert ("LIS009", "docs/krav.md") in found


def test_the_statement_of_applicability_is_checked_with_its_lines(city: Path, tmp_path: Path) -> None:
    office = copy_project(city / "office_a", city / "office_a_soa")
    soa = office / "requirements" / "tillamplighet.yaml"
    soa.write_text(
        "not_applicable:\n"
        "  - id: STAD-3\n    justification: Inga AI-system.\n"
        "  - id: STAD-99\n    justification: Finns inte.\n"
        "  - id: STAD-2\n    justification: ''\n",
        encoding="utf-8",
    )
    found = {(f.code, f.need_id, f.file, f.line) for f in _check(office, tmp_path)}
    file = "requirements/tillamplighet.yaml"
    assert ("LIS002", "STAD-99", file, text_line(soa, "STAD-99")) in found
    assert ("LIS002", "STAD-2", file, text_line(soa, "STAD-2")) in found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(city: Path) -> Iterator[str]:
    """The catalog project's folder on a local HTTP server (127.0.0.1, no network)."""
    handler = functools.partial(_Quiet, directory=str(city / "katalog"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _pin_url(office: Path, url: str, version: str) -> None:
    pyproject = office / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(
        re.sub(r"shared_catalog = .*", f'shared_catalog = {{ url = "{url}", version = "{version}" }}', text),
        encoding="utf-8",
    )


def test_a_catalog_pinned_by_address_is_fetched_once_and_read_offline(city: Path, served: str, tmp_path: Path) -> None:
    office = copy_project(city / "office_a", tmp_path / "office")
    _pin_url(office, f"{served}/needs.json", "1")
    assert _check(office, tmp_path / "cache") == []
    pin = Settings.from_dict({"shared_catalog": {"url": f"{served}/needs.json", "version": "1"}}).shared_catalog
    copy = cache_path(office, pin)
    assert copy.is_file()
    # offline: the same version is read from the copy (the address answers no more)
    _pin_url(office, f"{served}/borta.json", "1")
    assert [f.code for f in _check(office, tmp_path / "cache2")] == [Rule.LIS009]
    _pin_url(office, f"{served}/needs.json", "1")
    copy.write_bytes(copy.read_bytes())  # unchanged, read again without a server below
    assert _check(office, tmp_path / "cache3") == []


def test_an_address_that_does_not_answer_is_lis009(tmp_path: Path) -> None:
    office = copy_project(CITY / "office_b", tmp_path / "office")
    _pin_url(office, "http://127.0.0.1:9/needs.json", "1")
    found = _check(office, tmp_path / "cache")
    assert [f.code for f in found] == [Rule.LIS009]
    assert "kan inte hämtas" in found[0].message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"version": "1"}, "antingen file"),
        ({"file": "a.json", "url": "https://x/a.json", "version": "1"}, "antingen file"),
        ({"file": "a.json"}, "version"),
        ({"url": "ftp://x/a.json", "version": "1"}, "https://"),
        ({"file": "a.json", "version": "1", "sha": "x"}, "okänd nyckel sha"),
        ("katalog/needs.json", "tabell"),
    ],
)
def test_the_pin_is_validated(value: object, message: str) -> None:
    from checks.errors import ProjectError

    with pytest.raises(ProjectError, match=message):
        Settings.from_dict({"shared_catalog": value})


# ---------------------------------------------------------------- the real office


def _as_local_copies(root: Path) -> None:
    """The real project with the city's catalogs copied in as its own (the way it was before
    the shared catalog): the catalog files in requirements/, each page naming its file, the
    statement of applicability written into the copies."""
    from checks.applicability import load_applicability

    entries = load_applicability(root).entries
    sources = {}
    for catalog in sorted((root / "katalog" / "requirements").glob("*.yaml")):
        text = catalog.read_text(encoding="utf-8")
        sources[re.search(r"^  id: (\S+)", text, flags=re.M)[1]] = catalog.name
        for need_id, entry in entries.items():
            text = re.sub(
                rf"(- id: {re.escape(need_id)}\n(?:    .*\n|      .*\n)*?)    applicable: true\n",
                lambda m, e=entry: f"{m[1]}    applicable: false\n    justification: >-\n      {e.justification}\n",
                text,
            )
        (root / "requirements" / catalog.name).write_text(text, encoding="utf-8")
    (root / "requirements" / "tillamplighet.yaml").unlink()
    for page in (root / "docs" / "krav").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for source_id, name in sources.items():
            text = re.sub(rf"\{{catalog\}} {re.escape(source_id)}$", f"{{catalog}} requirements/{name}", text, flags=re.M)
        page.write_text(text, encoding="utf-8")
    pyproject = root / "pyproject.toml"
    pyproject.write_text(re.sub(r"^shared_catalog = .*\n", "", pyproject.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def test_the_real_office_has_the_same_coverage_as_with_local_copies(tmp_path: Path) -> None:
    """The published catalog gives the office the figures the catalog files give it.

    Fails when katalog/requirements/ was changed without publishing a new version
    (lis build --root katalog and katalog/needs.json; README: Delade kravkataloger).
    """
    shared_root = copy_real(tmp_path / "delad")
    local_root = copy_real(tmp_path / "lokal")
    _as_local_copies(local_root)
    shared = run_pipeline(load_project(shared_root), TODAY, cache=tmp_path / "c1")
    local = run_pipeline(load_project(local_root), TODAY, cache=tmp_path / "c2")

    def figures(result: object) -> dict[str, tuple[str, bool, str]]:
        return {r.id: (r.coverage.value, r.applicable, r.justification) for r in result.facts.matrix.rows}

    assert figures(shared) == figures(local)
    assert len(figures(shared)) > 200
    assert [r.id for r in shared.facts.matrix.rows] == [r.id for r in local.facts.matrix.rows]

    def codes(result: object) -> list[tuple[str, str]]:
        return sorted((f.code, f.need_id) for f in result.findings)

    assert codes(shared) == codes(local)


def test_the_result_cache_sees_a_changed_catalog_outside_the_office(city: Path) -> None:
    from checks.gate.result_cache import inputs_key

    office = copy_project(city / "office_a", city / "office_a_cache")
    before = inputs_key(office, DAY, {"command": "check"})
    assert inputs_key(office, DAY, {"command": "check"}) == before
    published = city / "katalog" / "needs.json"
    text = published.read_text(encoding="utf-8")
    try:
        published.write_text(text + "\n", encoding="utf-8")
        assert inputs_key(office, DAY, {"command": "check"}) != before
    finally:
        published.write_text(text, encoding="utf-8")
