"""Evidence (belägg): whether what a requirement's coverage claims is shown to work.

Coverage (:mod:`checks.coverage`) says what the content claims: a live routine or
training fulfils the requirement. The evidence axis says whether the claim is
backed by a record with a date: a protocol, a log, a sample, training statistics,
a report. One axis beside the six coverage states, computed once per command by
:func:`evidence_axis` and read by the gate (LIS015), the start page, the matrix
and the SoA, so they never disagree:

- *aktuellt*: at least one evidence need that is valid on the day supports the
  requirement, directly (``supports`` → the requirement) or through a live
  routine or training that fulfils it, fully or in part;
- *inaktuellt*: evidence supports it, but none is valid on the day: its
  ``valid_until`` (or ``date`` + ``interval`` months) has passed, or its dates
  are unknown, so it cannot show the requirement met now;
- *saknas*: the requirement needs evidence and nothing supports it;
- *krävs ej*: ``[tool.lis] evidence_required`` does not name the requirement
  (by id prefix or source), or it is not applicable.

Pure functions over needs.json-shaped dicts, like :mod:`checks.coverage`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from checks.coverage import COVERING_LINKS, is_live_fulfiller, linked_by
from checks.dates import add_months
from checks.needs import as_date, as_int

Need = Mapping[str, Any]

SUPPORTS = "supports"
# What an evidence need may show working, and which of those must be live for it to count.
SUPPORTED_TYPES = ("routine", "training", "asset", "processing", "req")


class Evidence(StrEnum):
    CURRENT = "aktuellt"
    STALE = "inaktuellt"
    MISSING = "saknas"
    NOT_REQUIRED = "krävs ej"


EVIDENCE_ORDER = [Evidence.CURRENT, Evidence.STALE, Evidence.MISSING, Evidence.NOT_REQUIRED]


@dataclass(frozen=True)
class EvidenceStatus:
    """A requirement on the evidence axis, with the evidence that decides it."""

    state: Evidence
    current: tuple[str, ...] = ()  # ids of the evidence valid on the day
    stale: tuple[str, ...] = ()  # ids of the evidence that is not (expired, or dates unknown)

    @property
    def ids(self) -> tuple[str, ...]:
        return self.current + self.stale


NOT_REQUIRED = EvidenceStatus(Evidence.NOT_REQUIRED)


def requires_evidence(req: Need, required: Iterable[str]) -> bool:
    """An applicable requirement named by ``[tool.lis] evidence_required`` (id prefix or source)."""
    if req.get("type") != "req" or req.get("applicable") is False:
        return False
    nid, source = str(req.get("id") or ""), str(req.get("source") or "")
    return any(nid.startswith(p) or source == p for p in required)


def valid_until(evidence: Need) -> dt.date | None:
    """Until when an evidence need shows something: ``valid_until``, else ``date`` + ``interval``."""
    until = as_date(evidence.get("valid_until"))
    if until is not None:
        return until
    shown, months = as_date(evidence.get("date")), as_int(evidence.get("interval"))
    if shown is None or months is None or months < 1:
        return None
    return add_months(shown, months)


def is_current(evidence: Need, today: dt.date) -> bool:
    """Valid on ``today``: a known end that has not passed, and a date (if any) not ahead."""
    until = valid_until(evidence)
    shown = as_date(evidence.get("date"))
    return until is not None and until >= today and (shown is None or shown <= today)


def is_expired(evidence: Need, today: dt.date) -> bool:
    """Its known end has passed (evidence without a known end is not expired, only not current)."""
    until = valid_until(evidence)
    return until is not None and until < today


def evidence_for(req: Need, needs: Mapping[str, Need]) -> list[Need]:
    """The evidence needs that support ``req``: directly, or through a live routine or
    training that fulfils it (fully or in part). In id order, each once."""
    found: dict[str, Need] = {}
    holders = [req] + [n for link in COVERING_LINKS for n in linked_by(req, needs, link) if is_live_fulfiller(n)]
    for holder in holders:
        for ev in linked_by(holder, needs, SUPPORTS):
            if ev.get("type") == "evidence":
                found[str(ev["id"])] = ev
    return [found[i] for i in sorted(found)]


def status_of(req: Need, needs: Mapping[str, Need], required: Iterable[str], today: dt.date) -> EvidenceStatus:
    if not requires_evidence(req, required):
        return NOT_REQUIRED
    evidence = evidence_for(req, needs)
    current = tuple(str(e["id"]) for e in evidence if is_current(e, today))
    stale = tuple(str(e["id"]) for e in evidence if not is_current(e, today))
    if current:
        return EvidenceStatus(Evidence.CURRENT, current, stale)
    if stale:
        return EvidenceStatus(Evidence.STALE, (), stale)
    return EvidenceStatus(Evidence.MISSING)


def evidence_axis(needs: Mapping[str, Need], required: Iterable[str], today: dt.date) -> dict[str, EvidenceStatus]:
    """Every requirement's place on the evidence axis (computed once per command)."""
    required = tuple(required)
    return {
        str(nid): status_of(n, needs, required, today)
        for nid, n in needs.items()
        if n.get("type") == "req"
    }
