"""``lis review new|close|snapshot``: the yearly management review.

- ``new --year ÅÅÅÅ``: the draft LG-ÅÅÅÅ in docs/genomgang/ÅÅÅÅ/, from the previous review;
- ``close LG-ÅÅÅÅ --date … --case-number DNR``: fastställ it, write its decision and its snapshot;
- ``snapshot LG-ÅÅÅÅ``: the snapshot of a review fastställd before lis had one (once).

Editing commands: they write only the files they name, atomically, and refuse
(exit 1, nothing written) when the content has data errors or the step does not apply.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from checks.commands import add_root_argument, add_today_argument
from checks.commands.gated import gated_run
from checks.dates import add_months, resolve
from checks.errors import ProjectError
from checks.exporters.atomic import write_atomic
from checks.gate import GateResult
from checks.needs import as_date
from checks.project import Project, load_project
from checks.review import close, draft, model, sections, snapshot
from checks.review.markers import find_markers
from checks.rules import Rule

DECISIONS_PAGE = Path("beslut") / "index.md"
# No edit builds on content with data errors: the refusal, before what was not done.
DATA_ERRORS = "Innehållet har fel i data (se ovan); rätta dem först (lis check visar alla)."


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "review",
        help="ledningens genomgång: nytt utkast, fastställ, ögonblicksbild",
        description="Årets ledningens genomgång: lis review new tar fram utkastet, lis review close "
        "fastställer det och fryser dess siffror.",
    )
    what = p.add_subparsers(dest="step", metavar="STEG", required=True)

    n = what.add_parser("new", help="ta fram utkastet till årets genomgång", description="Skapar utkastet "
                        "LG-ÅÅÅÅ i docs/genomgang/ÅÅÅÅ/ från föregående genomgång och data.")
    add_root_argument(n)
    add_today_argument(n)
    n.add_argument("--year", type=int, required=True, help="genomgångens år, t.ex. 2026")
    n.add_argument("--date", help="planerat datum för fastställandet, i dag eller senare (standard: föregående + 12 månader, "
                   "om två veckor när det datumet har passerat)")
    n.set_defaults(func=run_new)

    c = what.add_parser("close", help="fastställ en genomgång och frys dess siffror",
                        description="Sätter status fastställd, datum och diarienummer, skapar beslutet "
                        "BES-ÅÅÅÅ-nn och skriver ögonblicksbilden snapshot.json bredvid genomgången.")
    add_root_argument(c)
    add_today_argument(c)
    c.add_argument("review", metavar="LG-ÅÅÅÅ")
    c.add_argument("--date", required=True, help="dagen då genomgången fastställdes, ÅÅÅÅ-MM-DD")
    c.add_argument("--case-number", required=True, metavar="DNR", help="diarienummer")
    c.add_argument("--decided-by", choices=sorted(close.DECIDERS), default="förvaltningschef")
    c.set_defaults(func=run_close)

    s = what.add_parser("snapshot", help="ögonblicksbild av en genomgång som fastställdes före lis",
                        description="Skriver snapshot.json för en redan fastställd genomgång som saknar en, "
                        "ur innehållet per --today (standard: content_as_of).")
    add_root_argument(s)
    add_today_argument(s)
    s.add_argument("review", metavar="LG-ÅÅÅÅ")
    s.add_argument("--note", default="", help="hur ögonblicksbilden togs fram (visas i den)")
    s.set_defaults(func=run_snapshot)


# ---------------------------------------------------------------- shared
def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ProjectError(f"{option}: {value!r} är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD.") from None


def _refuse(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _own(result: GateResult) -> dict[str, dict[str, Any]]:
    return {nid: n for nid, n in result.facts.needs.items() if not n.get("is_external")}


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text.encode("utf-8"))
    except OSError as err:
        raise ProjectError(f"{path}: kan inte skrivas: {err.strerror or err}.") from err


def _inputs(project: Project, result: GateResult, needs: dict[str, Any], today: dt.date) -> sections.Inputs:
    return sections.Inputs(
        needs=needs,
        today=today,
        revisions=result.facts.index.revisions,
        findings=list(result.findings),
        snapshots=snapshot.read_all(project.docs),
    )


# ---------------------------------------------------------------- new
def run_new(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today).date
    year = int(args.year)
    review = model.review_id(year)
    target = model.folder(project.docs, year)
    if target.exists():
        return _refuse(f"{target} finns redan: utkastet till {review} är redan skapat. Inget skrevs.")
    asked = _date(args.date, "--date") if args.date else None
    if asked is not None and asked < today:
        return _refuse(
            f"--date {asked.isoformat()} har redan varit (i dag är {today.isoformat()}): det planerade datumet "
            "för fastställandet ska ligga i dag eller senare. Inget skrevs."
        )
    result = gated_run(project, today, f"{DATA_ERRORS} Inget skrevs.")
    if result is None:
        return 1
    needs = _own(result)
    if review in needs:
        return _refuse(f"{review} finns redan. Inget skrevs.")
    earlier = [r for r in model.reviews(needs) if model.is_adopted(r) and (model.year_of(r) or 0) < year]
    previous = earlier[0] if earlier else None
    if previous is None:
        print(f"Ingen fastställd genomgång före {year} finns; utkastet får tomma textkapitel.", file=sys.stderr)
    previous_id = str(previous["id"]) if previous else ""
    previous_folder = None
    if previous is not None and previous.get("docname"):
        previous_folder = (project.docs / str(previous["docname"])).parent
    held = as_date(previous.get("date")) if previous else None
    date = asked or model.planned_date(year, held, project.settings.review_max_age_months, today)
    due = add_months(held, project.settings.review_max_age_months) if held else None
    if asked is None and due is not None and date > due:
        print(
            f"{previous_id} hölls {held}, så årets genomgång skulle ha hållits senast {due}. Utkastet planerar "
            f"fastställandet till {date.isoformat()}; ange ett annat datum med --date.",
            file=sys.stderr,
        )
    pages = draft.render_pages(year, date.isoformat(), previous_id, previous_folder)
    for name, text in pages.items():
        _write(target / name, text)
    print(
        f"Utkastet {review} (period {year + 1}–{year + model.PERIOD_YEARS}) är skapat i {target} "
        f"({len(pages)} sidor, {draft.marker_count(pages)} textavsnitt från {previous_id or 'ingen'} att revidera).\n"
        "Nästa steg: revidera texten, ta bort markeringarna, kör lis check och fastställ med "
        f"lis review close {review} --date ÅÅÅÅ-MM-DD --case-number DNR."
    )
    return 0


# ---------------------------------------------------------------- close
def run_close(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    date = _date(args.date, "--date")
    today = resolve(args.today)
    if date > today.date:
        # a fastställande is recorded when it has happened: a later date would make the
        # review (and its decision) a date that has not come yet (LIS026)
        return _refuse(
            f"--date {date.isoformat()} har inte varit än (i dag är {today.date.isoformat()}, {today.origin_sv}). "
            "En genomgång fastställs den dag beslutet fattas: kör kommandot den dagen eller senare. Inget skrevs."
        )
    review_id = args.review.strip()
    year = model.year_of(review_id)
    if year is None:
        raise ProjectError(f"{review_id!r} är inget id för en genomgång (LG-ÅÅÅÅ).")
    case_number = args.case_number.strip()
    if not case_number:
        raise ProjectError("--case-number: ange genomgångens diarienummer.")
    result = gated_run(project, today.date, f"{DATA_ERRORS} Genomgången fastställdes inte.")
    if result is None:
        return 1
    needs = _own(result)
    review = needs.get(review_id)
    if review is None or review.get("type") != "review":
        return _refuse(f"{review_id} finns inte. Skapa utkastet med lis review new --year {year}.")
    if model.is_adopted(review):
        return _refuse(f"{review_id} är redan fastställd. Inget skrevs.")
    left = find_markers(project.docs).get(review_id, [])
    if left:
        for file, line in left:
            print(f"{file}:{line}: förra årets text är kvar ({Rule.LIS029})", file=sys.stderr)
        return _refuse(
            f"{review_id} har kvar {len(left)} markering(ar) med förra årets text. Revidera texten och ta "
            "bort markeringarna innan genomgången fastställs. Inget skrevs."
        )
    page = project.docs / f"{review['docname']}.md"
    decisions_page = project.docs / DECISIONS_PAGE
    decision_id = model.next_decision_id(needs, year)
    activities = sections.activities_of_year(needs, year + 1)
    fields = {"status": model.ADOPTED, "date": date.isoformat(), "case_number": case_number,
              "decided_by": args.decided_by}
    new_page = close.without_draft_note(close.set_fields(page.read_text(encoding="utf-8"), review_id, fields, str(page)))
    block = close.decision_block(decision_id, review_id, year, date.isoformat(), args.decided_by, case_number, activities)
    old_decisions = decisions_page.read_text(encoding="utf-8") if decisions_page.is_file() else "# Beslut\n"
    # the snapshot sees the review as closed and its decision as made
    closed = dict(needs)
    closed[review_id] = {**review, **fields}
    closed[decision_id] = {"id": decision_id, "type": "decision", "title": block.splitlines()[0].split("} ", 1)[1],
                           "date": date.isoformat(), "decided_by": args.decided_by, "case_number": case_number,
                           "adopts": [review_id], "decides": activities, "docname": str(DECISIONS_PAGE.with_suffix("").as_posix())}
    snap = snapshot.build(
        closed[review_id],
        _inputs(project, result, closed, today.date),
        basis="lis review close",
        note=f"Fryst när genomgången fastställdes {date.isoformat()}, ur innehållet per {today.date.isoformat()}.",
    )
    target = model.snapshot_path(project.docs, review_id)
    assert target is not None
    _write(target, snapshot.dumps(snap))
    _write(decisions_page, close.append_block(old_decisions, block))
    _write(page, new_page)
    print(
        f"{review_id} är fastställd {date.isoformat()} (diarienummer {case_number}). Beslutet {decision_id} "
        f"beslutar om {len(activities)} aktiviteter för {year + 1}; ögonblicksbilden är {target}."
    )
    return 0


def _env_today() -> str:
    import os

    from checks.dates import TODAY_ENV

    return os.environ.get(TODAY_ENV, "")


# ---------------------------------------------------------------- snapshot
def run_snapshot(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    if args.today or _env_today():
        today = resolve(args.today).date
    elif project.settings.content_as_of:
        today = dt.date.fromisoformat(project.settings.content_as_of)
    else:
        today = resolve(None).date
    review_id = args.review.strip()
    target = model.snapshot_path(project.docs, review_id)
    if target is None:
        raise ProjectError(f"{review_id!r} är inget id för en genomgång (LG-ÅÅÅÅ).")
    if target.exists():
        return _refuse(f"{target} finns redan; en ögonblicksbild skrivs aldrig om. Inget skrevs.")
    result = gated_run(project, today, f"{DATA_ERRORS} Inget skrevs.")
    if result is None:
        return 1
    needs = _own(result)
    review = needs.get(review_id)
    if review is None or not model.is_adopted(review):
        return _refuse(f"{review_id} finns inte eller är inte fastställd; använd lis review close. Inget skrevs.")
    if not target.parent.is_dir():
        return _refuse(f"{target.parent} finns inte: genomgångens sidor ska ligga där. Inget skrevs.")
    snap = snapshot.build(review, _inputs(project, result, needs, today), basis="lis review snapshot", note=args.note)
    _write(target, snapshot.dumps(snap))
    print(f"Ögonblicksbilden av {review_id} per {today.isoformat()} är skriven till {target}.")
    return 0



