"""The coverage family's claim rules (LIS014–LIS019): a claim the content itself contradicts.

Coverage (:mod:`checks.coverage`) counts links; these rules read the links against
the rest of the content, as an auditor asking "show me" would:

- LIS014: a requirement counted *uppfylld* or *ärvd* while an open activity says
  (``fulfils``) it will fulfil it: reported at both needs;
- LIS015: a requirement that needs evidence (``[tool.lis] evidence_required``)
  counted as fulfilled without current evidence (at the requirement), and evidence
  whose validity has passed (at the evidence);
- LIS016: evidence that supports something not in force;
- LIS017: an own live routine, a training or an open activity that fulfils, partly
  fulfils, treats and covers nothing;
- LIS018: a requirement only the city's functions fulfil (*ärvd*) while an open
  risk names that function, or the requirement, as failing (``concerns``);
- LIS019: a mandatory training whose completion is unknown or below the target, so
  it counts only as *delvis*.

Pure functions over needs.json-shaped dicts; ``add`` is :func:`checks.evaluate.evaluate`'s
emitter, so locations and severities are decided in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from checks.coverage import (
    FULFILLED_STATES,
    Coverage,
    completion_of,
    coverage_of,
    falls_short,
    fulfillers,
    is_inherited,
    is_live_fulfiller,
    is_open_activity,
    linked_by,
)
from checks.evidence import SUPPORTS, Evidence, EvidenceStatus, is_expired, valid_until
from checks.rules import Rule
from checks.settings import Settings

Need = Mapping[str, Any]
Needs = Mapping[str, Need]
Add = Callable[..., None]

# The links that say what a document is for (LIS017).
PURPOSE_LINKS = ("fulfils", "partly_fulfils", "treats", "covers", "serves")
OPEN_RISK = "öppen"


def _counted(state: Coverage) -> str:
    """'uppfyllt' or 'ärvt', as a sentence about a requirement (ett krav) reads."""
    return "ärvt" if state is Coverage.INHERITED else "uppfyllt"


def _ids(needs: list[Need]) -> str:
    return ", ".join(str(n.get("id")) for n in needs)


def claim_rules(own: Needs, needs: Needs, today: dt.date, config: Settings, axis: Mapping[str, EvidenceStatus], add: Add) -> None:
    target = config.training_target
    for nid, need in sorted(own.items()):
        kind = need.get("type")
        if kind == "req" and need.get("applicable") is not False:
            state = coverage_of(need, needs, target)
            if state in FULFILLED_STATES:
                _contradicted(need, needs, state, target, add)
                _unshown(need, needs, state, target, axis.get(nid), today, add)
            if state is Coverage.INHERITED:
                _inherited_at_risk(need, needs, target, add)
        elif kind == "evidence":
            _evidence(need, needs, today, add)
        elif kind == "training" and falls_short(need, target) and need.get("fulfils"):
            _short_training(need, target, add)
        if _purposeless(need):
            what = {"routine": "Rutinen", "training": "Utbildningen", "activity": "Aktiviteten"}[str(kind)]
            add(
                Rule.LIS017,
                need,
                f"{what} {nid} uppfyller inget krav, hanterar ingen risk, omfattar ingen tillgång och tjänar inget mål. "
                "Skriv de krav den uppfyller i :fulfils: (eller :partly_fulfils:), de risker den hanterar i "
                ":treats: och målen en aktivitet tjänar i :serves:, eller sätt status upphävd eller struken om den "
                "inte längre behövs.",
            )


def _full_claimants(req: Need, needs: Needs, target: int) -> list[Need]:
    """The live routines and trainings that make ``req`` fulfilled (or inherited)."""
    return [n for n in fulfillers(req, needs) if is_live_fulfiller(n) and not falls_short(n, target)]


def _contradicted(req: Need, needs: Needs, state: Coverage, target: int, add: Add) -> None:
    rid = req["id"]
    activities = [n for n in fulfillers(req, needs) if is_open_activity(n)]
    if not activities:
        return
    claimants = _full_claimants(req, needs, target)
    claim = f"Kravet {rid} räknas som {_counted(state)} genom {_ids(claimants)}"
    plan = f"{_ids(activities)} ({', '.join(str(a.get('status')) for a in activities)}) ska enligt :fulfils: uppfylla det"
    fix = (
        f"Uppfyller {_ids(claimants)} bara en del av kravet, flytta {rid} till :partly_fulfils: där; "
        f"är kravet redan uppfyllt, ta bort {rid} ur :fulfils: hos {_ids(activities)}."
    )
    for claimant in claimants:
        add(Rule.LIS014, claimant, f"{claim}, men {plan}: innehållet säger emot sig självt. {fix}")
    for activity in activities:
        add(
            Rule.LIS014,
            activity,
            f"Aktiviteten {activity['id']} ska enligt :fulfils: uppfylla {rid}, men kravet räknas redan som "
            f"{_counted(state)} genom {_ids(claimants)}: innehållet säger emot sig självt. {fix}",
        )


def _unshown(
    req: Need, needs: Needs, state: Coverage, target: int, status: EvidenceStatus | None, today: dt.date, add: Add
) -> None:
    if status is None or status.state in (Evidence.CURRENT, Evidence.NOT_REQUIRED):
        return
    rid = req["id"]
    claimants = _ids(_full_claimants(req, needs, target))
    if status.state is Evidence.MISSING:
        add(
            Rule.LIS015,
            req,
            f"Kravet {rid} räknas som {_counted(state)} genom {claimants}, men inget belägg visar att det fungerar "
            "(kravet ska visas med belägg enligt evidence_required i [tool.lis]). Skapa ett belägg med "
            f"lis new evidence och länka det med :supports: till {claimants or rid}, eller flytta {rid} till "
            ":partly_fulfils:.",
        )
        return
    if any(is_expired(needs[e], today) for e in status.stale if e in needs):
        return  # reported at the expired evidence, where it is renewed
    add(
        Rule.LIS015,
        req,
        f"Kravet {rid} räknas som {_counted(state)} genom {claimants}, men belägget {', '.join(status.stale)} "
        "saknar uppgift om när det gäller (:date: med :interval:, eller :valid_until:), så det visar inte att "
        "kravet är uppfyllt nu. Skriv in datumen om de är kända, eller skapa ett nytt belägg.",
    )


def _evidence(ev: Need, needs: Needs, today: dt.date, add: Add) -> None:
    eid = ev["id"]
    if is_expired(ev, today):
        until = valid_until(ev)
        assert until is not None
        add(
            Rule.LIS015,
            ev,
            f"Belägget {eid} gällde till {until.isoformat()} och har gått ut (kontrollerat per {today.isoformat()}). "
            f"Det visar inte längre att {', '.join(map(str, ev.get(SUPPORTS) or []))} fungerar. Ersätt det med ett "
            "nytt belägg (lis new evidence) och låt det nya stödja samma sak.",
        )
    dead = []
    for target_id in ev.get(SUPPORTS) or []:
        target = needs.get(target_id)
        if target is None:
            continue  # a broken link: LIS004
        if target.get("type") == "req":
            if target.get("applicable") is False:
                dead.append(f"{target_id} (ej tillämpligt)")
        elif target.get("type") in ("routine", "training") and not is_live_fulfiller(target):
            dead.append(f"{target_id} ({target.get('status') or 'utan status'})")
    if dead:
        add(
            Rule.LIS016,
            ev,
            f"Belägget {eid} stöder {', '.join(dead)}, som inte gäller, så det räknas inte för något krav. "
            "Länka det till det som gäller nu, eller ta bort belägget.",
        )


def _inherited_at_risk(req: Need, needs: Needs, target: int, add: Add) -> None:
    functions = [n for n in _full_claimants(req, needs, target) if is_inherited(n)]
    risks: dict[str, list[str]] = {}
    for holder in [req, *functions]:
        for risk in linked_by(holder, needs, "concerns"):
            if risk.get("type") == "risk" and risk.get("status") == OPEN_RISK:
                risks.setdefault(str(risk["id"]), []).append(str(holder["id"]))
    if not risks:
        return
    rid = req["id"]
    named = "; ".join(f"{r} gäller {', '.join(held)}" for r, held in sorted(risks.items()))
    add(
        Rule.LIS018,
        req,
        f"Kravet {rid} räknas som ärvt genom {_ids(functions)}, men en öppen risk pekar ut det som kanske inte "
        f"fungerar ({named}). Flytta {rid} till :partly_fulfils: hos {_ids(functions)} tills risken är behandlad, "
        "eller låt en rutin eller aktivitet hos kontoret hantera risken och uppfylla kravet.",
    )


def _short_training(training: Need, target: int, add: Add) -> None:
    tid = training["id"]
    done = completion_of(training)
    reqs = ", ".join(map(str, training.get("fulfils") or []))
    if done is None:
        why = "men andelen av målgruppen som har gått den är okänd (:completion: saknas)"
    else:
        when = training.get("completion_date") or "datum saknas"
        why = f"men bara {done} % av målgruppen har gått den ({when}), under målet {target} %"
    add(
        Rule.LIS019,
        training,
        f"Utbildningen {tid} är obligatorisk, {why}. De krav den uppfyller ({reqs}) räknas därför bara som delvis "
        "uppfyllda genom den. Skriv andelen i :completion: och datumet i :completion_date: när statistiken finns, "
        "och planera uppföljningen i en aktivitet om andelen är under målet.",
    )


def _purposeless(need: Need) -> bool:
    """An own live routine, a live training or an open activity with no link that says what it is for."""
    kind = need.get("type")
    if kind in ("routine", "training"):
        if not is_live_fulfiller(need) or is_inherited(need):
            return False
    elif kind == "activity":
        if not is_open_activity(need):
            return False
    else:
        return False
    return not any(need.get(link) for link in PURPOSE_LINKS)
