"""Requirement changes since the previous review (ISO/IEC 27001 9.3.2 b–c).

A requirement is listed when it is new since the previous review's snapshot,
when its ``changed`` date or its catalog's ``revised`` date falls after the
previous review, or when its ``applies_from`` falls within the new period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from checks.needs import as_date

Need = Mapping[str, Any]


def requirement_changes(
    needs: Mapping[str, Need],
    since: dt.date | None,
    period: tuple[int, int] | None,
    revisions: Mapping[str, str],
    known_before: set[str] | None,
) -> list[dict[str, Any]]:
    """One row per changed requirement: id, title, source, reasons (Swedish), in id order.

    ``known_before`` is the requirement ids of the previous snapshot (None: no
    snapshot, so "new" cannot be told).
    """
    rows = []
    for nid, req in sorted(needs.items()):
        if req.get("type") != "req" or req.get("is_external"):
            continue
        reasons: list[str] = []
        if known_before is not None and nid not in known_before:
            reasons.append("nytt krav")
        changed = as_date(req.get("changed"))
        if since and changed and changed > since:
            reasons.append(f"ändrat {changed.isoformat()}")
        source = str(req.get("source") or "")
        revised = as_date(revisions.get(source)) if source else None
        if since and revised and revised > since:
            reasons.append(f"katalogen {source} reviderad {revised.isoformat()}")
        starts = as_date(req.get("applies_from"))
        if period and starts and period[0] <= starts.year <= period[1]:
            reasons.append(f"gäller från {starts.isoformat()}")
        if reasons:
            rows.append(
                {
                    "id": nid,
                    "title": str(req.get("title") or ""),
                    "source": source,
                    "reasons": reasons,
                }
            )
    return rows
