"""checks/evidence.py and checks/evidence_register.py: the evidence axis and the register of evidence."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from checks.coverage import Coverage, coverage_of, falls_short
from checks.errors import ProjectError
from checks.evidence import Evidence, evidence_axis, is_current, is_expired, requires_evidence, valid_until
from checks.evidence_register import EvidenceValidity, evidence_table, validity
from checks.exporters.tables import render_table
from checks.settings import Settings

TODAY = dt.date(2026, 11, 29)
REQUIRED = ("ISO27001-A-", "NIS2-21-")


def need(nid: str, need_type: str, **fields: Any) -> dict[str, Any]:
    return {"id": nid, "type": need_type, "docname": "sida", "lineno": 3, **fields}


def project(*items: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Needs with their back links filled in, as sphinx-needs does."""
    needs = {n["id"]: dict(n) for n in items}
    for n in list(needs.values()):
        for link in ("fulfils", "partly_fulfils", "supports"):
            for target in n.get(link) or []:
                if target in needs:
                    needs[target].setdefault(f"{link}_back", []).append(n["id"])
    return needs


def test_which_requirements_need_evidence() -> None:
    assert requires_evidence(need("ISO27001-A-5-24", "req"), REQUIRED)
    assert requires_evidence(need("NIS2-21-2B", "req"), REQUIRED)
    assert not requires_evidence(need("NIS2-23-4A", "req"), REQUIRED)
    assert not requires_evidence(need("ISO27001-9-2", "req"), REQUIRED)
    assert not requires_evidence(need("ISO27001-A-5-1", "req", applicable=False), REQUIRED)
    # a source id names all its requirements
    assert requires_evidence(need("GDPR-30", "req", source="GDPR"), ("GDPR",))


@pytest.mark.parametrize(
    ("fields", "until", "current", "expired"),
    [
        ({"date": "2026-01-10", "interval": 12}, dt.date(2027, 1, 10), True, False),
        ({"valid_until": "2026-11-29"}, dt.date(2026, 11, 29), True, False),  # the last day still counts
        ({"date": "2025-06-30", "valid_until": "2026-06-30"}, dt.date(2026, 6, 30), False, True),
        ({"date": "2026-01-10"}, None, False, False),  # no end: never current, never "expired"
        ({}, None, False, False),
        ({"date": "2026-12-24", "interval": 12}, dt.date(2027, 12, 24), False, False),  # not yet
    ],
)
def test_validity_of_one_evidence(fields: dict, until: dt.date | None, current: bool, expired: bool) -> None:
    ev = need("BEL-2026-01", "evidence", kind="protokoll", supports=["RUT-001"], **fields)
    assert valid_until(ev) == until
    assert (is_current(ev, TODAY), is_expired(ev, TODAY)) == (current, expired)


def test_the_axis_reads_evidence_through_the_live_documents_that_fulfil() -> None:
    needs = project(
        need("ISO27001-A-1", "req"),
        need("ISO27001-A-2", "req"),
        need("ISO27001-A-3", "req"),
        need("ISO27001-A-4", "req"),
        need("ISO27001-A-5", "req"),
        need("ISO27001-9-2", "req"),
        need("RUT-001", "routine", status="gällande", fulfils=["ISO27001-A-1", "ISO27001-9-2"]),
        need("RUT-002", "routine", status="gällande", partly_fulfils=["ISO27001-A-2"]),
        need("RUT-003", "routine", status="upphävd", fulfils=["ISO27001-A-4"]),
        need("RUT-004", "routine", status="gällande", fulfils=["ISO27001-A-5"]),
        need("BEL-2026-01", "evidence", date="2026-06-01", interval=12, supports=["RUT-001"]),
        need("BEL-2026-02", "evidence", valid_until="2026-01-31", supports=["RUT-002"]),
        need("BEL-2026-03", "evidence", date="2026-06-01", interval=12, supports=["RUT-003"]),
        need("BEL-2026-04", "evidence", supports=["ISO27001-A-5"]),
    )
    axis = evidence_axis(needs, REQUIRED, TODAY)
    assert {nid: s.state for nid, s in axis.items()} == {
        "ISO27001-A-1": Evidence.CURRENT,
        "ISO27001-A-2": Evidence.STALE,  # expired, through a partial link
        "ISO27001-A-3": Evidence.MISSING,
        "ISO27001-A-4": Evidence.MISSING,  # a revoked routine's evidence shows nothing live
        "ISO27001-A-5": Evidence.STALE,  # supported directly, but no dates
        "ISO27001-9-2": Evidence.NOT_REQUIRED,
    }
    assert axis["ISO27001-A-1"].current == ("BEL-2026-01",)


