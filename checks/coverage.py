"""Coverage of a requirement: the one definition the gate, the site, the matrix and the SoA share.

A requirement is, in this order of precedence:

- *ej tillämplig*: ``applicable: false`` (never untraced);
- *uppfylld*: a live own routine (gällande, under revidering) or a live training
  fulfils it (``fulfils``). A mandatory training counts only when its completion
  figure (``completion``, percent of its audience) is known and reaches the target
  (``[tool.lis] training_target``); otherwise its ``fulfils`` count as part, since
  a course nobody is shown to have taken does not show the requirement met;
- *ärvd*: only live functions inherited from the city fulfil it: routines and
  trainings tagged ``ärvd`` (the city's documents and functions, RUT-1xx, are
  tagged so). Counted as fulfilled, shown apart, so the office sees what it does
  not do itself;
- *delvis*: no live need fulfils it, but a live routine or training (own or
  inherited) fulfils part of it (``partly_fulfils``);
- *planerad*: otherwise, an open activity (planerad, pågående) works on it, with
  ``fulfils`` or ``partly_fulfils``;
- *ospårad*: otherwise (LIS010 for an applicable requirement).

Drafts, revoked routines and trainings, and activities that are done, struck or
postponed never count.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any
from collections.abc import Mapping

Need = Mapping[str, Any]

LIVE_ROUTINE_STATUSES = frozenset({"gällande", "under revidering"})
OPEN_ACTIVITY_STATUSES = frozenset({"planerad", "pågående"})
DEAD_TRAINING_STATUSES = frozenset({"upphävd"})
# The tag of the city's documents and functions that the office inherits (docs/rutiner, RUT-1xx).
INHERITED_TAG = "ärvd"
# The link types that make a requirement covered, fully and in part.
FULL_LINK = "fulfils"
PARTIAL_LINK = "partly_fulfils"
COVERING_LINKS = (FULL_LINK, PARTIAL_LINK)
# The share of its audience (percent) a mandatory training must reach, unless
# [tool.lis] training_target says otherwise.
TRAINING_TARGET = 90


class Coverage(StrEnum):
    FULFILLED = "uppfylld"
    INHERITED = "ärvd"
    PARTIAL = "delvis"
    PLANNED = "planerad"
    UNTRACED = "ospårad"
    NOT_APPLICABLE = "ej tillämplig"


COVERAGE_ORDER = [
    Coverage.FULFILLED,
    Coverage.INHERITED,
    Coverage.PARTIAL,
    Coverage.PLANNED,
    Coverage.UNTRACED,
    Coverage.NOT_APPLICABLE,
]

# The states that count as fulfilled (the dashboard's share, the SoA's "införd").
FULFILLED_STATES = frozenset({Coverage.FULFILLED, Coverage.INHERITED})


def is_live_fulfiller(need: Need) -> bool:
    """A routine or training in force: its links count towards coverage."""
    if need.get("type") == "routine":
        return need.get("status") in LIVE_ROUTINE_STATUSES
    if need.get("type") == "training":
        return need.get("status") not in DEAD_TRAINING_STATUSES
    return False


def is_mandatory_training(need: Need) -> bool:
    """A training that is mandatory for its audience (``mandatory`` says for whom)."""
    return need.get("type") == "training" and bool(str(need.get("mandatory") or "").strip())


def completion_of(need: Need) -> int | None:
    """A training's completion figure in percent, None when unknown."""
    value = need.get("completion")
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def falls_short(need: Need, target: int = TRAINING_TARGET) -> bool:
    """A mandatory training whose completion is unknown or below the target: it counts as delvis."""
    if not is_mandatory_training(need):
        return False
    done = completion_of(need)
    return done is None or done < target


def is_inherited(need: Need) -> bool:
    """A document or function of the city's, which the office inherits (tag ``ärvd``)."""
    return INHERITED_TAG in (need.get("tags") or [])


def is_open_activity(need: Need) -> bool:
    """An activity that makes a requirement *planerad*."""
    return need.get("type") == "activity" and need.get("status") in OPEN_ACTIVITY_STATUSES


def linked_by(req: Need, needs: Mapping[str, Need], link: str = FULL_LINK) -> list[Need]:
    """The needs whose ``link`` links point at ``req``, in id order."""
    return [needs[i] for i in sorted(req.get(f"{link}_back") or []) if i in needs]


def fulfillers(req: Need, needs: Mapping[str, Need]) -> list[Need]:
    """The needs whose ``fulfils`` links point at ``req``, in id order."""
    return linked_by(req, needs, FULL_LINK)


def partial_fulfillers(req: Need, needs: Mapping[str, Need]) -> list[Need]:
    """The needs whose ``partly_fulfils`` links point at ``req``, in id order."""
    return linked_by(req, needs, PARTIAL_LINK)


def open_activities(req: Need, needs: Mapping[str, Need]) -> list[Need]:
    """The open activities that work on ``req`` (fully or in part), in id order."""
    found = {n["id"]: n for link in COVERING_LINKS for n in linked_by(req, needs, link) if is_open_activity(n)}
    return [found[i] for i in sorted(found)]


def coverage_of(req: Need, needs: Mapping[str, Need], training_target: int = TRAINING_TARGET) -> Coverage:
    if req.get("applicable") is False:
        return Coverage.NOT_APPLICABLE
    live = [n for n in fulfillers(req, needs) if is_live_fulfiller(n)]
    full = [n for n in live if not falls_short(n, training_target)]
    if any(not is_inherited(n) for n in full):
        return Coverage.FULFILLED
    if full:
        return Coverage.INHERITED
    if len(live) > len(full) or any(is_live_fulfiller(n) for n in partial_fulfillers(req, needs)):
        return Coverage.PARTIAL
    if open_activities(req, needs):
        return Coverage.PLANNED
    return Coverage.UNTRACED


def coverage_counts(
    reqs: list[Need], needs: Mapping[str, Need], training_target: int = TRAINING_TARGET
) -> dict[Coverage, int]:
    counts = {c: 0 for c in COVERAGE_ORDER}
    for req in reqs:
        counts[coverage_of(req, needs, training_target)] += 1
    return counts
