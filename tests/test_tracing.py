"""Tracing that tells the truth: the coverage states, change-triggered review, the SoA.

The last tests work on a copy of the real project: editing one word of GDPR-33
gives LIS023 at the link line of every document that links it and nowhere
else; ``lis reviewed`` clears it and changes only the reviewed date and the
fingerprints; the dashboard, every matrix format and the SoA agree.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from pathlib import Path

import pytest

from gatefixture import copy_real, pin_catalog, publish_catalog

from checks.coverage import Coverage, coverage_of
from checks.exporters import json_
from checks.exporters import soa as soa_exporters
from checks.gate import run_pipeline
from checks.linkprints import condition, review, split_links
from checks.main import main
from checks.matrix import build_matrix
from checks.project import load_project
from checks.rules import Rule
from checks.site.context import SiteContext
from checks.site.dashboard import states_by_source
from checks.soa import IMPLEMENTED, build_soa

REPO = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 29)


# ---------------------------------------------------------------- coverage


def _req(rid: str, **links: list[str]) -> dict:
    return {"id": rid, "type": "req", "applicable": True, **{f"{k}_back": v for k, v in links.items()}}


NEEDS = {
    "RUT-001": {"id": "RUT-001", "type": "routine", "status": "gällande", "tags": ["egen"]},
    "RUT-101": {"id": "RUT-101", "type": "routine", "status": "gällande", "tags": ["ärvd"]},
    "RUT-002": {"id": "RUT-002", "type": "routine", "status": "utkast", "tags": ["egen"]},
    "AKT-2026-01": {"id": "AKT-2026-01", "type": "activity", "status": "planerad"},
    "AKT-2025-01": {"id": "AKT-2025-01", "type": "activity", "status": "genomförd"},
    "UTB-01": {"id": "UTB-01", "type": "training"},
}


@pytest.mark.parametrize(
    ("req", "state"),
    [
        (_req("A", fulfils=["RUT-001", "RUT-101"]), Coverage.FULFILLED),
        (_req("B", fulfils=["RUT-101"], partly_fulfils=["RUT-001"]), Coverage.INHERITED),
        (_req("C", fulfils=["UTB-01"]), Coverage.FULFILLED),
        (_req("D", partly_fulfils=["RUT-101"], fulfils=["AKT-2026-01"]), Coverage.PARTIAL),
        (_req("E", partly_fulfils=["RUT-002"], fulfils=["AKT-2026-01"]), Coverage.PLANNED),
        (_req("F", partly_fulfils=["AKT-2026-01"]), Coverage.PLANNED),
        (_req("G", fulfils=["RUT-002", "AKT-2025-01"]), Coverage.UNTRACED),
        ({**_req("H", fulfils=["RUT-001"]), "applicable": False}, Coverage.NOT_APPLICABLE),
    ],
)
def test_coverage_states(req: dict, state: Coverage) -> None:
    assert coverage_of(req, NEEDS) is state


# ---------------------------------------------------------------- link fingerprints

PAGE = (
    "# Rutin\r\n\r\n:::{routine} Rutin\r\n:id: RUT-001\r\n:status: gällande\r\n:owner: Samordnare\r\n"
    ":reviewed: 2025-12-01\r\n:fulfils: A-1[fingerprint.startswith('00000000')], A-2, RUT-009\r\n"
    ":partly_fulfils: A-3\r\n\r\nText :fulfils: A-1 i brödtexten.\r\n:::\r\n\r\n"
    ":::{routine} Annan\r\n:id: RUT-002\r\n:fulfils: A-1\r\n\r\nAnnan.\r\n:::\r\n"
)
PRINTS = {"A-1": "1" * 64, "A-2": "2" * 64, "A-3": "3" * 64}


def test_review_touches_only_the_date_and_the_links_of_one_need() -> None:
    edit = review(PAGE, "RUT-001", PRINTS, "2026-11-29")
    before, after = PAGE.splitlines(keepends=True), edit.text.splitlines(keepends=True)
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after)
    assert changed == [
        (":reviewed: 2025-12-01\r\n", ":reviewed: 2026-11-29\r\n"),
        (
            ":fulfils: A-1[fingerprint.startswith('00000000')], A-2, RUT-009\r\n",
            f":fulfils: A-1[{condition(PRINTS['A-1'])}], A-2[{condition(PRINTS['A-2'])}], RUT-009\r\n",
        ),
        (":partly_fulfils: A-3\r\n", f":partly_fulfils: A-3[{condition(PRINTS['A-3'])}]\r\n"),
    ]
    assert edit.changed


def test_review_adds_a_missing_date_after_the_owner() -> None:
    text = review(PAGE.replace(":reviewed: 2025-12-01\r\n", ""), "RUT-001", PRINTS, "2026-11-29").text
    assert ":owner: Samordnare\r\n:reviewed: 2026-11-29\r\n:fulfils:" in text


def test_split_links_keeps_conditions_whole() -> None:
    assert split_links("A-1[x in ('a, b')], A-2") == ["A-1[x in ('a, b')]", "A-2"]


# ---------------------------------------------------------------- the real project


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_real(tmp_path_factory.mktemp("real") / "lis")
    return root


def _gate(root: Path, cache: Path):
    return run_pipeline(load_project(root), TODAY, cache=cache)


def test_dashboard_matrix_and_soa_agree(real: Path, tmp_path: Path) -> None:
    result = _gate(real, tmp_path / "cache")
    needs, catalogs = result.facts.needs, result.facts.index.catalogs
    matrix = build_matrix(needs, catalogs, real)
    by_id = {r.id: r.coverage for r in matrix.rows}
    assert by_id == {nid: coverage_of(n, needs) for nid, n in needs.items() if n.get("type") == "req"}
    exported = json.loads(json_.render(matrix))
    assert {r["id"]: r["coverage"] for r in exported["requirements"]} == {k: v.value for k, v in by_id.items()}
    soa = build_soa(needs, catalogs)
    assert len(soa.rows) == 93
    assert all(r.implemented == IMPLEMENTED[by_id[r.id]] for r in soa.rows)
    # the start page counts each requirement under the same state
    on_dashboard = {
        nid: state for states in states_by_source(SiteContext(needs=needs, today=TODAY)).values() for nid, state in states.items()
    }
    assert on_dashboard == by_id
    assert {Coverage.INHERITED, Coverage.PARTIAL} <= set(on_dashboard.values())
    # the contradictions the office's own proposals name are partial, with an open activity
    assert by_id["NIS2-21-2J"] is Coverage.PARTIAL and by_id["NIS2-21-2C"] is Coverage.PARTIAL
    assert not [f for f in result.findings if f.code == Rule.LIS012]
    assert not [f for f in result.findings if f.is_error]


def test_export_soa_xlsx_lists_93_controls(real: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import load_workbook

    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("LIS_TODAY", TODAY.isoformat())
    out = tmp_path / "soa.xlsx"
    assert main(["export", "soa", "--root", str(real), "-o", str(out)]) == 0
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 93
    assert all(r[3] in ("Ja", "Nej") and r[4] and r[5] for r in rows)
    first = out.read_bytes()
    assert main(["export", "soa", "--root", str(real), "-o", str(out)]) == 0
    assert out.read_bytes() == first  # deterministic
    assert main(["export", "soa", "--root", str(real), "--format", "json", "-o", str(tmp_path / "soa.json")]) == 0
    doc = json.loads((tmp_path / "soa.json").read_text(encoding="utf-8"))
    assert doc["format"] == soa_exporters.FORMAT and len(doc["controls"]) == 93


def test_a_changed_requirement_is_reviewed_with_lis_reviewed(
    real: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    before = {(f.code, f.file, f.line, f.need_id) for f in _gate(real, cache).findings}
    catalog = real / "katalog" / "requirements" / "gdpr.yaml"
    original = {p: p.read_bytes() for p in (real / "docs").rglob("*.md")}
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace("anmäls till IMY utan onödigt dröjsmål", "anmäls till IMY utan dröjsmål", 1),
        encoding="utf-8",
    )
    # the city publishes the change as a new version, and the office raises its pin to it
    publish_catalog(real / "katalog", "2026.99")
    pin_catalog(real, "2026.99")
    # every document linking GDPR-33, and the line of its link
    linking: dict[tuple[str, int], str] = {}
    for page in (real / "docs").rglob("*.md"):
        nid = ""
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
            if m := re.match(r"^:id:\s*(\S+)", line):
                nid = m[1]
            if re.match(r"^:(fulfils|partly_fulfils):", line) and "GDPR-33[" in line:
                linking[(page.relative_to(real).as_posix(), number)] = nid
    assert len(linking) >= 2
    after = _gate(real, cache).findings
    new = {(f.code, f.file, f.line, f.need_id) for f in after} - before
    assert new == {(Rule.LIS023, file, line, nid) for (file, line), nid in linking.items()}
    assert all("GDPR-33" in f.message and f"lis reviewed {f.need_id}" in f.message for f in after if (f.code, f.file, f.line, f.need_id) in new)

    monkeypatch.setenv("LIS_CACHE_DIR", str(cache))
    monkeypatch.setenv("LIS_TODAY", TODAY.isoformat())
    ids = sorted(set(linking.values()))
    assert main(["reviewed", *ids, "--root", str(real), "--date", "2026-11-29"]) == 0
    again = _gate(real, cache).findings
    assert not [f for f in again if f.code == Rule.LIS023 and "GDPR-33 i" in f.message]
    # the diff: only the reviewed dates and the fingerprints
    for page, text in original.items():
        new_text = page.read_bytes()
        if new_text == text:
            continue
        diff = [
            line
            for line in difflib.unified_diff(text.decode().splitlines(), new_text.decode().splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))
        ]
        for line in diff:
            assert re.match(r"^[+-]:(reviewed|fulfils|partly_fulfils):", line), line
        removed = [re.sub(r"\[fingerprint[^\]]*\]", "", d[1:]) for d in diff if d.startswith("-:") and "fulfils" in d]
        added = [re.sub(r"\[fingerprint[^\]]*\]", "", d[1:]) for d in diff if d.startswith("+:") and "fulfils" in d]
        assert removed == added  # the same links, only other fingerprints
