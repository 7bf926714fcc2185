"""The data sections of a review, computed from the needs (pure, JSON-shaped results).

Each section answers an input of ISO/IEC 27001:2022 9.3.2 (a–g) or the output
9.3.3. A draft computes them from the live needs at every build; closing a review
freezes them in its snapshot (checks.review.snapshot), and a fastställd review's
pages render from there, so a governing document never changes when data moves on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from checks.coverage import COVERAGE_ORDER, coverage_of
from checks.evaluate import risk_value, treaters
from checks.needs import as_date, as_int, id_list
from checks.review import model
from checks.review.changes import requirement_changes
from checks.rules import Rule

Need = Mapping[str, Any]

# The sections by key: (ISO 27001 clause, what it answers), in the order of the chapters.
SECTIONS: dict[str, tuple[str, str]] = {
    "followup": ("9.3.2 a", "status för åtgärder från föregående ledningens genomgång"),
    "changes": ("9.3.2 b–c", "förändringar i externa och interna frågor och i intressenters krav"),
    "findings": ("9.3.2 d", "avvikelser och kontrollresultat (kontrollerna på genomgångens datum)"),
    "incidents": ("9.3.2 d", "avvikelser och incidenter under perioden"),
    "coverage": ("9.3.2 d", "mätresultat: täckning per källa jämfört med föregående genomgång"),
    "dso": ("9.3.2 e", "återkoppling från intressenter: dataskyddsombudets iakttagelser"),
    "risks": ("9.3.2 f", "resultat av riskbedömningen och status för riskbehandlingen"),
    "heatmap": ("9.3.2 f", "riskmatrisen"),
    "proposals": ("9.3.2 g", "möjligheter till ständig förbättring: förslag"),
    "decisions": ("9.3.3", "beslut om förbättringar och förändringar i ledningssystemet"),
}

OPEN_INCIDENT_STATUSES = frozenset({"inträffad", "utredd"})
PROPOSAL_TAG = "förslag"


@dataclass
class Inputs:
    """What the sections are computed from: the needs, a date and the gate's findings."""

    needs: Mapping[str, Need]
    today: dt.date
    revisions: Mapping[str, str] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)
    # snapshots of earlier reviews by review id (for "now against the previous review")
    snapshots: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


def activity_state(activity: Need, on: dt.date) -> str:
    """genomförd, försenad, ej påbörjad, pågående, uppskjuten or struken, as of ``on``."""
    status = activity.get("status")
    if status in ("genomförd", "struken", "uppskjuten"):
        return str(status)
    due = as_date(activity.get("due"))
    if due is not None and due < on:
        return "försenad"
    return "pågående" if status == "pågående" else "ej påbörjad"


def _activity_row(act: Need, on: dt.date) -> dict[str, Any]:
    return {
        "id": act["id"],
        "title": str(act.get("title") or ""),
        "status": str(act.get("status") or ""),
        "state": activity_state(act, on),
        "due": str(act.get("due") or ""),
        "owner": str(act.get("owner") or ""),
    }


def followup(review: Need, inputs: Inputs) -> dict[str, Any]:
    previous = model.previous_review(review, inputs.needs)
    if previous is None:
        return {"previous": "", "rows": []}
    rows = [
        _activity_row(inputs.needs[i], inputs.today)
        for i in model.decided_activities(previous, inputs.needs)
        if i in inputs.needs
    ]
    return {"previous": previous["id"], "decisions": [d["id"] for d in model.decisions_of(previous, inputs.needs)], "rows": rows}


def _previous_snapshot(review: Need, inputs: Inputs) -> tuple[Need | None, Mapping[str, Any] | None]:
    previous = model.previous_review(review, inputs.needs)
    if previous is None:
        return None, None
    return previous, inputs.snapshots.get(previous["id"])


def changes(review: Need, inputs: Inputs) -> dict[str, Any]:
    previous, snap = _previous_snapshot(review, inputs)
    since = as_date(previous.get("date")) if previous else None
    known = set(snap.get("coverage", {})) if snap else None
    rows = requirement_changes(inputs.needs, since, model.period_years(review), inputs.revisions, known)
    return {"previous": previous["id"] if previous else "", "since": since.isoformat() if since else "", "rows": rows}


def findings(review: Need, inputs: Inputs) -> dict[str, Any]:
    by_code: dict[str, int] = {}
    errors = []
    for f in inputs.findings:
        by_code[str(f.code)] = by_code.get(str(f.code), 0) + 1
        if f.is_error:
            errors.append({"code": str(f.code), "need_id": f.need_id, "file": f.file, "message": f.message})
    counts = [
        {"code": code, "title": Rule[code].title, "severity": Rule[code].severity, "count": n}
        for code, n in sorted(by_code.items())
    ]
    n_errors = sum(1 for f in inputs.findings if f.is_error)
    return {
        "as_of": inputs.today.isoformat(),
        "errors": n_errors,
        "warnings": len(inputs.findings) - n_errors,
        "by_code": counts,
        "error_list": sorted(errors, key=lambda e: (e["code"], e["need_id"], e["file"])),
    }


def incidents(review: Need, inputs: Inputs) -> dict[str, Any]:
    previous = model.previous_review(review, inputs.needs)
    since = as_date(previous.get("date")) if previous else None
    rows = []
    for nid, inc in sorted(inputs.needs.items()):
        if inc.get("type") != "incident":
            continue
        occurred = as_date(inc.get("occurred"))
        recent = occurred is not None and (since is None or occurred > since) and occurred <= inputs.today
        still_open = inc.get("status") in OPEN_INCIDENT_STATUSES
        if recent or still_open:
            rows.append(
                {
                    "id": nid,
                    "title": str(inc.get("title") or ""),
                    "occurred": str(inc.get("occurred") or ""),
                    "status": str(inc.get("status") or ""),
                    "category": str(inc.get("category") or ""),
                    "reported_to": str(inc.get("reported_to") or ""),
                }
            )
    return {"since": since.isoformat() if since else "", "rows": rows}


