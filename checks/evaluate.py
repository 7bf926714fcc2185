"""The need-level rules of the gate: pure functions over needs.json-shaped dicts.

``evaluate`` runs LIS004 (a link to itself), LIS010–LIS013, LIS020–LIS029,
LIS030–LIS034 and LIS050–LIS058 (assets and processing, from checks.assets) on the
needs of a project. It reads no files, so the same rules
run in ``lis check``, in the Sphinx build (checks.sphinxext.build_rules) and in the site's
dashboard, which also uses the small helpers (``review_due``,
``untreated_high_risks``, ``latest_review``). Values that are missing or not valid (a date such as
2025-02-30) are skipped here: the schema reports them as LIS002.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from checks import datamodel
from checks.assets import covering_activities, gaps_of
from checks.coverage import COVERING_LINKS, Coverage, coverage_of, fulfillers, open_activities, partial_fulfillers
from checks.claims import claim_rules
from checks.evidence import EvidenceStatus, evidence_axis
from checks import year_rules
from checks.dates import add_months
from checks.deadlines import start_of
from checks.findings import Finding, emit
from checks.needs import as_date, as_int
from checks.rules import Rule
from checks.settings import Settings
from checks.normalize import visible_text

Need = Mapping[str, Any]
Needs = Mapping[str, Need]
# need id -> (file relative to the project root, 1-based line)
Locations = Mapping[str, tuple[str, int]]

LINK_TYPES = tuple(datamodel.load().links)
# Routines held to review dates: drafts are not in force, revoked ones no longer.
UNREVIEWED_ROUTINE_STATUSES = frozenset({"utkast", "upphävd"})
DONE_ACTIVITY_STATUSES = frozenset({"genomförd", "struken"})
DEAD_TREATER_STATUSES = {"activity": {"struken"}, "routine": {"upphävd"}}


# ---------------------------------------------------------------- helpers


def is_reviewed_document(need: Need) -> bool:
    """A need that must carry a review date: a routine in force.

    An asset's dates are its classification's (LIS051/LIS052, checks.assets).
    """
    if need.get("type") == "routine":
        return need.get("status") not in UNREVIEWED_ROUTINE_STATUSES
    return False


def last_reviewed(need: Need) -> dt.date | None:
    """The last review of a document; for an asset, its last classification also counts."""
    dates = [as_date(need.get("reviewed"))]
    if need.get("type") == "asset":
        dates.append(as_date(need.get("classified")))
    valid = [d for d in dates if d is not None]
    return max(valid) if valid else None


def review_due(need: Need) -> dt.date | None:
    """When a document must next be reviewed: last review + review_interval months."""
    last = last_reviewed(need)
    interval = as_int(need.get("review_interval"))
    if last is None or interval is None or interval < 1:
        return None
    return add_months(last, interval)


def is_overdue_activity(need: Need, today: dt.date) -> bool:
    if need.get("type") != "activity" or need.get("status") in DONE_ACTIVITY_STATUSES:
        return False
    due = as_date(need.get("due"))
    return due is not None and due < today



def stale_documents(needs: Needs, today: dt.date) -> list[Need]:
    """Documents past their review date (LIS020), in id order: the city overview's figure."""
    return [
        n for _, n in sorted(needs.items()) if is_reviewed_document(n) and (due := review_due(n)) is not None and due < today
    ]


def overdue_activities(needs: Needs, today: dt.date) -> list[Need]:
    """Activities past their due date that are neither done nor struck (LIS030), in id order."""
    return [n for _, n in sorted(needs.items()) if is_overdue_activity(n, today)]

def risk_value(need: Need) -> int | None:
    """risk_value, or likelihood × impact when only those are given."""
    value = as_int(need.get("risk_value"))
    if value is not None:
        return value
    likelihood, impact = as_int(need.get("likelihood")), as_int(need.get("impact"))
    if likelihood is not None and impact is not None:
        return likelihood * impact
    return None


