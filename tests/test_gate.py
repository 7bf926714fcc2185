"""checks/gate.py and checks/sphinx_run.py: pre-flight, Sphinx's warnings mapped to
codes, broken input of every kind, and the incremental cache.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.catalog import load_catalog
from checks.findings import Finding
from checks.dates import resolve_today
from checks.errors import ProjectError
from checks.gate import cache_dir, run_gate
from checks.gate.messages import Context, map_message
from checks.gate.preflight import preflight
from checks.gate.schema import _schema_text
from checks.locations import CatalogIndex, catalog_index
from checks.project import load_project
from checks.rules import Rule
from checks.settings import Settings
from checks.gate.sphinx_run import STATE_FILE, SphinxMessage, build_needs
from gatefixture import QUIET, TODAY, copy_project, need_line, text_line, tree_hash, yaml_line


def gate(root: Path, cache: Path) -> list[Finding]:
    return run_gate(load_project(root), TODAY, cache=cache)


def keyed(findings: list[Finding]) -> set[tuple[str, str, str, int]]:
    return {(f.code, f.need_id, f.file, f.line) for f in findings}


# ---------------------------------------------------------------- today and cache


def test_today_from_argument_environment_or_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIS_TODAY", raising=False)
    assert resolve_today(None) == date.today()
    monkeypatch.setenv("LIS_TODAY", "2026-01-02")
    assert resolve_today(None) == date(2026, 1, 2)
    assert resolve_today("2026-03-04") == date(2026, 3, 4)
    with pytest.raises(ProjectError, match="--today"):
        resolve_today("2026-02-30")
    monkeypatch.setenv("LIS_TODAY", "i morgon")
    with pytest.raises(ProjectError, match="LIS_TODAY"):
        resolve_today(None)


def test_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    project = load_project(QUIET)
    monkeypatch.delenv("LIS_CACHE_DIR", raising=False)
    assert cache_dir(project) == QUIET / "_build" / "check"
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path))
    assert cache_dir(project) == tmp_path


# ---------------------------------------------------------------- pre-flight


def _preflight(root: Path):
    project = load_project(root)
    return preflight(project, Settings(), catalog_index(project.root))


def test_a_yaml_file_that_does_not_parse_stops_everything(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    catalog = root / "requirements" / "quiet.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("    ref: \"2 §\"", "   ref: \"2 §\""), encoding="utf-8")
    findings = gate(root, tmp_path / "cache")
    assert [(f.code, f.file) for f in findings] == [("LIS001", "requirements/quiet.yaml")]
    (finding,) = findings
    assert finding.line == text_line(catalog, '   ref: "2 §"')
    assert "kolumn" in finding.message
    assert not (tmp_path / "cache").exists()  # Sphinx never ran


@pytest.mark.parametrize("where", ["docs/rutiner.md", "requirements/quiet.yaml"])
def test_a_file_not_in_utf8(tmp_path: Path, where: str) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    path = root / where
    text = path.read_text(encoding="utf-8")
    first_non_ascii = next(n for n, line in enumerate(text.splitlines(), 1) if not line.isascii())
    path.write_bytes(text.encode("latin-1"))
    findings = gate(root, tmp_path / "cache")
    assert [(f.code, f.file, f.line) for f in findings] == [("LIS001", where, first_non_ascii)]
    assert "UTF-8" in findings[0].message


def test_the_line_of_the_first_bad_byte(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    page = root / "docs" / "aktiviteter.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines[5] = "Kostnad 100 \xa4"  # line 6 in latin-1
    page.write_bytes(("\n".join(lines) + "\n").encode("latin-1"))
    (finding,) = gate(root, tmp_path / "cache")
    assert (finding.code, finding.file, finding.line) == ("LIS001", "docs/aktiviteter.md", 6)


def test_a_missing_requirements_folder(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    for path in (root / "requirements").iterdir():
        path.unlink()
    (root / "requirements").rmdir()
    (finding,) = gate(root, tmp_path / "cache")
    assert (finding.code, finding.file, finding.line) == ("LIS001", "requirements", 1)
    assert "requirements/" in finding.message


def test_an_id_twice_in_the_catalogs(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    extra = root / "requirements" / "tillagg.yaml"  # read after quiet.yaml
    extra.write_text(
        "source:\n  id: QUIET\n  title: Andra katalogen\nrequirements:\n"
        "  - id: QUIET-1\n    title: Samma id\n    ref: \"9 §\"\n    text: Dubblett.\n",
        encoding="utf-8",
    )
    (finding,) = gate(root, tmp_path / "cache")
    assert (finding.code, finding.need_id, finding.file, finding.line) == (
        "LIS003",
        "QUIET-1",
        "requirements/tillagg.yaml",
        5,
    )
    assert "requirements/quiet.yaml rad" in finding.message


# ---------------------------------------------------------------- Sphinx's warnings


@pytest.fixture(scope="module")
def ctx() -> Context:
    project = load_project(QUIET)
    return Context(project, Settings(), catalog_index(project.root))


def _msg(kind: str, sub: str, text: str, path: Path | str = "", line: int = 0) -> SphinxMessage:
    return SphinxMessage(kind, sub, str(path), line, text)


def test_unknown_link(ctx: Context) -> None:
    page = QUIET / "docs" / "rutiner.md"
    finding = map_message(
        _msg("needs", "link_outgoing", "Need 'RUT-001' has unknown outgoing link 'GDPR-99' in field 'fulfils'", page, 3),
        ctx,
    )
    assert finding is not None
    # at the line of the link (:fulfils:), not the directive's
    fulfils = text_line(page, ":fulfils:")
    assert (finding.code, finding.need_id, finding.file, finding.line) == ("LIS004", "RUT-001", "docs/rutiner.md", fulfils)
    assert "GDPR-99" in finding.message and "finns inte" in finding.message


def test_wrong_target_type(ctx: Context) -> None:
    text = (
        "Need 'AKT-2026-01' link 'QUIET-2' in field 'treats': target need type 'req' is not one of "
        "'risk' (or a type inheriting from it)"
    )
    finding = map_message(_msg("needs", "link_target_type", text, QUIET / "docs" / "aktiviteter.md", 3), ctx)
    assert finding is not None and finding.code == "LIS004"
    assert "QUIET-2 (krav)" in finding.message and "ska peka på risk" in finding.message


def test_a_link_to_itself_is_left_to_evaluate(ctx: Context) -> None:
    text = "Need 'RUT-001' link 'RUT-001' in field 'fulfils': target need type 'routine' is not one of 'req'"
    assert map_message(_msg("needs", "link_target_type", text, QUIET / "docs" / "rutiner.md", 3), ctx) is None


def test_duplicate_need(ctx: Context) -> None:
    page = QUIET / "docs" / "rutiner.md"
    text = "Need could not be created: A need with ID 'RUT-001' already exists (defined at rutiner:3)."
    finding = map_message(_msg("needs", "create_need", text, page, 14), ctx)
    assert finding is not None
    assert (finding.code, finding.need_id, finding.line) == ("LIS003", "RUT-001", 14)
    assert "docs/rutiner.md rad 3" in finding.message


def test_a_field_that_cannot_be_converted(ctx: Context) -> None:
    page = QUIET / "docs" / "rutiner.md"
    at = need_line(page, "RUT-001")
    text = "Need could not be created: Field 'review_interval' is invalid: Cannot convert 'tolv' to integer"
    finding = map_message(_msg("needs", "create_need", text, page, at), ctx)
    assert finding is not None
    assert (finding.code, finding.need_id) == ("LIS002", "RUT-001")
    assert finding.line == text_line(page, ":review_interval: 12")
    assert "'tolv' är inte ett heltal" in finding.message


def test_unknown_option(ctx: Context) -> None:
    page = QUIET / "docs" / "rutiner.md"
    finding = map_message(_msg("needs", "directive", "Unknown option 'colour'", page, need_line(page, "RUT-002")), ctx)
    assert finding is not None and (finding.code, finding.need_id) == ("LIS002", "RUT-002")


def test_catalog_warnings_come_from_the_preflight(ctx: Context) -> None:
    yaml = QUIET / "requirements" / "quiet.yaml"
    assert map_message(_msg("lis", "catalog", "Okänd nyckel", yaml, 3), ctx) is None
    missing = map_message(_msg("lis", "catalog", "Katalogfilen requirements/x.yaml finns inte.", QUIET / "docs" / "krav.md", 3), ctx)
    assert missing is not None and (missing.code, missing.file, missing.line) == ("LIS001", "docs/krav.md", 3)


def test_schema_violations_are_read_from_json(ctx: Context) -> None:
    assert map_message(_msg("sn_schema_violation", "local_fail", "Need 'X' has schema violations"), ctx) is None


def test_other_sphinx_warnings_are_lis001(ctx: Context) -> None:
    finding = map_message(_msg("myst", "header", "Non-consecutive header level increase; H1 to H3", QUIET / "docs" / "index.md", 2), ctx)
    assert finding is not None and (finding.code, finding.file, finding.line) == ("LIS001", "docs/index.md", 2)
    # Swedish for the reader; Sphinx's own words go to the debug log (LIS_DEBUG)
    assert finding.message.startswith("Rubrikerna hoppar över en nivå") and "H1 to H3" not in finding.message


def test_a_broken_link_is_lis005(ctx: Context) -> None:
    # a rule of its own since `lis build --strict` fails on it (issue: check and build agree)
    finding = map_message(_msg("myst", "xref_missing", "'x' reference target not found", QUIET / "docs" / "index.md", 2), ctx)
    assert finding is not None and (finding.code, finding.file, finding.line) == ("LIS005", "docs/index.md", 2)
    assert "[myst.xref_missing]" not in finding.message and "not found" not in finding.message
    nowhere = map_message(_msg("", "", "something without a place"), ctx)
    assert nowhere is not None and (nowhere.file, nowhere.line) == ("conf.py", 1)


def test_a_catalog_page_line_becomes_the_yaml_entry(ctx: Context) -> None:
    page = QUIET / "docs" / "krav.md"
    text = "Need could not be created: A need with ID 'QUIET-1' already exists (defined at rutiner:3)."
    finding = map_message(_msg("needs", "create_need", text, page, text_line(page, "{catalog}")), ctx)
    assert finding is not None
    assert (finding.file, finding.line) == ("requirements/quiet.yaml", yaml_line(QUIET / "requirements" / "quiet.yaml", "QUIET-1"))


@pytest.mark.parametrize(
    "details, expected",
    [
        ({"field": "reviewed", "validation_msg": '"2025-02-30" is not a "date"'}, "inte är ett giltigt datum"),
        ({"validation_msg": '"due" is a required property'}, "fältet 'due' saknas"),
        ({"field": "status", "validation_msg": '"klar" is not one of "utkast" or 3 other candidates'}, "inte är tillåtet"),
        ({"field": "id", "validation_msg": '"RUT-1" does not match "^RUT-[0-9]{3}$"'}, "inte har rätt form"),
        ({"field": "likelihood", "validation_msg": "7 is greater than the maximum of 4"}, "högst 4"),
    ],
)
def test_schema_messages_in_swedish(details: dict, expected: str) -> None:
    assert expected in _schema_text(details)[1]


# ---------------------------------------------------------------- broken input through Sphinx


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Finding]]:
    """One copy of check_quiet with every kind of bad input that Sphinx gets to read."""
    root = copy_project(QUIET, tmp_path_factory.mktemp("broken") / "p")
    req = root / "requirements"
    (req / "lista.yaml").write_text("source:\n  - id: LISTA\nrequirements:\n  - [LISTA-1, Titel]\n", encoding="utf-8")
    (req / "tom.yaml").write_text("", encoding="utf-8")
    quiet = req / "quiet.yaml"
    quiet.write_text(
        quiet.read_text(encoding="utf-8").replace('    ref: "2 §"\n', '    ref: "2 §"\n    applies_from: 2025-02-30\n'),
        encoding="utf-8",
    )
    routines = root / "docs" / "rutiner.md"
    text = routines.read_text(encoding="utf-8")
    text = text.replace(":id: RUT-001\n:status: gällande", ":id: RUT-001\n:status: klar")
    text = text.replace(":id: RUT-002\n", ":id: RUT-002\n:colour: blå\n")
    routines.write_text(text, encoding="utf-8")
    activities = root / "docs" / "aktiviteter.md"
    activities.write_text(
        activities.read_text(encoding="utf-8").replace(":fulfils: QUIET-2", ":fulfils: QUIET-2, AKT-2026-01"),
        encoding="utf-8",
    )
    (root / "docs" / "tom.md").write_text("\n", encoding="utf-8")
    before = tree_hash(root / "docs", root / "requirements")
    findings = gate(root, tmp_path_factory.mktemp("cache"))
    assert tree_hash(root / "docs", root / "requirements") == before
    return root, findings


def _find(findings: list[Finding], code: str, file: str) -> list[Finding]:
    return [f for f in findings if f.code == code and f.file == file]


def test_a_list_where_a_mapping_belongs(broken: tuple[Path, list[Finding]]) -> None:
    _, findings = broken
    lines = {f.line for f in _find(findings, "LIS002", "requirements/lista.yaml")}
    assert lines == {2, 4}


def test_an_empty_catalog(broken: tuple[Path, list[Finding]]) -> None:
    (finding,) = _find(broken[1], "LIS002", "requirements/tom.yaml")
    assert finding.line == 1 and "tom" in finding.message


def test_an_empty_page(broken: tuple[Path, list[Finding]]) -> None:
    found = {(f.line, f.message.split(".")[0]) for f in _find(broken[1], "LIS001", "docs/tom.md")}
    # the pre-flight's own finding, and Sphinx's: the page is in no table of contents (LIS006)
    assert found == {(1, "Sidan är tom")}
    (toc,) = _find(broken[1], "LIS006", "docs/tom.md")
    assert toc.line == 1 and toc.message.startswith("Sidan finns inte med i någon innehållsförteckning")


def test_an_invalid_date_in_a_catalog(broken: tuple[Path, list[Finding]]) -> None:
    root, findings = broken
    (finding,) = _find(findings, "LIS002", "requirements/quiet.yaml")
    assert finding.need_id == "QUIET-2"
    assert finding.line == text_line(root / "requirements" / "quiet.yaml", "applies_from: 2025-02-30")


def test_an_unknown_status_and_field(broken: tuple[Path, list[Finding]]) -> None:
    root, findings = broken
    page = root / "docs" / "rutiner.md"
    found = {(f.need_id, f.line) for f in _find(findings, "LIS002", "docs/rutiner.md")}
    assert found == {("RUT-001", text_line(page, ":status: klar")), ("RUT-002", text_line(page, ":colour: blå"))}


def test_a_link_to_itself(broken: tuple[Path, list[Finding]]) -> None:
    root, findings = broken
    (finding,) = _find(findings, "LIS004", "docs/aktiviteter.md")
    assert finding.need_id == "AKT-2026-01"
    assert finding.line == need_line(root / "docs" / "aktiviteter.md", "AKT-2026-01")


def test_every_finding_has_a_place_and_a_known_code(broken: tuple[Path, list[Finding]]) -> None:
    for finding in broken[1]:
        assert finding.code in Rule.__members__
        assert finding.file and finding.line >= 1
        assert "Traceback" not in finding.message


# ---------------------------------------------------------------- incremental cache


def test_a_second_run_reads_only_the_edited_page(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    cache = tmp_path / "cache"
    first = build_needs(root, cache, {"lis_rules": False})
    assert first.read == first.found_docs
    page = root / "docs" / "rutiner.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":id: RUT-002\n", ":id: RUT-002\n:colour: blå\n"), encoding="utf-8")
    second = build_needs(root, cache, {"lis_rules": False})
    assert second.read == {"rutiner"}
    assert [m.subtype for m in second.messages] == ["directive"]
    # the page is not read again, its warning is still reported
    third = build_needs(root, cache, {"lis_rules": False})
    assert third.read == set()
    assert [m.subtype for m in third.messages] == ["directive"]
    # without the saved warnings the environment is built afresh
    (cache / STATE_FILE).unlink()
    fourth = build_needs(root, cache, {"lis_rules": False})
    assert fourth.read == fourth.found_docs
    assert [m.subtype for m in fourth.messages] == ["directive"]


def test_gate_results_survive_the_cache(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    cache = tmp_path / "cache"
    assert gate(root, cache) == []
    page = root / "docs" / "aktiviteter.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original.replace(":fulfils: QUIET-2", ":fulfils: QUIET-2, NOPE-1"), encoding="utf-8")
    assert [(f.code, f.need_id) for f in gate(root, cache)] == [("LIS004", "AKT-2026-01")]
    assert [(f.code, f.need_id) for f in gate(root, cache)] == [("LIS004", "AKT-2026-01")]
    page.write_text(original, encoding="utf-8")
    assert gate(root, cache) == []


# ---------------------------------------------------------------- random input


_QUIET_YAML = (QUIET / "requirements" / "quiet.yaml").read_text(encoding="utf-8")
_QUIET_PAGE = (QUIET / "docs" / "rutiner.md").read_text(encoding="utf-8")
_yaml_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates().map(str),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def _dump(value: object) -> str:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True)


_catalogs = st.one_of(
    st.integers(min_value=0, max_value=len(_QUIET_YAML)).map(lambda n: _QUIET_YAML[:n]),
    st.text(max_size=300),
    _yaml_like.map(_dump),
    st.fixed_dictionaries({"source": _yaml_like, "requirements": st.lists(_yaml_like, max_size=3)}).map(_dump),
    st.binary(max_size=200),
)
_pages = st.one_of(
    st.integers(min_value=0, max_value=len(_QUIET_PAGE)).map(lambda n: _QUIET_PAGE[:n]),
    st.text(max_size=300),
    st.binary(max_size=200),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=_catalogs, page=_pages)
def test_random_and_truncated_input_never_crashes(catalog: str | bytes, page: str | bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "conf.py").write_text("", encoding="utf-8")
        (root / "docs").mkdir()
        (root / "requirements").mkdir()
        path = root / "requirements" / "slump.yaml"
        page_path = root / "docs" / "slump.md"
        path.write_bytes(catalog if isinstance(catalog, bytes) else catalog.encode("utf-8"))
        page_path.write_bytes(page if isinstance(page, bytes) else page.encode("utf-8"))
        loaded = load_catalog(path)
        assert all(p.line >= 1 for p in loaded.problems)
        checked = _preflight(root)
        for finding in checked.findings:
            assert finding.code in Rule.__members__
            assert finding.file in ("requirements/slump.yaml", "docs/slump.md")
            assert finding.line >= 1 and finding.message


def test_catalog_index_points_at_entries() -> None:
    index: CatalogIndex = catalog_index(QUIET)
    assert index.locations["QUIET-3"] == ("requirements/quiet.yaml", yaml_line(QUIET / "requirements" / "quiet.yaml", "QUIET-3"))
    assert index.revisions == {"QUIET": "2025-12-30"}
    assert os.path.isabs(str(index.catalogs[0].path))