def coverage_by_requirement(needs: Mapping[str, Need]) -> dict[str, str]:
    return {
        nid: str(coverage_of(req, needs))
        for nid, req in sorted(needs.items())
        if req.get("type") == "req" and not req.get("is_external")
    }


def _by_source(needs: Mapping[str, Need], states: Mapping[str, str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for nid, state in states.items():
        source = str((needs.get(nid) or {}).get("source") or nid.split("-")[0])
        counts = out.setdefault(source, {str(c): 0 for c in COVERAGE_ORDER})
        counts[state] = counts.get(state, 0) + 1
    return dict(sorted(out.items()))


def coverage(review: Need, inputs: Inputs) -> dict[str, Any]:
    now = coverage_by_requirement(inputs.needs)
    previous, snap = _previous_snapshot(review, inputs)
    before: dict[str, str] | None = dict(snap["coverage"]) if snap else None
    sources = _by_source(inputs.needs, now)
    before_sources = _by_source(inputs.needs, before) if before is not None else {}
    rows = []
    for source in sorted(set(sources) | set(before_sources)):
        rows.append({"source": source, "now": sources.get(source, {}), "before": before_sources.get(source)})
    moved = []
    if before is not None:
        for nid in sorted(set(now) | set(before)):
            if now.get(nid) != before.get(nid):
                moved.append({"id": nid, "before": before.get(nid, ""), "now": now.get(nid, "")})
    # an older snapshot may count fewer states (before ärvd and delvis were told apart)
    before_states = (snap.get("sections", {}).get("coverage", {}).get("states") if snap else None) or []
    return {
        "previous": previous["id"] if previous else "",
        "has_previous_snapshot": before is not None,
        "previous_states": list(before_states),
        "states": [str(c) for c in COVERAGE_ORDER],
        "rows": rows,
        "moved": moved,
    }


def _risk_row(risk: Need, needs: Mapping[str, Need]) -> dict[str, Any]:
    return {
        "id": risk["id"],
        "title": str(risk.get("title") or ""),
        "origin": str(risk.get("origin") or ""),
        "status": str(risk.get("status") or ""),
        "likelihood": as_int(risk.get("likelihood")),
        "impact": as_int(risk.get("impact")),
        "risk_value": risk_value(risk),
        "treated_by": [{"id": t["id"], "status": str(t.get("status") or "")} for t in treaters(risk, needs)],
    }


def risks(review: Need, inputs: Inputs) -> dict[str, Any]:
    rows = [_risk_row(r, inputs.needs) for _, r in sorted(inputs.needs.items()) if r.get("type") == "risk"]
    return {"rows": rows}


def dso(review: Need, inputs: Inputs) -> dict[str, Any]:
    rows = [
        _risk_row(r, inputs.needs)
        for _, r in sorted(inputs.needs.items())
        if r.get("type") == "risk" and r.get("origin") == "DSO"
    ]
    return {"rows": rows}


def _tags(need: Need) -> list[str]:
    return id_list(need.get("tags"))


def proposals(review: Need, inputs: Inputs) -> dict[str, Any]:
    rows = []
    for nid, act in sorted(inputs.needs.items()):
        if act.get("type") == "activity" and PROPOSAL_TAG in _tags(act) and act.get("status") in ("planerad", "pågående"):
            row = _activity_row(act, inputs.today)
            row["year"] = as_int(act.get("year"))
            row["fulfils"] = id_list(act.get("fulfils"))
            rows.append(row)
    return {"rows": rows}


def activities_of_year(needs: Mapping[str, Need], year: int) -> list[str]:
    """The activities of a verksamhetsår that a decision can decide (not struck), in id order."""
    return [
        nid
        for nid, act in sorted(needs.items())
        if act.get("type") == "activity" and as_int(act.get("year")) == year and act.get("status") != "struken"
    ]


def decisions(review: Need, inputs: Inputs) -> dict[str, Any]:
    made = [
        {
            "id": d["id"],
            "title": str(d.get("title") or ""),
            "date": str(d.get("date") or ""),
            "decided_by": str(d.get("decided_by") or ""),
            "case_number": str(d.get("case_number") or ""),
            "decides": id_list(d.get("decides")),
        }
        for d in model.decisions_of(review, inputs.needs)
    ]
    year = model.year_of(review)
    proposed = [
        _activity_row(inputs.needs[i], inputs.today) for i in activities_of_year(inputs.needs, year + 1)
    ] if year and not made else []
    return {"decisions": made, "next_year": year + 1 if year else None, "proposed": proposed}


COMPUTE = {
    "followup": followup,
    "changes": changes,
    "findings": findings,
    "incidents": incidents,
    "coverage": coverage,
    "dso": dso,
    "risks": risks,
    "heatmap": risks,  # the heat map is drawn from the risk rows
    "proposals": proposals,
    "decisions": decisions,
}


def compute(review: Need, inputs: Inputs, names: Iterable[str] = SECTIONS) -> dict[str, Any]:
    """The data of the named sections (all by default)."""
    return {name: COMPUTE[name](review, inputs) for name in names if name != "heatmap"}
