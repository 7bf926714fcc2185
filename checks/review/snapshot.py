"""The snapshot of a fastställd review: its figures frozen as a small JSON file.

Written by ``lis review close`` next to the review (``docs/genomgang/<år>/snapshot.json``):
coverage per requirement, activity statuses, risk values, finding counts and the
data of every section, so the review's pages render the same for ever and the
next review compares against it. Deterministic: sorted keys, no time of day.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checks.errors import ProjectError
from checks.needs import as_int
from checks.review import sections
from checks.review.sections import Inputs

FORMAT = "lis-genomgang-ogonblicksbild"
VERSION = 1


def build(review: Mapping[str, Any], inputs: Inputs, *, note: str = "", basis: str = "") -> dict[str, Any]:
    """The snapshot of ``review`` from ``inputs`` (the needs as of ``inputs.today``)."""
    needs = inputs.needs
    data = sections.compute(review, inputs)
    activities = {
        nid: {"status": str(a.get("status") or ""), "due": str(a.get("due") or ""), "year": as_int(a.get("year"))}
        for nid, a in sorted(needs.items())
        if a.get("type") == "activity"
    }
    risks = {
        row["id"]: {k: row[k] for k in ("likelihood", "impact", "risk_value", "status")}
        for row in data["risks"]["rows"]
    }
    found = data["findings"]
    return {
        "format": FORMAT,
        "version": VERSION,
        "review": review["id"],
        "status": str(review.get("status") or ""),
        "date": str(review.get("date") or ""),
        "period": str(review.get("period") or ""),
        "case_number": str(review.get("case_number") or ""),
        "decided_by": str(review.get("decided_by") or ""),
        "taken_as_of": inputs.today.isoformat(),
        "basis": basis,
        "note": note,
        "coverage": sections.coverage_by_requirement(needs, inputs.training_target),
        "activities": activities,
        "risks": risks,
        "findings": {
            "errors": found["errors"],
            "warnings": found["warnings"],
            "by_code": {row["code"]: row["count"] for row in found["by_code"]},
        },
        "sections": data,
    }


def dumps(snapshot: Mapping[str, Any]) -> str:
    return json.dumps(snapshot, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def read(path: Path) -> dict[str, Any] | None:
    """A snapshot file, or None when there is none; ProjectError when it cannot be read."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ProjectError(f"{path}: ögonblicksbilden kan inte läsas: {err}") from err
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProjectError(f"{path}: är ingen ögonblicksbild av en ledningens genomgång (format {FORMAT}).")
    return data


def read_all(docs: Path) -> dict[str, dict[str, Any]]:
    """Every review snapshot under docs/genomgang, by review id (unreadable ones skipped)."""
    found: dict[str, dict[str, Any]] = {}
    base = docs / "genomgang"
    if not base.is_dir():
        return found
    for path in sorted(base.glob("*/snapshot.json")):
        try:
            data = read(path)
        except ProjectError:
            continue
        if data and isinstance(data.get("review"), str):
            found[data["review"]] = data
    return found