def treaters(risk: Need, needs: Needs) -> list[Need]:
    """The live needs that treat a risk (struck activities and revoked routines do not)."""
    result = []
    for nid in sorted(risk.get("treats_back") or []):
        need = needs.get(nid)
        if need is None:
            continue
        if need.get("status") in DEAD_TREATER_STATUSES.get(need.get("type"), set()):
            continue
        result.append(need)
    return result


def untreated_high_risks(needs: Needs, threshold: int = 9) -> list[Need]:
    """Risks at or above the threshold that nothing live treats (LIS031)."""
    result = []
    for _, need in sorted(needs.items()):
        if need.get("type") != "risk" or need.get("status") == "accepterad":
            continue
        value = risk_value(need)
        if value is not None and value >= threshold and not treaters(need, needs):
            result.append(need)
    return result


def latest_review(needs: Needs, today: dt.date | None = None) -> Need | None:
    """The newest fastställd management review with a valid date.

    A draft (utkast) never counts, nor (given ``today``) one dated after today:
    a decision not yet taken cannot be the latest review (LIS026 reports it).
    """
    reviews = [
        n
        for n in needs.values()
        if n.get("type") == "review"
        and n.get("status") != "utkast"
        and (held := as_date(n.get("date")))
        and (today is None or held <= today)
    ]
    return max(reviews, key=lambda n: (as_date(n.get("date")), n.get("id", ""))) if reviews else None


def _blank(value: Any) -> bool:
    # only invisible characters (a zero-width space) is as empty as nothing
    return value is None or (isinstance(value, str) and not visible_text(value))


# ---------------------------------------------------------------- evaluate


def default_location(need: Need) -> tuple[str, int]:
    """Where a need is written when no better location is known: its page and line."""
    docname = need.get("docname") or "index"
    return f"docs/{docname}.md", int(need.get("lineno") or 1)