def test_a_mandatory_training_counts_only_when_its_completion_reaches_the_target() -> None:
    def training(**fields: Any) -> dict[str, dict[str, Any]]:
        return project(need("A-1", "req"), need("UTB-01", "training", fulfils=["A-1"], **fields))

    known = training(mandatory="Obligatorisk för samtliga", completion=95, completion_date="2026-10-01")
    assert coverage_of(known["A-1"], known) is Coverage.FULFILLED
    below = training(mandatory="Obligatorisk för samtliga", completion=60)
    assert coverage_of(below["A-1"], below) is Coverage.PARTIAL
    assert coverage_of(below["A-1"], below, training_target=50) is Coverage.FULFILLED
    unknown = training(mandatory="Obligatorisk för samtliga")
    assert falls_short(unknown["UTB-01"]) and coverage_of(unknown["A-1"], unknown) is Coverage.PARTIAL
    voluntary = training()
    assert coverage_of(voluntary["A-1"], voluntary) is Coverage.FULFILLED


def test_settings_validate_evidence_and_target() -> None:
    settings = Settings.from_dict({"evidence_required": ["GDPR", "ISO27001-A-"], "training_target": 80})
    assert settings.evidence_required == ("GDPR", "ISO27001-A-") and settings.training_target == 80
    assert Settings().evidence_required == REQUIRED and Settings().training_target == 90
    for bad in ({"evidence_required": "ISO27001-A-"}, {"evidence_required": [""]}, {"training_target": 0},
                {"training_target": 101}):  # fmt: skip
        with pytest.raises(ProjectError):
            Settings.from_dict(bad)


def test_register_rows_and_statuses() -> None:
    needs = project(
        need("RUT-001", "routine", status="gällande"),
        need("BEL-2026-01", "evidence", title="Stickprov", kind="stickprov", date="2026-06-01", interval=12,
             owner="Samordnare", location="EXP 2026/1", supports=["RUT-001"]),
        need("BEL-2026-02", "evidence", title="Logg", kind="logg", valid_until="2026-01-31", supports=["RUT-001"]),
        need("BEL-2026-03", "evidence", title="Rapport", kind="rapport", supports=["RUT-001"]),
    )  # fmt: skip
    assert [validity(needs[i], TODAY) for i in ("BEL-2026-01", "BEL-2026-02", "BEL-2026-03")] == [
        EvidenceValidity.CURRENT,
        EvidenceValidity.EXPIRED,
        EvidenceValidity.UNKNOWN,
    ]
    table = evidence_table(needs, TODAY, "2026-11-29")
    doc = json.loads(render_table("json", table))
    assert doc["format"] == "lis-belagg"
    first = doc["rows"][0]
    assert (first["id"], first["valid_until"], first["status"], first["location"]) == (
        "BEL-2026-01", "2027-06-01", "aktuellt", "EXP 2026/1"
    )
    # what the page does not say stays unknown: null in JSON, "Uppgift saknas" in a sheet
    assert doc["rows"][2]["date"] is None and doc["rows"][2]["owner"] is None
    assert "Uppgift saknas" in render_table("csv", table).decode("utf-8-sig")
    for fmt in ("xlsx", "csv", "json", "html", "md"):
        assert render_table(fmt, table) == render_table(fmt, evidence_table(needs, TODAY, "2026-11-29"))
