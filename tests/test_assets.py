"""checks/assets.py and LIS050–LIS058 in checks/evaluate.py, as pure functions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checks.assets import ClassStatus, class_status, classification_due, legal_basis_text
from checks.evaluate import evaluate

TODAY = date(2026, 11, 29)
LEVELS = {"confidentiality": 1, "integrity": 1, "availability": 1, "traceability": 1}
REVIEW = {"id": "LG-2026", "type": "review", "status": "fastställd", "date": "2026-06-01", "case_number": "TEST-1"}


def need(nid: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": nid, "type": kind, "docname": "sida", "lineno": 3, "is_external": False, **fields}


def asset(nid: str = "SYS-A", **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "information_owner": "Avdelningschef",
        "classified": "2026-01-10",
        "review_interval": 24,
        **LEVELS,
    }
    values.update(fields)
    return need(nid, "asset", **{k: v for k, v in values.items() if v is not None})


def processing(nid: str = "BEH-001", **fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"purpose": "Lön", "legal_basis": "c"}
    values.update(fields)
    return need(nid, "processing", **{k: v for k, v in values.items() if v is not None})


def run(*items: dict[str, Any]) -> list[tuple[str, str]]:
    needs = {n["id"]: n for n in [*items, REVIEW]}
    return sorted((f.code, f.need_id) for f in evaluate(needs, {}, TODAY))


def test_a_complete_asset_and_processing_are_quiet() -> None:
    assert run(asset(), processing()) == []


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"information_owner": None}, "LIS050"),
        ({"classified": None}, "LIS051"),
        ({"traceability": None}, "LIS051"),
        ({"review_interval": None}, "LIS051"),
        ({"classified": "2024-01-10"}, "LIS051"),  # + 24 months < today
        ({"vital": True, "availability": None}, "LIS051"),  # unclassified, and LIS053 below
        ({"confidentiality": 2}, "LIS054"),
    ],
)
def test_asset_gaps(fields: dict[str, Any], code: str) -> None:
    assert (code, "SYS-A") in run(asset(**fields))


def test_vital_asset_without_availability() -> None:
    assert run(asset(vital=True, availability=None)) == [("LIS051", "SYS-A"), ("LIS053", "SYS-A")]
    assert run(asset(vital=True)) == []


def test_documented_access_management_is_quiet() -> None:
    assert run(asset(confidentiality=3, access_routine=["RUT-001"])) == []


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"purpose": None}, "LIS055"),
        ({"legal_basis": ""}, "LIS055"),
        ({"special_categories": True}, "LIS056"),
        ({"criminal_data": True}, "LIS056"),
        ({"high_risk": True}, "LIS056"),
        ({"third_country": "USA"}, "LIS057"),
        ({"processor": "Leverantören AB"}, "LIS058"),
    ],
)
def test_processing_gaps(fields: dict[str, Any], code: str) -> None:
    assert run(processing(**fields)) == [(code, "BEH-001")]


@pytest.mark.parametrize(
    "fields",
    [
        {"special_categories": True, "dpia_done": "2026-03-01"},
        {"third_country": "USA", "transfer_mechanism": "Adekvansbeslut (EU) 2023/1795"},
        {"processor": "Leverantören AB", "agreement": ["AKT-2026-02"]},
        {"special_categories": False, "high_risk": False},
    ],
)
def test_processing_quiet(fields: dict[str, Any]) -> None:
    assert run(processing(**fields)) == []


def test_an_open_activity_makes_the_gaps_warnings() -> None:
    unowned = asset(information_owner=None, classified=None, covers_back=["AKT-2026-03"])
    open_ = need("AKT-2026-03", "activity", status="planerad", owner="X", due="2026-12-31", covers=["SYS-A"])
    needs = {n["id"]: n for n in (unowned, open_, REVIEW)}
    found = evaluate(needs, {}, TODAY)
    assert sorted(f.code for f in found) == ["LIS052", "LIS052"]
    assert all(f.severity == "warning" and "AKT-2026-03" in f.message for f in found)
    assert sorted("(LIS050)" in f.message or "(LIS051)" in f.message for f in found) == [True, True]


def test_a_done_activity_does_not_cover() -> None:
    unowned = asset(information_owner=None, covers_back=["AKT-2025-01"])
    done = need("AKT-2025-01", "activity", status="genomförd", owner="X", due="2025-12-31", covers=["SYS-A"])
    assert run(unowned, done) == [("LIS050", "SYS-A")]


def test_classification_status() -> None:
    assert class_status(asset(), TODAY) is ClassStatus.CLASSIFIED
    assert class_status(asset(classified="2024-01-10"), TODAY) is ClassStatus.DUE
    assert class_status(asset(integrity=None), TODAY) is ClassStatus.UNCLASSIFIED
    assert class_status(asset(confidentiality=7), TODAY) is ClassStatus.UNCLASSIFIED  # off the scale
    assert classification_due(asset()) == date(2028, 1, 10)


def test_legal_basis_text() -> None:
    assert legal_basis_text({"legal_basis": "e"}) == "art. 6.1 e (allmänt intresse eller myndighetsutövning)"
    assert legal_basis_text({}) == ""