def evaluate(
    needs: Needs,
    settings: Mapping[str, Any] | Settings | None,
    today: dt.date,
    locations: Locations | None = None,
    *,
    revisions: Mapping[str, str] | None = None,
    markers: Mapping[str, list[tuple[str, int]]] | None = None,
    evidence: Mapping[str, EvidenceStatus] | None = None,
    now: dt.datetime | None = None,
) -> list[Finding]:
    """Run the need-level rules.

    ``settings`` is the ``[tool.lis]`` table (or a Settings); ``locations`` maps
    a need id to the file and line a person edits (default: its page and line);
    ``revisions`` maps a catalog's source id to its ``revised`` date (for LIS023);
    ``markers`` maps a review id to the places of its previous-year markers
    (checks.review.markers; LIS027, LIS029); ``evidence`` is the evidence axis
    (checks.evidence.evidence_axis; computed here when not given); ``now`` is the moment the
    incident clocks are read at (default: the start of ``today`` in Stockholm).
    External needs are skipped: they are checked where they are written.
    """
    config = Settings.from_dict(settings)
    locations = locations or {}
    revisions = revisions or {}
    own = {nid: n for nid, n in needs.items() if not n.get("is_external")}
    if evidence is None:
        evidence = evidence_axis(needs, config.evidence_required, today)
    findings: list[Finding] = []

    def add(rule: Rule, need: Need | None, message: str, where: tuple[str, int] | None = None) -> None:
        nid = str(need.get("id", "")) if need is not None else ""
        if where is None:
            where = locations.get(nid) or (default_location(need) if need is not None else ("docs/index.md", 1))
        findings.append(emit(config, rule, where[0], where[1], message, nid))

    for nid, need in sorted(own.items()):
        kind = need.get("type")
        _self_links(need, add)
        if kind == "req":
            _requirement_rules(need, needs, add, locations, config.training_target, traced=not config.catalog_project)
            if not config.catalog_project:
                _upcoming(need, needs, today, config, add)
        _future_dates(need, today, add)
        if is_reviewed_document(need):
            _review_rules(need, today, config, add)
        if kind == "routine" and need.get("status") != "upphävd":
            _suspect_links(need, needs, revisions, add)
        if kind in ("activity", "routine") and _blank(need.get("owner")):
            what = "Aktiviteten" if kind == "activity" else "Rutinen"
            add(Rule.LIS032, need, f"{what} {nid} saknar ansvarig. Lägg till :owner: med den ansvariga rollen.")
        if kind in ("asset", "processing"):
            _asset_rules(need, needs, today, add)
        if is_overdue_activity(need, today):
            add(
                Rule.LIS030,
                need,
                f"Aktiviteten {nid} skulle vara klar {need.get('due')} men har status "
                f"{need.get('status') or 'saknas'}. Sätt status genomförd, flytta fram :due: "
                "eller sätt status uppskjuten eller struken.",
            )
        if is_due_soon_unstarted(need, today, config.due_window_days):
            days = (as_date(need.get("due")) - today).days  # type: ignore[operator]
            add(
                Rule.LIS034,
                need,
                f"Aktiviteten {nid} ska vara klar {need.get('due')} ({in_days(days)}) men har fortfarande "
                "status planerad. Sätt status pågående när arbetet har börjat, eller flytta fram :due:.",
            )
        if kind == "risk":
            _risk_value_rule(need, add)
        if kind == "objective":
            year_rules.objective_rules(need, today, add)
        if kind == "incident":
            year_rules.incident_rules(need, now or start_of(today), config, add)
    for need in untreated_high_risks(own, config.risk_threshold):
        add(
            Rule.LIS031,
            need,
            f"Risken {need['id']} har riskvärde {risk_value(need)} (tröskel {config.risk_threshold}) "
            "men hanteras inte av någon aktivitet eller rutin. Lägg till "
            f"{need['id']} i :treats: hos den aktivitet eller rutin som hanterar risken.",
        )
    if not config.catalog_project:  # the catalog project holds no management review
        _review_age(own, today, config, add)
    _adopted_reviews(own, today, markers or {}, add)
    claim_rules(own, needs, today, config, evidence, add)
    return findings


def _self_links(need: Need, add: Any) -> None:
    nid = need.get("id")
    for link in LINK_TYPES:
        if nid in (need.get(link) or []):
            add(Rule.LIS004, need, f"{nid} länkar till sig själv i fältet '{link}'. Ta bort länken.")


def in_days(days: int) -> str:
    """'i dag', 'om 1 dag', 'om 12 dagar'."""
    if days == 0:
        return "i dag"
    return f"om {days} {'dag' if days == 1 else 'dagar'}"


# The dates of what has happened: a review, an incident, a classification cannot lie ahead.
PAST_DATE_FIELDS = {
    "reviewed": "granskad",
    "occurred": "inträffad",
    "classified": "klassad",
}


def _future_dates(need: Need, today: dt.date, add: Any) -> None:
    for name, word in PAST_DATE_FIELDS.items():
        day = as_date(need.get(name))
        if day is not None and day > today:
            add(
                Rule.LIS026,
                need,
                f"{need.get('id')} har :{name}: {day.isoformat()}, men den dagen har inte kommit än "
                f"(kontrollerat per {today.isoformat()}). Ett dokument kan inte vara {word} i framtiden: "
                f"skriv dagen då det faktiskt hände.",
            )


def is_due_soon_unstarted(need: Need, today: dt.date, window_days: int) -> bool:
    """An activity still planerad whose due date falls within the window (LIS034)."""
    if need.get("type") != "activity" or need.get("status") != "planerad":
        return False
    due = as_date(need.get("due"))
    return due is not None and today <= due <= today + dt.timedelta(days=window_days)


