"""``lis new routine|activity|incident|decision|risk --title "…"``: one new page, ready for ``lis check``.

The page gets the next free id of its series, today's date in its date field,
the owner role (``--owner`` or ``default_owner`` in ``[tool.lis]``) and every
field the data model's schemas require, in the folder whose index page picks it
up by itself (``{lis-toctree}`` / a glob toctree). Nothing else is written, and
an existing file is never overwritten. What lis cannot know (who decided, where
a risk came from) is asked for, never guessed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument
from checks.datamodel import DataModel, model_of
from checks.dates import resolve
from checks.errors import ProjectError
from checks.project import Project, load_project

_ID_LINE = re.compile(r"^\s*:id:\s*(?P<id>\S+)\s*$", re.MULTILINE)
_SLUG_WORDS = 40  # a file name stays readable: the slug is cut at a word near this length
# A new routine is the office's own (RUT-0nn, tag egen); RUT-1nn are the city's documents.
_OWN_ROUTINES = 99
# Most of the office's own routines are reviewed every year (the one exception: RSA, 24).
_REVIEW_INTERVAL = 12


@dataclass(frozen=True)
class Kind:
    """One kind of page ``lis new`` writes."""

    directive: str
    folder: str  # under docs/
    status: str  # the status a new one starts in
    label: str  # Swedish, in messages: "rutinen"
    owned: bool  # has an owner (LIS032)


KINDS = {
    # a draft until it is adopted: an utkast is not yet due for review nor counted as covering a requirement
    "routine": Kind("routine", "rutiner", "utkast", "rutinen", owned=True),
    "activity": Kind("activity", "aktiviteter", "planerad", "aktiviteten", owned=True),
    # incidents sit beside the risks, as in the review's chapter 3 "Risker och incidenter"
    "incident": Kind("incident", "risker", "inträffad", "avvikelsen", owned=False),
    "decision": Kind("decision", "beslut", "", "beslutet", owned=False),
    "risk": Kind("risk", "risker", "öppen", "risken", owned=False),
}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "new",
        help="skapa en ny rutin, aktivitet, avvikelse, ett beslut eller en risk",
        description="Skapar en ny sida i docs/ med nästa lediga id, dagens datum, ansvarig roll och alla fält "
        "som datamodellen kräver, så att lis check godkänner den direkt. Skriver bara den nya filen och "
        "skriver aldrig över en befintlig. Slutkod 0: filen är skapad, 2: felaktiga uppgifter.",
    )
    p.add_argument("kind", type=_kind, metavar="TYP", help="routine, activity, incident, decision eller risk")
    p.add_argument("--title", required=True, help="rubriken, på svenska")
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument(
        "--owner",
        metavar="ROLL",
        help="ansvarig roll för en rutin eller aktivitet (standard: default_owner i [tool.lis])",
    )
    p.add_argument("--origin", help="för en risk: var risken identifierades (VoR, ISIL, RSA eller DSO)")
    p.add_argument("--decided-by", help="för ett beslut: vem som beslutade (förvaltningschef eller nämnd)")
    p.set_defaults(func=run)


def _kind(value: str) -> str:
    if value not in KINDS:
        raise argparse.ArgumentTypeError(f"okänd typ {value!r}: välj {', '.join(KINDS)}")
    return value


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    today = resolve(args.today).date
    kind = KINDS[args.kind]
    model = model_of(project.root)
    title = _title(args.title)
    fields = _fields(args, kind, model, project, today)
    taken = existing_ids(project.docs)
    # an activity's id carries its year (AKT-2027-01 for one made in late December 2026)
    series_day = dt.date(int(fields["year"]), 1, 1) if "year" in fields else today
    need_id = next_id(args.kind, taken, model, series_day, fields.get("origin", ""))
    if not re.match(model.id_regex, need_id):  # the data model's own id rule, should the model change
        raise ProjectError(f"Id:t {need_id} följer inte datamodellens id-regel ({model.id_regex}).")
    folder = project.docs / kind.folder
    if not folder.is_dir():
        raise ProjectError(f"Mappen {folder} finns inte, så {kind.label} har ingen plats i webbplatsen.")
    path = folder / f"{need_id.lower()}-{slug(title, args.kind)}.md"
    write_new(path, page(kind, title, need_id, fields))
    print(_shown(path))
    print(f"Skapade {need_id} i {path.name}. Skriv texten och kör lis check.", file=sys.stderr)
    return 0


def _title(value: str) -> str:
    title = " ".join(value.split())
    if not title:
        raise ProjectError("--title är tom. Skriv en rubrik, till exempel --title \"Rutin för loggning\".")
    if any(unicodedata.category(c) == "Cc" for c in value if c not in "\t\n\r"):
        raise ProjectError("--title innehåller styrtecken. Skriv rubriken som vanlig text.")
    if not slug(title, ""):
        raise ProjectError(f"--title {value!r} har inga bokstäver eller siffror att ge filen namn efter.")
    return title


def _fields(args: argparse.Namespace, kind: Kind, model: DataModel, project: Project, today: dt.date) -> dict[str, str]:
    """The fields of the new need, in the order they are written."""
    day = today.isoformat()
    if args.owner is not None and not kind.owned:
        raise ProjectError(f"--owner gäller bara rutiner och aktiviteter, inte {args.kind}.")
    for option, value, wanted in (("--origin", args.origin, "risk"), ("--decided-by", args.decided_by, "decision")):
        if value is not None and args.kind != wanted:
            raise ProjectError(f"{option} gäller bara {wanted}, inte {args.kind}.")
    fields: dict[str, str] = {"status": kind.status} if kind.status else {}
    if kind.owned:
        fields["owner"] = _owner(args.owner, project)
    if args.kind == "routine":
        fields |= {"reviewed": day, "review_interval": str(_REVIEW_INTERVAL), "tags": "egen"}
    elif args.kind == "activity":
        # the office's convention when a review names no due date: the last day of the year
        year = activity_year(today, project.settings.due_window_days)
        fields |= {"year": str(year), "due": dt.date(year, 12, 31).isoformat()}
    elif args.kind == "incident":
        fields["occurred"] = day
    elif args.kind == "decision":
        fields |= {"date": day, "decided_by": _choice("--decided-by", args.decided_by, "decided_by", model)}
    elif args.kind == "risk":
        fields = {"origin": _choice("--origin", args.origin, "origin", model), **fields}
    return fields


def activity_year(today: dt.date, window_days: int) -> int:
    """The verksamhetsår of a new activity: this year, or the next when this year's last day
    is already within the warning window (a new activity would warn at once, LIS034)."""
    if dt.date(today.year, 12, 31) <= today + dt.timedelta(days=window_days):
        return today.year + 1
    return today.year


def _owner(value: str | None, project: Project) -> str:
    owner = " ".join((value if value is not None else project.settings.default_owner).split())
    if not owner:
        if value is not None:
            raise ProjectError("--owner är tom. Ange den ansvariga rollen, till exempel --owner Förvaltningschef.")
        raise ProjectError(
            "Ansvarig roll saknas: ange --owner ROLL eller sätt default_owner i [tool.lis] i pyproject.toml."
        )
    return owner


def _choice(option: str, value: str | None, field: str, model: DataModel) -> str:
    """A value the data model lists (matched without regard to case), never a guess."""
    allowed = model.enums.get(field, ())
    if value is None:
        raise ProjectError(f"{option} saknas. Ange ett av: {', '.join(allowed)}.")
    for candidate in allowed:
        if candidate.casefold() == value.strip().casefold():
            return candidate
    raise ProjectError(f"{option} {value!r} är inte tillåtet. Ange ett av: {', '.join(allowed)}.")


def existing_ids(docs: Path) -> set[str]:
    """Every ``:id:`` written in the pages (a new id may not clash with any of them)."""
    ids: set[str] = set()
    for page in sorted(docs.rglob("*.md")):
        try:
            ids.update(m["id"] for m in _ID_LINE.finditer(page.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable page is lis check's to report
    return ids


def next_id(kind: str, taken: set[str], model: DataModel, today: dt.date, origin: str = "") -> str:
    """The next free id of the kind's series: one above the highest one written."""
    prefix = model.id_prefixes[KINDS[kind].directive]
    if kind == "routine":
        number = _next(taken, rf"{re.escape(prefix)}0(\d\d)", limit=_OWN_ROUTINES, series=f"{prefix}0nn")
        return f"{prefix}{number:03d}"
    if kind == "risk":
        return _next_risk(taken, f"{prefix}{origin.upper()}-")
    series = f"{prefix}{today.year}-"
    number = _next(taken, re.escape(series) + r"(\d\d)", limit=99, series=f"{series}nn")
    return f"{series}{number:02d}"


