"""Every rule fires at a known place in check_fire and stays quiet in check_quiet.

Each fixture is checked once per module (one Sphinx run each); the tests then
look at the findings: code, need id, file and line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from checks.findings import Finding
from checks.gate import run_gate
from checks.project import load_project
from checks.rules import Rule
from gatefixture import FIRE, QUIET, TODAY, need_line, text_line, tree_hash, yaml_line

CATALOG = FIRE / "requirements" / "fire.yaml"
ROUTINES = FIRE / "docs" / "rutiner.md"
RISKS = FIRE / "docs" / "risker.md"


def _run(root: Path, cache: Path) -> list[Finding]:
    return run_gate(load_project(root), TODAY, cache=cache)


@pytest.fixture(scope="module")
def fire(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    before = tree_hash(FIRE / "docs", FIRE / "requirements")
    findings = _run(FIRE, tmp_path_factory.mktemp("cache"))
    assert tree_hash(FIRE / "docs", FIRE / "requirements") == before
    return findings


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> list[Finding]:
    return _run(QUIET, tmp_path_factory.mktemp("cache"))


def _rel(path: Path) -> str:
    return path.relative_to(FIRE).as_posix()


def expected_fire() -> list[tuple[str, str, str, int]]:
    """(code, need id, file, line) of every finding in check_fire."""
    cat, rut, risk = _rel(CATALOG), _rel(ROUTINES), _rel(RISKS)
    act = "docs/aktiviteter.md"
    review = "docs/genomgang.md"
    return [
        ("LIS002", "FIRE-4", cat, text_line(CATALOG, "colour: blå")),
        ("LIS002", "RUT-005", rut, text_line(ROUTINES, ":status: klar")),
        ("LIS002", "RUT-006", rut, text_line(ROUTINES, ":reviewed: 2025-02-30")),
        ("LIS002", "RUT-009", rut, text_line(ROUTINES, ":colour: blå")),
        ("LIS003", "RUT-001", rut, need_line(ROUTINES, "RUT-001", occurrence=2)),
        ("LIS004", "RUT-004", rut, need_line(ROUTINES, "RUT-004")),  # NOPE-1 does not exist
        ("LIS004", "RUT-004", rut, need_line(ROUTINES, "RUT-004")),  # treats a requirement
        ("LIS004", "RUT-004", rut, need_line(ROUTINES, "RUT-004")),  # fulfils itself
        ("LIS004", "FIRE-5", cat, yaml_line(CATALOG, "FIRE-5")),  # derives itself
        ("LIS005", "", rut, text_line(ROUTINES, "RUT-999")),  # a {need} role to nothing
        ("LIS005", "", rut, text_line(ROUTINES, "rutin-som-inte-finns.md")),  # a broken link
        ("LIS006", "", "docs/los-sida.md", 1),
        ("LIS007", "", "requirements/utan-sida.yaml", text_line(FIRE / "requirements" / "utan-sida.yaml", "source:")),
        ("LIS010", "FIRE-1", cat, yaml_line(CATALOG, "FIRE-1")),
        ("LIS011", "FIRE-2", cat, yaml_line(CATALOG, "FIRE-2")),
        ("LIS020", "RUT-001", rut, need_line(ROUTINES, "RUT-001")),
        ("LIS021", "RUT-002", rut, need_line(ROUTINES, "RUT-002")),
        ("LIS022", "RUT-003", rut, need_line(ROUTINES, "RUT-003")),
        ("LIS023", "RUT-002", rut, need_line(ROUTINES, "RUT-002")),
        ("LIS024", "LG-2025", review, need_line(FIRE / review, "LG-2025")),
        ("LIS030", "AKT-2026-01", act, need_line(FIRE / act, "AKT-2026-01")),
        ("LIS031", "RISK-A-01", risk, need_line(RISKS, "RISK-A-01")),
        ("LIS032", "RUT-003", rut, need_line(ROUTINES, "RUT-003")),
        ("LIS032", "SYS-A-01", risk, need_line(RISKS, "SYS-A-01")),
        ("LIS040", "", rut, text_line(ROUTINES, "121212-1212")),
        ("LIS040", "", risk, text_line(RISKS, "701063-2391")),
        ("LIS041", "", rut, text_line(ROUTINES, "onerror=")),
        ("LIS041", "", cat, text_line(CATALOG, "<script>")),
        ("LIS042", "", rut, text_line(ROUTINES, "{literalinclude}")),
    ]


def test_fire_finds_exactly_what_the_fixture_breaks(fire: list[Finding]) -> None:
    found = Counter((f.code, f.need_id, f.file, f.line) for f in fire)
    assert found == Counter(expected_fire())


@pytest.mark.parametrize("code", [r.code for r in Rule if r.code not in ("LIS001",)])
def test_rule_fires(code: str, fire: list[Finding]) -> None:
    mine = [f for f in fire if f.code == code]
    assert mine, f"{code} did not fire in check_fire"
    for finding in mine:
        assert finding.severity == Rule[code].severity
        assert finding.message and "Traceback" not in finding.message
        if finding.need_id:
            assert finding.need_id in finding.message


@pytest.mark.parametrize("code", [r.code for r in Rule])
def test_rule_stays_quiet(code: str, quiet: list[Finding]) -> None:
    assert [f for f in quiet if f.code == code] == []


def test_quiet_is_entirely_clean(quiet: list[Finding]) -> None:
    assert quiet == []


def test_messages_say_what_to_do(fire: list[Finding]) -> None:
    by_code = {f.code: f.message for f in fire}
    assert "ospårat" in by_code["LIS010"] and ":fulfils:" in by_code["LIS010"]
    assert "2025-11-01" in by_code["LIS020"]  # reviewed 2024-11-01 + 12 months
    assert "om 16 dagar" in by_code["LIS021"]  # due 2026-12-15
    assert "FIRE-3 (ändrat 2026-05-01, katalogen FIRE reviderad 2026-06-01)" in by_code["LIS023"]
    assert "riskvärde 12 (tröskel 9)" in by_code["LIS031"]
    assert "samordningsnummer" in {f.message.split(" innehåller ett ")[1].split(" ")[0] for f in fire if f.code == "LIS040"}
    # the number itself never lands in a log
    assert not any("121212" in f.message or "701063" in f.message for f in fire)


def test_yaml_problems_name_their_requirement(fire: list[Finding]) -> None:
    (unknown,) = [f for f in fire if f.code == "LIS002" and f.file.endswith(".yaml")]
    assert unknown.need_id == "FIRE-4" and "colour" in unknown.message
