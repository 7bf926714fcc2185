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
from gatefixture import FIRE, QUIET, TODAY, copy_project, need_line, text_line, tree_hash, yaml_line

CATALOG = FIRE / "requirements" / "fire.yaml"
ROUTINES = FIRE / "docs" / "rutiner.md"
RISKS = FIRE / "docs" / "risker.md"
ASSETS = FIRE / "docs" / "tillgangar.md"


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
    cat, rut, risk, assets = _rel(CATALOG), _rel(ROUTINES), _rel(RISKS), _rel(ASSETS)
    act = "docs/aktiviteter.md"
    review = "docs/genomgang.md"
    year = "docs/aret.md"
    lg2024, lg2026 = "docs/genomgang/2024/index.md", "docs/genomgang/2026/index.md"
    return [
        ("LIS002", "FIRE-4", cat, text_line(CATALOG, "colour: blå")),
        ("LIS002", "RUT-005", rut, text_line(ROUTINES, ":status: klar")),
        ("LIS002", "RUT-006", rut, text_line(ROUTINES, ":reviewed: 2025-02-30")),
        ("LIS002", "RUT-009", rut, text_line(ROUTINES, ":colour: blå")),
        ("LIS003", "RUT-001", rut, need_line(ROUTINES, "RUT-001", occurrence=2)),
        # NOPE-1 does not exist; it treats a requirement: at the line of the link
        ("LIS004", "RUT-004", rut, text_line(ROUTINES, ":fulfils: NOPE-1")),
        ("LIS004", "RUT-004", rut, text_line(ROUTINES, ":treats: FIRE-1")),
        ("LIS004", "RUT-004", rut, need_line(ROUTINES, "RUT-004")),  # fulfils itself
        ("LIS004", "FIRE-5", cat, yaml_line(CATALOG, "FIRE-5")),  # derives itself
        ("LIS005", "", rut, text_line(ROUTINES, "RUT-999")),  # a {need} role to nothing
        ("LIS005", "", rut, text_line(ROUTINES, "rutin-som-inte-finns.md")),  # a broken link
        ("LIS006", "", "docs/los-sida.md", 1),
        ("LIS008", "", "docs/åtgärder.md", 1),
        ("LIS007", "", "requirements/utan-sida.yaml", text_line(FIRE / "requirements" / "utan-sida.yaml", "source:")),
        ("LIS010", "FIRE-1", cat, yaml_line(CATALOG, "FIRE-1")),
        ("LIS011", "FIRE-2", cat, yaml_line(CATALOG, "FIRE-2")),
        ("LIS012", "FIRE-7", cat, yaml_line(CATALOG, "FIRE-7")),
        ("LIS013", "FIRE-8", cat, yaml_line(CATALOG, "FIRE-8")),
        # a claim the content contradicts: at the routine and at the activity
        ("LIS014", "RUT-011", rut, need_line(ROUTINES, "RUT-011")),
        ("LIS014", "AKT-2026-06", act, need_line(FIRE / act, "AKT-2026-06")),
        # evidence: missing (at the requirement), expired (at the evidence), without dates (at the
        # requirement); FIRE-E3's current evidence keeps it quiet
        ("LIS015", "FIRE-E1", cat, yaml_line(CATALOG, "FIRE-E1")),
        ("LIS015", "BEL-2026-01", rut, need_line(ROUTINES, "BEL-2026-01")),
        ("LIS015", "FIRE-E4", cat, yaml_line(CATALOG, "FIRE-E4")),
        ("LIS016", "BEL-2026-04", rut, need_line(ROUTINES, "BEL-2026-04")),
        # live own documents and open activities that fulfil, treat and cover nothing
        ("LIS017", "RUT-001", rut, need_line(ROUTINES, "RUT-001")),
        ("LIS017", "RUT-003", rut, need_line(ROUTINES, "RUT-003")),
        ("LIS017", "RUT-006", rut, need_line(ROUTINES, "RUT-006")),
        ("LIS017", "RUT-009", rut, need_line(ROUTINES, "RUT-009")),
        ("LIS017", "RUT-010", rut, need_line(ROUTINES, "RUT-010")),
        ("LIS017", "AKT-2026-05", act, need_line(FIRE / act, "AKT-2026-05")),
        ("LIS018", "FIRE-10", cat, yaml_line(CATALOG, "FIRE-10")),
        ("LIS019", "UTB-01", rut, need_line(ROUTINES, "UTB-01")),
        ("LIS020", "RUT-001", rut, need_line(ROUTINES, "RUT-001")),
        ("LIS021", "RUT-002", rut, need_line(ROUTINES, "RUT-002")),
        ("LIS022", "RUT-003", rut, need_line(ROUTINES, "RUT-003")),
        ("LIS023", "RUT-002", rut, need_line(ROUTINES, "RUT-002")),
        # the link carries a fingerprint FIRE-6 does not have: at the :fulfils: line
        ("LIS023", "RUT-008", rut, text_line(ROUTINES, "FIRE-6[fingerprint")),
        ("LIS024", "LG-2025", review, need_line(FIRE / review, "LG-2025")),
        ("LIS026", "RUT-010", rut, need_line(ROUTINES, "RUT-010")),
        ("LIS026", "BES-2026-09", review, need_line(FIRE / review, "BES-2026-09")),
        ("LIS027", "LG-2024", lg2024, text_line(FIRE / lg2024, "{lis-previous-text}")),
        ("LIS028", "LG-2025", review, need_line(FIRE / review, "LG-2025")),
        ("LIS029", "LG-2026", lg2026, text_line(FIRE / lg2026, "{lis-previous-text}")),
        ("LIS030", "AKT-2026-01", act, need_line(FIRE / act, "AKT-2026-01")),
        ("LIS033", "RISK-A-02", risk, need_line(RISKS, "RISK-A-02")),
        ("LIS034", "AKT-2026-05", act, need_line(FIRE / act, "AKT-2026-05")),
        ("LIS031", "RISK-A-01", risk, need_line(RISKS, "RISK-A-01")),
        ("LIS032", "RUT-003", rut, need_line(ROUTINES, "RUT-003")),
        ("LIS035", "MAL-2026-01", year, need_line(FIRE / year, "MAL-2026-01")),
        ("LIS036", "MAL-2026-02", year, need_line(FIRE / year, "MAL-2026-02")),
        ("LIS037", "MAL-2026-03", year, need_line(FIRE / year, "MAL-2026-03")),
        ("LIS038", "INC-2026-01", year, need_line(FIRE / year, "INC-2026-01")),  # no early warning after 24 h
        ("LIS038", "INC-2026-02", year, need_line(FIRE / year, "INC-2026-02")),  # IMY after 80 h
        ("LIS039", "INC-2026-03", year, need_line(FIRE / year, "INC-2026-03")),  # notification due in 8 h
        ("LIS050", "SYS-A-01", risk, need_line(RISKS, "SYS-A-01")),
        ("LIS051", "SYS-A-01", risk, need_line(RISKS, "SYS-A-01")),  # no levels
        ("LIS051", "SYS-B-01", assets, need_line(ASSETS, "SYS-B-01")),  # no availability
        ("LIS053", "SYS-B-01", assets, need_line(ASSETS, "SYS-B-01")),
        ("LIS054", "SYS-B-02", assets, need_line(ASSETS, "SYS-B-02")),
        ("LIS052", "SYS-B-03", assets, need_line(ASSETS, "SYS-B-03")),  # no owner, planned
        ("LIS052", "SYS-B-03", assets, need_line(ASSETS, "SYS-B-03")),  # unclassified, planned
        ("LIS055", "BEH-001", assets, need_line(ASSETS, "BEH-001")),
        ("LIS056", "BEH-001", assets, need_line(ASSETS, "BEH-001")),
        ("LIS057", "BEH-001", assets, need_line(ASSETS, "BEH-001")),
        ("LIS058", "BEH-001", assets, need_line(ASSETS, "BEH-001")),
        ("LIS040", "", rut, text_line(ROUTINES, "121212-1212")),
        ("LIS040", "", risk, text_line(RISKS, "701063-2391")),
        ("LIS041", "", rut, text_line(ROUTINES, "onerror=")),
        ("LIS041", "", cat, text_line(CATALOG, "<script>")),
        ("LIS042", "", rut, text_line(ROUTINES, "{literalinclude}")),
        ("LIS043", "", rut, text_line(ROUTINES, "karta.example.invalid")),
    ]


