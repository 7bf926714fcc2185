"""The real content (docs/) builds without warnings and holds the whole review.

The site is built once per module into a temporary folder, so the tests never
touch the working tree's _build and see exactly what the published site holds.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from checks.coverage import Coverage, coverage_of
from checks.needs import load_needs

ROOT = Path(__file__).resolve().parents[1]

# What Ledningens genomgång 2025 contains (the seed), per need type.
EXPECTED_TYPES = {
    "risk": 10,  # 6 from VoR, 3 from ISIL, 1 from the DSO's annual report
    # 6 done in 2025, 11 planned for 2026, 9 for 2027–2028, 18 proposals (förslag)
    # for gaps found when the requirements were traced
    "activity": 44,
    "training": 13,
    "incident": 1,
    "review": 1,
    "decision": 1,
}
EXPECTED_ORIGINS = {"VoR": 6, "ISIL": 3, "DSO": 1}
EXPECTED_ACTIVITY_YEARS = {2025: 6, 2026: 11, 2027: 27}
PROPOSALS = 18
COORDINATOR = "Informationssäkerhetssamordnare"
HIGH_RISK = 9  # risk value from which a risk must be treated (LIS031)


@pytest.fixture(scope="module")
def needs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("site") / "html"
    result = subprocess.run(
        [
            sys.executable, "-m", "sphinx",
            "-W", "--keep-going", "-q",
            "-c", str(ROOT), str(ROOT / "docs"), str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stderr}"
    return load_needs(out / "needs.json")


def _of_type(needs: dict[str, dict[str, Any]], need_type: str) -> dict[str, dict[str, Any]]:
    return {nid: n for nid, n in needs.items() if n["type"] == need_type}


def test_counts_per_type(needs: dict[str, dict[str, Any]]) -> None:
    counts = Counter(n["type"] for n in needs.values())
    assert {t: counts[t] for t in EXPECTED_TYPES} == EXPECTED_TYPES


def test_risks_per_origin(needs: dict[str, dict[str, Any]]) -> None:
    origins = Counter(n.get("origin") for n in _of_type(needs, "risk").values())
    assert dict(origins) == EXPECTED_ORIGINS


def test_activities_per_year(needs: dict[str, dict[str, Any]]) -> None:
    years = Counter(n.get("year") for n in _of_type(needs, "activity").values())
    assert dict(years) == EXPECTED_ACTIVITY_YEARS


def test_vor_risk_values_follow_the_review(needs: dict[str, dict[str, Any]]) -> None:
    values = [needs[f"RISK-VOR-0{i}"].get("risk_value") for i in range(1, 7)]
    assert values == [9, 8, 6, 9, 8, 6]


def test_every_high_risk_is_treated(needs: dict[str, dict[str, Any]]) -> None:
    high = {
        nid: n
        for nid, n in _of_type(needs, "risk").items()
        if (n.get("risk_value") or 0) >= HIGH_RISK
    }
    assert high, "the review has risks with risk value 9"
    untreated = sorted(nid for nid, n in high.items() if not n.get("treats_back"))
    assert untreated == []


def test_decision_covers_all_2026_activities(needs: dict[str, dict[str, Any]]) -> None:
    planned_2026 = {
        nid for nid, n in _of_type(needs, "activity").items() if n.get("year") == 2026
    }
    assert len(planned_2026) == 11
    assert set(needs["BES-2025-01"]["decides"]) == planned_2026
    for nid in planned_2026:
        assert needs[nid]["decides_back"] == ["BES-2025-01"]


def test_review_is_fixed_by_the_head_of_administration(
    needs: dict[str, dict[str, Any]],
) -> None:
    review = needs["LG-2025"]
    assert review["status"] == "fastställd"
    assert review["decided_by"] == "förvaltningschef"
    assert review["period"] == "2026–2028"


def test_every_applicable_requirement_is_traced(needs: dict[str, dict[str, Any]]) -> None:
    reqs = _of_type(needs, "req")
    applicable = {nid: r for nid, r in reqs.items() if r.get("applicable") is not False}
    assert len(reqs) == 220 and len(applicable) == 211
    unlinked = sorted(nid for nid, r in applicable.items() if not r.get("fulfils_back"))
    untraced = sorted(
        nid for nid, r in applicable.items() if coverage_of(r, needs) is Coverage.UNTRACED
    )
    assert (unlinked, untraced) == ([], [])


def test_proposals_are_planned_by_the_coordinator_and_answer_requirements(
    needs: dict[str, dict[str, Any]],
) -> None:
    proposals = {
        nid: n for nid, n in _of_type(needs, "activity").items() if "förslag" in n["tags"]
    }
    assert len(proposals) == PROPOSALS
    for nid, n in proposals.items():
        assert (n["status"], n["owner"], n["year"], n["due"]) == (
            "planerad", COORDINATOR, 2027, "2027-12-31"
        ), nid
        assert n["fulfils"] and all(needs[r]["type"] == "req" for r in n["fulfils"]), nid


# ---------------------------------------------------------------- assets and processing (issue 13)
# The systems and services the review names, and the one processing it shows
# (the staff data held by Miljödata). The review gives no classification, owner,
# legal basis or purpose for any of them: those fields stay empty.
EXPECTED_ASSETS = {
    "SYS-AGRESSO", "SYS-IA", "SYS-KLASSA", "SYS-LISA", "SYS-MARKUPPLATELSER",
    "SYS-MILJODATA", "SYS-SAKRA-MEDDELANDEN", "SYS-SVEAGPT", "SYS-ZOOM",
}  # fmt: skip
NOT_IN_THE_REVIEW = (
    "information_owner", "object_owner", "object_manager", "operation_agreement", "network_zone",
    "classified", "classification_tool", "confidentiality", "integrity", "availability", "traceability",
    "review_interval", "access_routine",
)  # fmt: skip
NOT_IN_THE_REVIEW_PROCESSING = (
    "controller", "purpose", "legal_basis", "national_basis", "recipients", "third_country",
    "transfer_mechanism", "retention", "security_measures", "special_categories", "criminal_data",
    "high_risk", "dpia_done", "agreement",
)  # fmt: skip


def test_assets_are_what_the_review_names(needs: dict[str, dict[str, Any]]) -> None:
    assets = _of_type(needs, "asset")
    assert set(assets) == EXPECTED_ASSETS
    for nid, asset in assets.items():
        assert [f for f in NOT_IN_THE_REVIEW if asset.get(f) not in (None, "", [])] == [], nid
    # the one samhällsviktig activity, and the two suppliers the review names
    assert [n for n, a in assets.items() if a.get("vital") is True] == ["SYS-MARKUPPLATELSER"]
    assert {n: a["supplier"] for n, a in assets.items() if a.get("supplier")} == {
        "SYS-MILJODATA": "Miljödata",
        "SYS-SVEAGPT": "Stadsledningskontoret (SLK)",
    }


def test_the_one_processing_lists_the_reviews_data_categories(needs: dict[str, dict[str, Any]]) -> None:
    (processing,) = _of_type(needs, "processing").values()
    assert processing["id"] == "BEH-001" and processing["runs_in"] == ["SYS-MILJODATA"]
    assert len(processing["data_categories"].split("; ")) == 10
    assert [f for f in NOT_IN_THE_REVIEW_PROCESSING if processing.get(f) not in (None, "", [])] == []


def test_the_2026_activities_cover_every_gap(needs: dict[str, dict[str, Any]]) -> None:
    from datetime import date

    from checks.evaluate import evaluate
    from checks.rules import Rule

    found = [f for f in evaluate(needs, {}, date(2026, 11, 29)) if f.code.name.startswith("LIS05")]
    assert found and {f.code for f in found} == {Rule.LIS052}  # planned, never an error
    for asset in EXPECTED_ASSETS:
        assert {"AKT-2026-03", "AKT-2026-07", "AKT-2026-08"} <= set(needs[asset]["covers_back"])
    assert set(needs["BEH-001"]["covers_back"]) == {"AKT-2026-02", "AKT-2026-05"}


def test_pages_do_not_send_their_readers_to_the_readme() -> None:
    """The README is the developers'; a page says what it means, for staff reading the site."""
    docs = Path(__file__).resolve().parents[1] / "docs"
    assert [p.name for p in docs.rglob("*.md") if "se README" in p.read_text(encoding="utf-8")] == []