def _risk_value_rule(risk: Need, add: Any) -> None:
    value = as_int(risk.get("risk_value"))
    likelihood, impact = as_int(risk.get("likelihood")), as_int(risk.get("impact"))
    if value is None or likelihood is None or impact is None or value == likelihood * impact:
        return
    add(
        Rule.LIS033,
        risk,
        f"Risken {risk.get('id')} har riskvärde {value}, men sannolikhet {likelihood} × konsekvens "
        f"{impact} är {likelihood * impact}. Rätta :risk_value: (eller sannolikheten eller konsekvensen), "
        "så att riskmatrisen och tröskeln räknar med rätt värde.",
    )


def _requirement_rules(
    req: Need, needs: Needs, add: Any, locations: Locations, training_target: int, *, traced: bool = True
) -> None:
    """LIS011; and LIS010 and LIS012 unless the project traces nothing (the catalog project)."""
    nid = req["id"]
    if req.get("applicable") is False:
        if _blank(req.get("justification")):
            add(
                Rule.LIS011,
                req,
                f"Kravet {nid} är markerat som ej tillämpligt men saknar motivering. "
                "Skriv varför i justification, eller ta bort applicable: false.",
            )
        return
    if not traced:
        return
    state = coverage_of(req, needs, training_target)
    if state is Coverage.PARTIAL and not open_activities(req, needs):
        partly = ", ".join(str(n.get("id")) for n in partial_fulfillers(req, needs))
        add(
            Rule.LIS012,
            req,
            f"Kravet {nid} är bara delvis uppfyllt (av {partly}), och ingen planerad eller pågående "
            f"aktivitet arbetar med resten. Planera en aktivitet och skriv {nid} i dess :fulfils:, "
            f"eller flytta {nid} till :fulfils: hos den rutin som uppfyller hela kravet.",
        )
    if state is not Coverage.UNTRACED:
        return
    dead = []
    for n in sorted(fulfillers(req, needs) + partial_fulfillers(req, needs), key=lambda n: str(n.get("id"))):
        # the place of the document that no longer counts: often the one just edited
        file, line = locations.get(str(n.get("id"))) or default_location(n)
        dead.append(f"{n.get('id')} ({n.get('status') or 'utan status'}) i {file} rad {line}")
    why = f" Det länkas bara från {', '.join(dead)}, som inte räknas." if dead else ""
    add(
        Rule.LIS010,
        req,
        f"Kravet {nid} är ospårat: ingen gällande rutin, utbildning eller planerad "
        f"aktivitet uppfyller det.{why} Lägg till {nid} i :fulfils: hos den rutin, "
        "utbildning eller aktivitet som uppfyller kravet, eller "
        + (
            # a requirement of the city's shared catalog: the office's judgement is its own file
            f"skriv {nid} med en motivering under not_applicable i requirements/tillamplighet.yaml."
            if req.get("is_import")
            else "sätt applicable: false med en motivering."
        ),
    )


def _is_upcoming_gap(req: Need, needs: Needs, today: dt.date, window_days: int, training_target: int) -> bool:
    start = as_date(req.get("applies_from"))
    if start is None or not today <= start <= today + dt.timedelta(days=window_days):
        return False
    return coverage_of(req, needs, training_target) in (Coverage.PLANNED, Coverage.UNTRACED)


def _upcoming(req: Need, needs: Needs, today: dt.date, config: Settings, add: Any) -> None:
    if not _is_upcoming_gap(req, needs, today, config.upcoming_window_days, config.training_target):
        return
    nid, start = req["id"], as_date(req.get("applies_from"))
    assert start is not None
    days = (start - today).days
    state = coverage_of(req, needs, config.training_target)
    now = "bara planerat i en aktivitet" if state is Coverage.PLANNED else "ospårat"
    when = in_days(days)
    add(
        Rule.LIS013,
        req,
        f"Kravet {nid} börjar gälla {start.isoformat()} ({when}) men är {now}: ingen gällande rutin "
        f"eller utbildning uppfyller det. Se till att en rutin eller utbildning uppfyller kravet "
        f"innan dess och skriv {nid} i dess :fulfils:.",
    )


