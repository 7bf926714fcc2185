"""``lis reviewed RUT-003 [--date ÅÅÅÅ-MM-DD]``: record that a document has been reviewed.

Sets ``:reviewed:`` of the need to the date (default: today, LIS_TODAY or the
system's) and gives every link in its ``:fulfils:`` and ``:partly_fulfils:`` the
fingerprint its requirement has now, so LIS023 ("the requirement has changed")
is answered. Only those lines of the need's own option block change; every other
byte of the page stays as it was. The fingerprints come from the gate's own
Sphinx run, so they are the ones sphinx-needs checks.

Exit 0: recorded; 1: the content cannot be read (nothing is written); 2: the
command could not run (no such id, a requirement, bad date).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks import transaction
from checks.commands import add_root_argument
from checks.commands.gated import print_data_errors
from checks.dates import resolve_today
from checks.errors import ProjectError
from checks.gate import run_pipeline
from checks.linkprints import review
from checks.locations import page_path, relative
from checks.project import Project, load_project


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "reviewed",
        help="registrera att ett dokument är granskat (:reviewed: och kravens fingeravtryck)",
        description="Sätter :reviewed: till granskningsdagen och förnyar fingeravtrycken i dokumentets "
        "länkar (:fulfils:, :partly_fulfils:), så att LIS023 (kravet har ändrats) är besvarad. Inget annat "
        "i filen ändras. Slutkod 0: registrerat, 1: innehållet kan inte läsas (inget skrivs), "
        "2: kommandot kunde inte köras.",
    )
    add_root_argument(p)
    p.add_argument("ids", nargs="+", metavar="ID", help="dokumentets id, t.ex. RUT-003 (flera går bra)")
    p.add_argument("--date", help="granskningsdagen, ÅÅÅÅ-MM-DD (standard: dagens datum)")
    p.set_defaults(func=run)


def _date(value: str | None) -> str:
    if value is None:
        return resolve_today(None).isoformat()
    try:
        return resolve_today(value).isoformat()
    except ProjectError:
        raise ProjectError(f"--date: {value!r} är inget giltigt datum. Skriv ÅÅÅÅ-MM-DD.") from None


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    date = _date(args.date)
    with transaction.edit(project.root):
        return _record(project, args.ids, date)


def _record(project: Project, ids: list[str], date: str) -> int:
    result = run_pipeline(project, resolve_today(None))
    if result.unreadable or result.facts is None:
        print_data_errors(result)
        print("Inget registrerades: rätta felen ovan först (lis check visar alla).", file=sys.stderr)
        return 1
    needs = result.facts.needs
    fingerprints = {
        nid: str(n["fingerprint"]) for nid, n in needs.items() if n.get("type") == "req" and n.get("fingerprint")
    }
    # every id is checked before any file is written
    pages: dict[Path, list[str]] = {}
    for nid in dict.fromkeys(ids):
        need = needs.get(nid)
        if need is None or need.get("is_external"):
            raise ProjectError(f"{nid}: inget dokument i docs/ har det id:t.")
        if need.get("type") == "req":
            raise ProjectError(
                f"{nid} är ett krav: det granskas i katalogen. Granska de dokument som uppfyller det "
                "(lis check visar dem med LIS023)."
            )
        page = project.root / page_path(project.root, str(need.get("docname") or ""))
        pages.setdefault(page, []).append(nid)
    writes = []
    said = []
    for page, page_ids in pages.items():
        text = page.read_bytes().decode("utf-8")  # as written: line endings kept
        new = text
        for nid in page_ids:
            edit = review(new, nid, fingerprints, date)
            new = edit.text
            refreshed = sum(a != b for a, b in edit.links.values())
            said.append(
                f"{nid}: granskad {date}"
                + (f", fingeravtrycken förnyade i {refreshed} länkfält" if refreshed else "")
                + f" ({relative(project.root, page)})."
            )
        if new != text:
            writes.append(transaction.Write(page, new.encode("utf-8")))
    # all pages or none
    transaction.commit(project.root, writes, (project.docs,), f"lis reviewed {' '.join(dict.fromkeys(ids))} --date {date}")
    for line in said:
        print(line, file=sys.stderr)
    return 0
