"""checks/claims.py: the claims the content itself contradicts (LIS014–LIS019), on needs.json dicts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from checks.evaluate import evaluate
from checks.rules import Rule

TODAY = dt.date(2026, 11, 29)
REVIEW = {"id": "LG-2026", "type": "review", "status": "fastställd", "date": "2026-06-01", "case_number": "X"}
CLAIMS = {Rule.LIS014, Rule.LIS015, Rule.LIS016, Rule.LIS017, Rule.LIS018, Rule.LIS019}


def need(nid: str, need_type: str, **fields: Any) -> dict[str, Any]:
    return {"id": nid, "type": need_type, "docname": "sida", "lineno": 3, **fields}


def routine(nid: str, **fields: Any) -> dict[str, Any]:
    base = {"status": "gällande", "owner": "Samordnare", "reviewed": "2026-06-01", "review_interval": 12}
    return need(nid, "routine", **{**base, **fields})


def activity(nid: str, **fields: Any) -> dict[str, Any]:
    return need(nid, "activity", **{"status": "planerad", "owner": "Samordnare", "due": "2027-12-31", **fields})


def claims(*items: dict[str, Any], settings: dict | None = None) -> list[tuple[str, str]]:
    needs = {n["id"]: dict(n) for n in (*items, REVIEW)}
    for n in list(needs.values()):
        for link in ("fulfils", "partly_fulfils", "treats", "supports", "concerns", "covers"):
            for target in n.get(link) or []:
                if target in needs:
                    needs[target].setdefault(f"{link}_back", []).append(n["id"])
    found = evaluate(needs, settings or {}, TODAY)
    return sorted((f.code.name, f.need_id) for f in found if f.code in CLAIMS)


def test_lis014_at_the_document_and_at_the_activity() -> None:
    items = (need("A-1", "req"), routine("RUT-001", fulfils=["A-1"]), activity("AKT-2027-01", fulfils=["A-1"]))
    assert claims(*items) == [("LIS014", "AKT-2027-01"), ("LIS014", "RUT-001")]
    # quiet: the routine answers part of it, or the activity improves a part, or it is done
    assert claims(need("A-1", "req"), routine("RUT-001", partly_fulfils=["A-1"]), items[2]) == []
    assert claims(items[0], items[1], activity("AKT-2027-01", partly_fulfils=["A-1"])) == []
    assert claims(items[0], items[1], activity("AKT-2027-01", status="genomförd", fulfils=["A-1"])) == []


def test_lis015_missing_expired_and_current_evidence() -> None:
    settings = {"evidence_required": ["E-"]}
    reqs = [need(f"E-{i}", "req") for i in range(1, 4)]
    routines = [routine(f"RUT-00{i}", fulfils=[f"E-{i}"]) for i in range(1, 4)]
    evidence = [
        need("BEL-2026-01", "evidence", kind="logg", valid_until="2026-06-30", supports=["RUT-002"]),
        need("BEL-2026-02", "evidence", kind="logg", date="2026-09-01", interval=12, supports=["RUT-003"]),
    ]
    assert claims(*reqs, *routines, *evidence, settings=settings) == [("LIS015", "BEL-2026-01"), ("LIS015", "E-1")]
    # a requirement not named by evidence_required needs none
    assert claims(*reqs, *routines, *evidence) == [("LIS015", "BEL-2026-01")]


def test_lis016_evidence_for_something_not_in_force() -> None:
    items = (need("A-1", "req"), routine("RUT-001", status="utkast", fulfils=["A-1"]))
    ev = need("BEL-2026-01", "evidence", kind="logg", date="2026-09-01", interval=12, supports=["RUT-001"])
    assert ("LIS016", "BEL-2026-01") in claims(*items, ev)
    assert ("LIS016", "BEL-2026-01") not in claims(items[0], routine("RUT-001", fulfils=["A-1"]), ev)


def test_lis017_only_for_own_live_documents_and_open_activities() -> None:
    assert claims(routine("RUT-001"), activity("AKT-2027-01")) == [("LIS017", "AKT-2027-01"), ("LIS017", "RUT-001")]
    city = routine("RUT-101", tags=["ärvd"])
    draft = routine("RUT-002", status="utkast")
    done = activity("AKT-2025-01", status="genomförd")
    treating = routine("RUT-003", treats=["RISK-A"])
    covering = activity("AKT-2026-01", covers=["SYS-A"])
    assert claims(city, draft, done, treating, covering, need("RISK-A", "risk"), need("SYS-A", "asset")) == []


def test_lis018_inherited_while_an_open_risk_names_the_function() -> None:
    items = (need("A-1", "req"), routine("RUT-101", tags=["ärvd"], fulfils=["A-1"]))
    assert claims(*items, need("RISK-A", "risk", status="öppen", concerns=["RUT-101"])) == [("LIS018", "A-1")]
    assert claims(*items, need("RISK-A", "risk", status="öppen", concerns=["A-1"])) == [("LIS018", "A-1")]
    assert claims(*items, need("RISK-A", "risk", status="behandlad", concerns=["RUT-101"])) == []
    # the office's own routine fulfils it too: not only inherited
    assert claims(*items, routine("RUT-001", fulfils=["A-1"]), need("RISK-A", "risk", status="öppen", concerns=["RUT-101"])) == []


def test_lis019_mandatory_training_below_or_without_a_figure() -> None:
    req = need("A-1", "req")
    mandatory = {"mandatory": "Obligatorisk för samtliga", "fulfils": ["A-1"]}
    assert claims(req, need("UTB-01", "training", **mandatory)) == [("LIS019", "UTB-01")]
    assert claims(req, need("UTB-01", "training", completion=89, **mandatory)) == [("LIS019", "UTB-01")]
    assert claims(req, need("UTB-01", "training", completion=90, completion_date="2026-10-01", **mandatory)) == []
    assert claims(req, need("UTB-01", "training", completion=80, **mandatory), settings={"training_target": 80}) == []
    assert claims(req, need("UTB-01", "training", fulfils=["A-1"])) == []  # not mandatory