def _review_rules(need: Need, today: dt.date, config: Settings, add: Any) -> None:
    nid = need["id"]
    what = "Rutinen"
    last = last_reviewed(need)
    interval_raw = need.get("review_interval")
    if last is None and _blank(need.get("reviewed")) and _blank(need.get("classified")):
        add(
            Rule.LIS022,
            need,
            f"{what} {nid} saknar datum för senaste granskning. "
            "Lägg till :reviewed: med datumet (ÅÅÅÅ-MM-DD).",
        )
        return
    if interval_raw is None or (isinstance(interval_raw, str) and not interval_raw.strip()):
        add(
            Rule.LIS022,
            need,
            f"{what} {nid} saknar granskningsintervall. "
            "Lägg till :review_interval: med antal månader mellan granskningarna.",
        )
        return
    due = review_due(need)
    if due is None:
        return  # an invalid date or interval: LIS002 from the schema
    if due < today:
        add(
            Rule.LIS020,
            need,
            f"{what} {nid} skulle ha granskats senast {due.isoformat()} (granskad "
            f"{last.isoformat() if last else '?'}, intervall {interval_raw} månader). "
            "Granska dokumentet och sätt :reviewed: till granskningsdagen.",
        )
    elif due <= today + dt.timedelta(days=config.due_window_days):
        add(
            Rule.LIS021,
            need,
            f"{what} {nid} ska granskas senast {due.isoformat()}, {in_days((due - today).days)}. "
            "Planera granskningen.",
        )


_WHAT = {"asset": "Informationstillgången", "processing": "Behandlingen"}


def _asset_rules(need: Need, needs: Needs, today: dt.date, add: Any) -> None:
    """The asset and processing rules (LIS050–LIS058): each gap an error, or LIS052 when an
    open activity covers the need."""
    nid = need["id"]
    what = _WHAT[str(need.get("type"))]
    planned = covering_activities(need, needs)
    for gap in gaps_of(need, today):
        if planned:
            add(
                Rule.LIS052,
                need,
                f"{what} {nid} {gap.text} ({gap.rule}). Det är planerat: "
                f"{', '.join(planned)} omfattar {nid}.",
            )
        else:
            # the rule's first fix sentence, without Markdown: the message is read in a terminal
            fix = gap.rule.fix.replace("`", "").replace("\n", " ").split(". ")[0].rstrip(".")
            add(gap.rule, need, f"{what} {nid} {gap.text}. {fix}.")


def _suspect_links(routine: Need, needs: Needs, revisions: Mapping[str, str], add: Any) -> None:
    reviewed = as_date(routine.get("reviewed"))
    if reviewed is None:
        return
    changed: list[str] = []
    for rid in sorted({r for link in COVERING_LINKS for r in routine.get(link) or []}):
        req = needs.get(rid)
        if req is None or req.get("type") != "req":
            continue
        reasons = []
        req_changed = as_date(req.get("changed"))
        if req_changed and req_changed > reviewed:
            reasons.append(f"ändrat {req_changed.isoformat()}")
        source = req.get("source")
        revised = as_date(revisions.get(source)) if source else None
        if revised and revised > reviewed:
            reasons.append(f"katalogen {source} reviderad {revised.isoformat()}")
        if reasons:
            changed.append(f"{rid} ({', '.join(reasons)})")
    if changed:
        nid = routine["id"]
        add(
            Rule.LIS023,
            routine,
            f"Rutinen {nid} granskades {reviewed.isoformat()}, men krav som den uppfyller har "
            f"ändrats sedan dess: {'; '.join(changed)}. Kontrollera att rutinen fortfarande "
            "uppfyller kraven och sätt :reviewed: till granskningsdagen.",
        )