def _next(taken: set[str], pattern: str, *, limit: int, series: str) -> int:
    numbers = [int(m[1]) for nid in taken if (m := re.fullmatch(pattern, nid))]
    number = max(numbers, default=0) + 1
    if number > limit:
        raise ProjectError(f"Serien {series} är full: det finns inget ledigt id efter {max(numbers)}.")
    return number


def _next_risk(taken: set[str], series: str) -> str:
    """A risk's id continues its origin's series in the form it has (RISK-VOR-07, RISK-ISIL-R4)."""
    form = re.compile(rf"{re.escape(series)}(?P<letters>[A-Z]*)(?P<digits>\d+)")
    found = [(int(m["digits"]), m["letters"], len(m["digits"])) for nid in taken if (m := form.fullmatch(nid))]
    if not found:
        return f"{series}01"
    number, letters, width = max(found)
    return f"{series}{letters}{number + 1:0{width}d}"


def slug(title: str, kind: str) -> str:
    """A file name from the title: lower case, å/ä → a, ö → o, words joined by hyphens."""
    text = title.casefold()
    if kind == "routine":
        text = re.sub(r"^rutin (för|om|vid) ", "", text)  # the folder already says it (rut-002-personuppgiftsincidenter)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text)
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > _SLUG_WORDS:
            break
        kept.append(word)
    return "-".join(kept)


