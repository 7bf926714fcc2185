"""Coverage of a requirement: uppfylld, planerad, ospårad or ej tillämplig.

One definition, used by the gate (LIS010), the matrix export and the site:
- *uppfylld*: a live routine (gällande, under revidering) or a training fulfils it;
- *planerad*: otherwise, an activity that is not done, struck or postponed does;
- *ospårad*: otherwise (LIS010 for an applicable requirement);
- *ej tillämplig*: ``applicable: false`` (never untraced).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Mapping

Need = Mapping[str, Any]

LIVE_ROUTINE_STATUSES = frozenset({"gällande", "under revidering"})
OPEN_ACTIVITY_STATUSES = frozenset({"planerad", "pågående"})
DEAD_TRAINING_STATUSES = frozenset({"upphävd"})


class Coverage(StrEnum):
    FULFILLED = "uppfylld"
    PLANNED = "planerad"
    UNTRACED = "ospårad"
    NOT_APPLICABLE = "ej tillämplig"


COVERAGE_ORDER = [Coverage.FULFILLED, Coverage.PLANNED, Coverage.UNTRACED, Coverage.NOT_APPLICABLE]


def is_live_fulfiller(need: Need) -> bool:
    """A need that makes a requirement *uppfylld*."""
    if need.get("type") == "routine":
        return need.get("status") in LIVE_ROUTINE_STATUSES
    if need.get("type") == "training":
        return need.get("status") not in DEAD_TRAINING_STATUSES
    return False


def is_open_activity(need: Need) -> bool:
    """An activity that makes a requirement *planerad*."""
    return need.get("type") == "activity" and need.get("status") in OPEN_ACTIVITY_STATUSES


def fulfillers(req: Need, needs: Mapping[str, Need]) -> list[Need]:
    """The needs whose ``fulfils`` links point at ``req``, in id order."""
    return [needs[i] for i in sorted(req.get("fulfils_back") or []) if i in needs]


def coverage_of(req: Need, needs: Mapping[str, Need]) -> Coverage:
    if req.get("applicable") is False:
        return Coverage.NOT_APPLICABLE
    linked = fulfillers(req, needs)
    if any(is_live_fulfiller(n) for n in linked):
        return Coverage.FULFILLED
    if any(is_open_activity(n) for n in linked):
        return Coverage.PLANNED
    return Coverage.UNTRACED


def coverage_counts(reqs: list[Need], needs: Mapping[str, Need]) -> dict[Coverage, int]:
    counts = {c: 0 for c in COVERAGE_ORDER}
    for req in reqs:
        counts[coverage_of(req, needs)] += 1
    return counts