def _review_age(needs: Needs, today: dt.date, config: Settings, add: Any) -> None:
    latest = latest_review(needs, today)
    months = config.review_max_age_months
    if latest is None:
        undated = [
            n
            for n in needs.values()
            if n.get("type") == "review" and n.get("status") != "utkast" and not as_date(n.get("date"))
        ]
        if undated:
            return  # a review without a valid date: LIS002 reports the date
        planned = sorted(
            (n for n in needs.values() if n.get("type") == "review" and (as_date(n.get("date")) or dt.date.min) >= today),
            key=lambda n: (as_date(n.get("date")), str(n.get("id"))),
        )
        if planned:
            # a new office's first review, drafted and not yet due: the next step, not a failure
            first = planned[0]
            add(
                Rule.LIS025,
                first,
                f"Det finns ingen fastställd ledningens genomgång ännu. Den första, {first['id']}, är ett "
                f"utkast som ska hållas {first.get('date')}. Skriv den och fastställ den med "
                f"lis review close {first['id']}.",
            )
            return
        add(
            Rule.LIS024,
            None,
            "Det finns ingen fastställd ledningens genomgång (typen review). Dokumentera "
            "den senaste genomgången med datum, eller ta fram den första med lis review new --year ÅÅÅÅ.",
        )
        return
    held = as_date(latest.get("date"))
    assert held is not None
    due = add_months(held, months)
    if due < today:
        add(
            Rule.LIS024,
            latest,
            f"Den senaste ledningens genomgång, {latest['id']} ({held.isoformat()}), är äldre "
            f"än {months} månader. Genomför och dokumentera årets genomgång.",
        )
    elif due <= today + dt.timedelta(days=config.review_due_window_days):
        days = (due - today).days
        when = "i dag" if days == 0 else f"om {days} {'dag' if days == 1 else 'dagar'}"
        add(
            Rule.LIS025,
            latest,
            f"Nästa ledningens genomgång ska hållas senast {due.isoformat()}, {when} "
            f"({latest['id']} hölls {held.isoformat()}). Ta fram utkastet med "
            f"lis review new --year {held.year + 1} och fastställ det med lis review close.",
        )


def _adopted_reviews(
    needs: Needs, today: dt.date, markers: Mapping[str, list[tuple[str, int]]], add: Any
) -> None:
    """The date and text rules (LIS026–LIS029): dates not yet come, previous-year text left, no diarienummer."""
    for nid, need in sorted(needs.items()):
        kind = need.get("type")
        adopted = kind == "decision" or (kind == "review" and need.get("status") == "fastställd")
        held = as_date(need.get("date"))
        if adopted and held is not None and held > today:
            what = "Beslutet" if kind == "decision" else "Genomgången"
            add(
                Rule.LIS026,
                need,
                f"{what} {nid} har datum {held.isoformat()}, som ännu inte har varit "
                f"(i dag {today.isoformat()}). Skriv dagen då det fastställdes, eller sätt status utkast.",
            )
        if kind != "review":
            continue
        if need.get("status") == "fastställd":
            for file, line in markers.get(nid, []):
                add(
                    Rule.LIS027,
                    need,
                    f"Genomgången {nid} är fastställd men har kvar förra årets text här. "
                    "Revidera texten och ta bort markeringen {lis-previous-text}.",
                    (file, line),
                )
            if _blank(need.get("case_number")):
                add(
                    Rule.LIS028,
                    need,
                    f"Genomgången {nid} är fastställd men saknar diarienummer. Lägg till "
                    ":case_number: (eller :case_number: uppgift saknas om underlaget inte anger något).",
                )
        elif need.get("status") == "utkast":
            for file, line in markers.get(nid, []):
                add(
                    Rule.LIS029,
                    need,
                    f"Utkastet {nid} har kvar förra årets text här; den ska revideras innan "
                    "genomgången kan fastställas. Ta bort markeringen {lis-previous-text} när texten är reviderad.",
                    (file, line),
                )
