"""checks/evaluate.py: the need-level rules as pure functions over needs.json dicts."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from checks.evaluate import (
    add_months,
    is_overdue_activity,
    evaluate,
    latest_review,
    review_due,
    risk_value,
    untreated_high_risks,
)

TODAY = date(2026, 11, 29)


def need(nid: str, kind: str, **fields: Any) -> dict[str, Any]:
    base = {"id": nid, "type": kind, "docname": "sida", "lineno": 7, "is_external": False}
    for link in ("fulfils", "treats", "decides", "derives"):
        base[link] = []
        base[f"{link}_back"] = []
    base.update(fields)
    return base


def link(needs: dict[str, dict[str, Any]], kind: str, source: str, target: str) -> None:
    needs[source][kind].append(target)
    needs[target][f"{kind}_back"].append(source)


def run(*items: dict[str, Any], settings: dict | None = None, **kw: Any) -> list[tuple[str, str]]:
    needs = {n["id"]: n for n in items}
    return sorted((f.code, f.need_id) for f in evaluate(needs, settings or {}, TODAY, **kw))


REVIEW = need("LG-2026", "review", status="fastställd", date="2026-06-01", case_number="TEST-1")


def routine(nid: str = "RUT-001", **fields: Any) -> dict[str, Any]:
    # a routine that treats a risk: one that fulfils and treats nothing is LIS017 (tests/test_claims.py)
    values = {"status": "gällande", "owner": "Samordnare", "reviewed": "2026-06-01", "review_interval": 12,
              "treats": ["RISK-Z"]}
    values.update(fields)
    return need(nid, "routine", **values)


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    "day, months, result",
    [
        (date(2025, 12, 1), 12, date(2026, 12, 1)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 12, 31), 24, date(2027, 12, 31)),
    ],
)
def test_add_months(day: date, months: int, result: date) -> None:
    assert add_months(day, months) == result


def test_review_due() -> None:
    assert review_due(routine(reviewed="2025-12-01", review_interval=12)) == date(2026, 12, 1)
    assert review_due(routine(reviewed="2025-02-30")) is None  # invalid: LIS002's job
    assert review_due(routine(review_interval=None)) is None
    asset = need("SYS-A", "asset", classified="2026-01-10", review_interval=24)
    assert review_due(asset) == date(2028, 1, 10)


def test_review_boundaries() -> None:
    due_today = routine("RUT-001", reviewed="2025-11-29", review_interval=12)
    due_in_30 = routine("RUT-002", reviewed="2025-12-29", review_interval=12)
    due_in_31 = routine("RUT-003", reviewed="2025-12-30", review_interval=12)
    overdue = routine("RUT-004", reviewed="2025-11-28", review_interval=12)
    assert run(due_today, due_in_30, due_in_31, overdue, REVIEW) == [
        ("LIS020", "RUT-004"),
        ("LIS021", "RUT-001"),
        ("LIS021", "RUT-002"),
    ]


def test_due_window_follows_the_setting() -> None:
    soon = routine(reviewed="2025-12-29", review_interval=12)  # due in 30 days
    assert run(soon, REVIEW, settings={"due_window_days": 29}) == []
    assert run(soon, REVIEW, settings={"due_window_days": 30}) == [("LIS021", "RUT-001")]


def test_drafts_and_revoked_routines_need_no_review_date() -> None:
    draft = routine("RUT-001", status="utkast", reviewed=None)
    revoked = routine("RUT-002", status="upphävd", reviewed="2020-01-01")
    assert run(draft, revoked, REVIEW) == []
    assert run(routine(reviewed=None), REVIEW) == [("LIS022", "RUT-001")]
    assert run(routine(review_interval=None), REVIEW) == [("LIS022", "RUT-001")]


def test_risk_value_from_likelihood_and_impact() -> None:
    assert risk_value(need("RISK-A", "risk", risk_value=9)) == 9
    assert risk_value(need("RISK-A", "risk", likelihood=3, impact=4)) == 12
    assert risk_value(need("RISK-A", "risk")) is None


def test_untreated_high_risks() -> None:
    needs = {
        "RISK-A": need("RISK-A", "risk", risk_value=9, status="öppen"),
        "RISK-B": need("RISK-B", "risk", risk_value=8, status="öppen"),
        "RISK-C": need("RISK-C", "risk", risk_value=16, status="accepterad"),
        "RISK-D": need("RISK-D", "risk", risk_value=12, status="öppen"),
        "AKT-2026-01": need("AKT-2026-01", "activity", status="struken"),
        "AKT-2026-02": need("AKT-2026-02", "activity", status="planerad"),
        "RISK-E": need("RISK-E", "risk", risk_value=10, status="öppen"),
    }
    link(needs, "treats", "AKT-2026-01", "RISK-D")  # struck: does not treat
    link(needs, "treats", "AKT-2026-02", "RISK-E")
    assert [n["id"] for n in untreated_high_risks(needs)] == ["RISK-A", "RISK-D"]
    assert [n["id"] for n in untreated_high_risks(needs, threshold=8)] == ["RISK-A", "RISK-B", "RISK-D"]


def test_overdue_activities() -> None:
    needs = {
        n["id"]: n
        for n in (
            need("AKT-2026-01", "activity", status="pågående", due="2026-11-28", owner="X"),
            need("AKT-2026-02", "activity", status="planerad", due="2026-11-29", owner="X"),
            need("AKT-2026-03", "activity", status="genomförd", due="2025-01-01", owner="X"),
            need("AKT-2026-04", "activity", status="struken", due="2025-01-01", owner="X"),
            need("AKT-2026-05", "activity", status="uppskjuten", due="2025-01-01", owner="X"),
        )
    }
    assert [i for i, n in sorted(needs.items()) if is_overdue_activity(n, TODAY)] == ["AKT-2026-01", "AKT-2026-05"]


def test_latest_review_ignores_drafts() -> None:
    old = need("LG-2024", "review", status="fastställd", date="2025-10-01", case_number="TEST-1")
    draft = need("LG-2025", "review", status="utkast", date="2026-11-01")
    needs = {"LG-2024": old, "LG-2025": draft}
    assert latest_review(needs) is old
    assert run(old, draft) == [("LIS024", "LG-2024")]


def test_no_review_at_all() -> None:
    findings = evaluate({}, {}, TODAY)
    assert [(f.code, f.file, f.line) for f in findings] == [("LIS024", "docs/index.md", 1)]


def test_a_review_with_a_bad_date_is_left_to_the_schema() -> None:
    assert run(need("LG-2026", "review", status="fastställd", date="2026-02-30", case_number="TEST-1")) == []


def test_coverage_rules() -> None:
    needs = {
        n["id"]: n
        for n in (
            need("GDPR-30", "req", applicable=True),
            need("GDPR-33", "req", applicable=True),
            need("GDPR-34", "req", applicable=True),
            need("GDPR-35", "req", applicable=False, justification="Gäller inte."),
            need("GDPR-36", "req", applicable=False, justification="  "),
            routine("RUT-001", status="upphävd"),
            need("AKT-2026-01", "activity", status="planerad", owner="X", due="2026-12-31"),
            REVIEW,
        )
    }
    link(needs, "fulfils", "RUT-001", "GDPR-30")  # revoked: does not count
    link(needs, "fulfils", "AKT-2026-01", "GDPR-33")  # planned: not untraced
    findings = evaluate(needs, {}, TODAY)
    assert sorted((f.code, f.need_id) for f in findings) == [
        ("LIS010", "GDPR-30"),
        ("LIS010", "GDPR-34"),
        ("LIS011", "GDPR-36"),
    ]
    (gdpr30,) = [f for f in findings if f.need_id == "GDPR-30"]
    assert "RUT-001 (upphävd)" in gdpr30.message


def test_suspect_links() -> None:
    needs = {
        n["id"]: n
        for n in (
            need("NIS2-21", "req", applicable=True, source="NIS2", changed="2026-03-01"),
            need("NIS2-23", "req", applicable=True, source="NIS2"),
            routine("RUT-001", reviewed="2026-02-01"),
            routine("RUT-002", reviewed="2026-03-01"),
            REVIEW,
        )
    }
    link(needs, "fulfils", "RUT-001", "NIS2-21")
    link(needs, "fulfils", "RUT-002", "NIS2-21")
    link(needs, "fulfils", "RUT-002", "NIS2-23")
    assert [(f.code, f.need_id) for f in evaluate(needs, {}, TODAY)] == [("LIS023", "RUT-001")]
    # the catalog's revision date counts too
    findings = evaluate(needs, {}, TODAY, revisions={"NIS2": "2026-04-01"})
    assert sorted((f.code, f.need_id) for f in findings) == [("LIS023", "RUT-001"), ("LIS023", "RUT-002")]


def test_owners() -> None:
    assert run(
        routine(owner=""),
        need("AKT-2026-01", "activity", status="planerad", due="2026-12-31", treats=["RISK-Z"]),
        need("SYS-A", "asset", information_owner="Chef", classified="2026-01-01", review_interval=24, **LEVELS),
        need("SYS-B", "asset", classified="2026-01-01", review_interval=24, **LEVELS),
        REVIEW,
    ) == [("LIS032", "AKT-2026-01"), ("LIS032", "RUT-001"), ("LIS050", "SYS-B")]


LEVELS = {"confidentiality": 1, "integrity": 1, "availability": 1, "traceability": 1}


def test_links_to_itself() -> None:
    assert run(need("NIS2-21", "req", applicable=False, justification="X", derives=["NIS2-21"]), REVIEW) == [
        ("LIS004", "NIS2-21")
    ]


def test_locations_and_severity_overrides() -> None:
    needs = {"RUT-001": routine(owner=None), "LG-2026": REVIEW}
    (finding,) = evaluate(
        needs,
        {"severity": {"LIS032": "warning"}},
        TODAY,
        {"RUT-001": ("docs/rutiner/rut-001.md", 3)},
    )
    assert (finding.code, finding.severity, finding.file, finding.line) == (
        "LIS032",
        "warning",
        "docs/rutiner/rut-001.md",
        3,
    )
    (default,) = evaluate(needs, {}, TODAY)
    assert (default.file, default.line) == ("docs/sida.md", 7)


def test_external_needs_are_not_checked() -> None:
    assert run(need("EXT-1", "req", applicable=True, is_external=True), REVIEW) == []


def test_values_of_the_wrong_type_do_not_crash() -> None:
    weird = routine(reviewed=20260101, review_interval="tolv", owner=["x"])
    risk = need("RISK-A", "risk", risk_value="hög", likelihood=None, status=None)
    activity = need("AKT-2026-01", "activity", due=["2026"], status=None, owner="X")
    run(weird, risk, activity, REVIEW)


# ---------------------------------------------------------------- dates, risk values, activities due soon


def _messages(*items: dict[str, Any], **kw: Any) -> dict[tuple[str, str], str]:
    needs = {n["id"]: n for n in items}
    return {(f.code, f.need_id): f.message for f in evaluate(needs, {}, TODAY, **kw)}


def test_due_today_reads_i_dag() -> None:
    found = _messages(REVIEW, routine(reviewed="2025-11-29"))
    assert "ska granskas senast 2026-11-29, i dag." in found[("LIS021", "RUT-001")]
    tomorrow = _messages(REVIEW, routine(reviewed="2025-11-30"))
    assert "om 1 dag." in tomorrow[("LIS021", "RUT-001")]


@pytest.mark.parametrize("field, kind", [("reviewed", "routine"), ("occurred", "incident"), ("classified", "asset")])
def test_a_date_after_today_is_an_error(field: str, kind: str) -> None:
    later = need("X-1", kind, **{field: "2026-11-30"})
    assert ("LIS026", "X-1") in run(REVIEW, later)
    same_day = need("X-1", kind, **{field: "2026-11-29"})
    assert ("LIS026", "X-1") not in run(REVIEW, same_day)


def test_risk_value_must_be_likelihood_times_impact() -> None:
    wrong = need("RISK-1", "risk", likelihood=2, impact=3, risk_value=8, status="öppen")
    message = _messages(REVIEW, wrong)[("LIS033", "RISK-1")]
    assert "riskvärde 8" in message and "är 6" in message
    right = need("RISK-1", "risk", likelihood=2, impact=3, risk_value=6, status="öppen")
    only_value = need("RISK-2", "risk", risk_value=8, status="öppen")
    assert not [c for c, _ in run(REVIEW, right, only_value) if c == "LIS033"]


def test_an_activity_due_soon_and_not_started_is_a_warning() -> None:
    soon = need("AKT-2026-01", "activity", status="planerad", owner="X", due="2026-12-29")
    assert ("LIS034", "AKT-2026-01") in run(REVIEW, soon)
    started = need("AKT-2026-01", "activity", status="pågående", owner="X", due="2026-12-29")
    later = need("AKT-2026-02", "activity", status="planerad", owner="X", due="2026-12-30")
    assert not [c for c, _ in run(REVIEW, started, later) if c == "LIS034"]


def test_an_untraced_requirement_names_where_the_closed_activity_is() -> None:
    needs = {
        "GDPR-30": need("GDPR-30", "req", applicable=True),
        "AKT-2025-01": need("AKT-2025-01", "activity", status="genomförd", owner="X", due="2025-12-31"),
        "LG-2026": REVIEW,
    }
    link(needs, "fulfils", "AKT-2025-01", "GDPR-30")
    locations = {"GDPR-30": ("requirements/gdpr.yaml", 12), "AKT-2025-01": ("docs/aktiviteter/2025.md", 40)}
    (finding,) = [f for f in evaluate(needs, {}, TODAY, locations) if f.code == "LIS010"]
    assert (finding.file, finding.line) == ("requirements/gdpr.yaml", 12)
    assert "AKT-2025-01 (genomförd) i docs/aktiviteter/2025.md rad 40" in finding.message
def test_review_rules_of_the_yearly_cycle() -> None:
    adopted = need("LG-2025", "review", status="fastställd", date="2025-12-01", case_number="D-1")
    future = need("LG-2026", "review", status="fastställd", date="2026-12-24")
    decision = need("BES-2026-01", "decision", date="2026-12-24", decided_by="nämnd")
    needs = {n["id"]: n for n in (adopted, future, decision)}
    # a review dated after today is not the latest: LG-2025 is, due in 2 days
    assert latest_review(needs, TODAY) is adopted
    found = sorted((f.code, f.need_id) for f in evaluate(needs, {}, TODAY))
    assert found == [("LIS025", "LG-2025"), ("LIS026", "BES-2026-01"), ("LIS026", "LG-2026"), ("LIS028", "LG-2026")]
    markers = {"LG-2025": [("docs/genomgang/2025/index.md", 7)]}
    codes = [(f.code, f.file, f.line) for f in evaluate({"LG-2025": adopted}, {}, TODAY, markers=markers)]
    assert ("LIS027", "docs/genomgang/2025/index.md", 7) in codes