def page(kind: Kind, title: str, need_id: str, fields: dict[str, str]) -> str:
    """The MyST page: a heading and the need, with a comment (not published) on what to fill in."""
    options = "".join(f":{name}: {value}\n" for name, value in fields.items())
    return (
        f"# {title}\n\n"
        f":::{{{kind.directive}}} {title}\n"
        f":id: {need_id}\n"
        f"{options}\n"
        f"{_GUIDANCE[kind.directive]}\n"
        ":::\n"
    )


# Lines starting with % are MyST comments: they guide the coordinator and are not published.
_GUIDANCE = {
    "routine": "% Skriv vad rutinen säger. Lägg till de krav den uppfyller i :fulfils: och sätt\n"
    "% :status: gällande när rutinen är fastställd.",
    "activity": "% Skriv vad aktiviteten ska åstadkomma. Lägg till de krav den uppfyller i :fulfils:\n"
    "% och de risker den hanterar i :treats:. Ändra :due: om slutdatumet är ett annat.",
    "incident": "% Skriv vad som hände. Ändra :occurred: om händelsen inträffade en annan dag, och\n"
    "% lägg till :category: och :reported_to: när de är kända.",
    "decision": "% Skriv vad som beslutades. Lägg till aktiviteter som beslutet gäller i :decides: och\n"
    "% diarienumret i :case_number: när det är känt.",
    "risk": "% Beskriv risken. Lägg till :likelihood: och :impact: (1–4) och :risk_value: när de är\n"
    "% bedömda, och länka åtgärder till risken med :treats:.",
}


def write_new(path: Path, text: str, *, link: Callable[[Path, Path], None] = os.link) -> None:
    """Write ``path`` whole or not at all, and never over an existing file.

    The text goes to a temporary file first; a hard link then makes it the page
    only if no file of that name exists (atomic, unlike a check before writing).
    """
    if path.exists():
        raise ProjectError(f"{_shown(path)} finns redan. lis new skriver aldrig över en fil; ändra rubriken eller filen.")
    temporary = path.with_name(f".{path.name}.lis-new")
    try:
        temporary.write_text(text, encoding="utf-8")
        link(temporary, path)
    except FileExistsError:
        raise ProjectError(f"{_shown(path)} finns redan. lis new skriver aldrig över en fil.") from None
    except OSError as err:
        raise ProjectError(f"{_shown(path)} kan inte skrivas: {err.strerror}.") from err
    finally:
        temporary.unlink(missing_ok=True)


def _shown(path: Path) -> str:
    """A path as the user reads it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