def test_fire_finds_exactly_what_the_fixture_breaks(fire: list[Finding]) -> None:
    found = Counter((f.code, f.need_id, f.file, f.line) for f in fire)
    assert found == Counter(expected_fire())


# LIS025 (next review due soon) and LIS024 (overdue) cannot both fire for one
# project's latest review: LIS025 fires on a copy of check_quiet (test below).
# LIS009 (the pinned shared catalog cannot be read) stops the gate as LIS001 does: it
# fires in tests/test_shared_catalog.py.
@pytest.mark.parametrize("code", [r.code for r in Rule if r.code not in ("LIS001", "LIS009", "LIS025")])
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
    dated = [f.message for f in fire if f.code == "LIS023" and f.need_id == "RUT-002"]
    assert "FIRE-3 (ändrat 2026-05-01, katalogen FIRE reviderad 2026-06-01)" in dated[0]
    changed = [f.message for f in fire if f.code == "LIS023" and f.need_id == "RUT-008"]
    assert changed and "FIRE-6" in changed[0] and "lis reviewed RUT-008" in changed[0]
    assert "bara delvis uppfyllt (av RUT-008)" in by_code["LIS012"]
    assert "börjar gälla 2027-01-15 (om 47 dagar)" in by_code["LIS013"]
    assert "riskvärde 12 (tröskel 9)" in by_code["LIS031"]
    contradiction = [f.message for f in fire if f.code == "LIS014"]
    assert all("FIRE-9" in m and "RUT-011" in m and "AKT-2026-06" in m and ":partly_fulfils:" in m for m in contradiction)
    evidence = {f.need_id: f.message for f in fire if f.code == "LIS015"}
    assert "inget belägg" in evidence["FIRE-E1"] and "lis new evidence" in evidence["FIRE-E1"]
    assert "gällde till 2026-06-30" in evidence["BEL-2026-01"] and "RUT-013" in evidence["BEL-2026-01"]
    assert "BEL-2026-03 saknar uppgift om när det gäller" in evidence["FIRE-E4"]
    assert "RUT-016 (utkast)" in by_code["LIS016"]
    assert "RISK-A-04 gäller RUT-101" in by_code["LIS018"]
    assert "bara 60 % av målgruppen" in by_code["LIS019"] and "målet 90 %" in by_code["LIS019"]
    assert "samordningsnummer" in {f.message.split(" innehåller ett ")[1].split(" ")[0] for f in fire if f.code == "LIS040"}
    # the number itself never lands in a log
    assert not any("121212" in f.message or "701063" in f.message for f in fire)


def test_yaml_problems_name_their_requirement(fire: list[Finding]) -> None:
    (unknown,) = [f for f in fire if f.code == "LIS002" and f.file.endswith(".yaml")]
    assert unknown.need_id == "FIRE-4" and "colour" in unknown.message


@pytest.mark.parametrize(("held", "message"), [("2025-12-29", "om 30 dagar"), ("2025-11-29", "i dag")])
def test_review_due_soon_fires_on_a_copy_of_quiet(tmp_path: Path, held: str, message: str) -> None:
    root = copy_project(QUIET, tmp_path / "due")
    page = root / "docs" / "genomgang.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":date: 2026-01-30", f":date: {held}"), encoding="utf-8")
    found = [f for f in _run(root, tmp_path / "cache") if f.code == Rule.LIS025]
    assert [(f.need_id, f.severity, f.line) for f in found] == [("LG-2025", "warning", need_line(page, "LG-2025"))]
    assert message in found[0].message


def test_lis008_names_the_address_and_a_better_name(tmp_path: Path) -> None:
    from checks.gate.preflight import address_finding
    from checks.settings import Settings

    docs = tmp_path / "docs"
    found = address_finding(Settings(), tmp_path, docs, docs / "rutiner" / "Rutin för loggning.md")
    assert found is not None and (found.code, found.severity, found.file) == ("LIS008", "warning",
                                                                              "docs/rutiner/Rutin för loggning.md")
    assert "rutiner/Rutin%20f%C3%B6r%20loggning.html" in found.message
    assert "docs/rutiner/rutin-for-loggning.md" in found.message
    assert address_finding(Settings(), tmp_path, docs, docs / "rutiner" / "rut-009_loggning.v2.md") is None
