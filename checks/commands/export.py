"""``lis export matrix|soa|register|assets|review|oscal``: the traceability matrix, the Statement of
Applicability, the registerförteckning (GDPR art. 30.1) and the asset register as xlsx,
csv, json, html or Markdown; a management review as PDF, Word or Markdown; OSCAL catalogs,
profile and system security plan as JSON.

Exit 0: written; 1: the gate finds a data error (a catalog or page that does
not parse, a bad field, a duplicate id, a broken link, a personnummer): the
message names the file and line and nothing is written; 2: the tool could not
run (bad arguments, no project at --root). The matrix comes from the gate's
own Sphinx run (checks.gate.run_pipeline), so it shows what lis check checks;
so do the register and the asset register (checks.register).
The output is written atomically, and never into docs/ or requirements/.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any
from pathlib import Path
from typing import TYPE_CHECKING

from checks.commands import add_root_argument, add_today_argument, refuse_inside_sources
from checks.commands import overview
from checks.commands.gated import gated_run, say_errors
from checks.coverage import COVERAGE_ORDER
from checks.dates import resolve, resolve_today
from checks.errors import ProjectError
from checks.findings import emit
from checks.exporters import FORMATS, SUFFIXES, TEXT_FORMATS, render
from checks.exporters import oscal
from checks.exporters import soa as soa_exporters
from checks.exporters.atomic import write_atomic
from checks.exporters.tables import render_table
from checks.evidence_register import evidence_table
from checks.matrix import build_matrix, parse_states, sources_of
from checks.project import Project, load_project
from checks.register import asset_table, register_table
from checks.rules import Rule
from checks.soa import build_soa

if TYPE_CHECKING:
    from checks.exporters.pdf import ResourcesRefused

DEFAULT_FORMAT = "md"
# How every table export ends (the last sentence of its --help).
EXIT_CODES = "Slutkod 0: skriven, 1: innehållet kan inte läsas (inget skrivs), 2: kommandot kunde inte köras."
NOT_EXPORTED = "{} exporterades inte: rätta felen ovan först (lis check visar alla)."
# lis export review: the formats, and those that need a file (-o)
REVIEW_FORMATS = ["pdf", "docx", "md"]
BINARY_REVIEW_FORMATS = frozenset({"pdf", "docx"})


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="exportera spårbarhetsmatrisen, tillämpningsförklaringen, registerförteckningen, tillgångsregistret "
        "(xlsx, csv, json, html, md), en ledningens genomgång (pdf, docx, md) eller OSCAL (json)",
        description="Exporterar ur ledningssystemet: spårbarhetsmatrisen (lis export matrix), "
        "tillämpningsförklaringen (lis export soa), registerförteckningen (lis export register), registret "
        "över informationstillgångar (lis export assets), ledningens genomgång (lis export review) och "
        "katalogerna, tillämpligheten och täckningen i OSCAL (lis export oscal).",
    )
    what = p.add_subparsers(dest="what", metavar="VAD", required=True)
    m = what.add_parser(
        "matrix",
        help="spårbarhetsmatrisen: en rad per krav med täckning och vad som uppfyller kravet",
        description="Skriver spårbarhetsmatrisen: en rad per krav med källa, referens, täckning "
        "(uppfylld, planerad, ospårad, ej tillämplig), rutiner, aktiviteter, ansvariga och granskningsdatum. "
        + EXIT_CODES,
    )
    _table_arguments(m)
    add_today_argument(m)
    m.add_argument("--source", metavar="ID", help="bara krav från en källa, t.ex. GDPR")
    m.add_argument(
        "--only",
        metavar="TÄCKNING",
        help="bara krav med dessa täckningslägen, kommaseparerade: "
        + ", ".join(c.value for c in COVERAGE_ORDER).replace("ej tillämplig", "ej-tillämplig"),
    )
    m.set_defaults(func=run)
    s = what.add_parser(
        "soa",
        help="tillämpningsförklaringen (SoA): alla åtgärder i ISO/IEC 27001 bilaga A",
        description="Skriver tillämpningsförklaringen enligt ISO/IEC 27001 6.1.3 d: en rad per åtgärd i "
        "bilaga A med tillämplighet, motivering, om den är införd (av täckningen och beläggen) och vad som "
        "genomför den; som pdf en utskriftsbar PDF/A med försättsblad. "
        + EXIT_CODES,
    )
    _table_arguments(s, extra_formats=("pdf",))
    add_today_argument(s)
    s.set_defaults(func=run_soa)
    for name, help_, description in (
        (
            "register",
            "registerförteckningen: en rad per personuppgiftsbehandling med kolumnerna i GDPR art. 30.1",
            "Skriver registerförteckningen: en rad per personuppgiftsbehandling (BEH-nnn) med "
            "personuppgiftsansvarig, ändamål, rättslig grund, kategorier av registrerade och personuppgifter, "
            "mottagare, biträden, överföring till tredje land, gallring, säkerhetsåtgärder och konsekvensbedömning. "
            "Det som sidorna inte anger står som \"Uppgift saknas\".",
        ),
        (
            "assets",
            "tillgångsregistret: en rad per informationstillgång med klassning och status",
            "Skriver registret över informationstillgångar (SYS-…): ägare, leverantör, driftavtal, nätverkszon, "
            "klassning per aspekt (nivå 0–4 enligt KLASSA), klassningens status och nästa klassning. "
            "Excel-filen kan redigeras och läsas in igen med lis import assets.",
        ),
        (
            "evidence",
            "beläggen: en rad per belägg med vad det visar, datum, giltighet, ansvarig och var det finns",
            "Skriver registret över belägg (BEL-…): vad belägget visar fungerar, slag, datum eller period, "
            "till när det gäller, status (aktuellt, utgånget, giltighet okänd), ansvarig roll och var det finns "
            "(diarienummer eller system). Status räknas fram för dagens datum (--today).",
        ),
    ):
        t = what.add_parser(
            name,
            help=help_,
            description=f"{description} {EXIT_CODES}",
        )
        _table_arguments(t)
        add_today_argument(t)
        t.set_defaults(func=run_table)

    c = what.add_parser(
        "calendar",
        help="årshjulet som kalender (ics): varje daterad uppgift med ansvarig roll och länk",
        description="Skriver årshjulet som iCalendar: omgranskning av rutiner, omklassning av tillgångar, "
        "aktiviteternas slutdatum, målens mätningar och slutdatum, nästa ledningens genomgång, incidenternas "
        "rapportfrister och de återkommande uppgifterna i arshjul.yaml (med upprepningsregel). Varje händelse "
        "har ett stabilt UID, så en prenumererad kalender uppdateras i stället för att få dubbletter. "
        + EXIT_CODES,
    )
    _year_arguments(c, ["ics"], "ics")
    c.set_defaults(func=run_calendar)
    t = what.add_parser(
        "todo",
        help="det som är försenat och det som förfaller inom --days dagar, per ansvarig roll",
        description="Listar per ansvarig roll det som är försenat och det som förfaller inom de närmaste "
        "dagarna: granskningar, omklassningar, aktiviteter, mätningar, incidentrapporter och återkommande "
        "uppgifter. " + EXIT_CODES,
    )
    _year_arguments(t, ["md", "csv", "ics"], "efter filändelsen i -o, annars md")
    t.add_argument("--days", type=_days, default=30, help="antal dagar framåt (standard: 30)")
    t.set_defaults(func=run_todo)

    o = what.add_parser(
        "oscal",
        help="kataloger, tillämplighet och täckning i OSCAL (JSON) för revisorer och upphandling",
        description="Skriver OSCAL 1.2.3 (JSON): --what catalog en kravkatalog (--source ID, eller alla i "
        "mappen -o MAPP), --what profile tillämpligheten (vilka krav som tas med och vilka som utesluts, med "
        f"motivering) och --what ssp täckningen som en förenklad systemsäkerhetsplan. Profilen hänvisar till "
        f"katalogerna som katalog-<källa>.json och planen till profilen som {oscal.PROFILE_FILE}. " + EXIT_CODES,
    )
    add_root_argument(o)
    o.add_argument("--what", choices=oscal.WHAT, required=True, help="catalog, profile eller ssp")
    o.add_argument("--source", metavar="ID", help="katalogen att skriva (--what catalog), t.ex. ISO27001")
    o.add_argument("-o", "--output", metavar="FIL", help="skriv till FIL (en mapp för alla kataloger; standard: standard ut)")
    o.set_defaults(func=run_oscal)

    r = what.add_parser(
        "review",
        help="en ledningens genomgång som PDF (för verksamhetsplanen), Word eller Markdown",
        description="Skriver hela genomgången som ett dokument: försättsblad, innehållsförteckning, "
        "text och datatabeller. PDF/A med taggar och inbäddade typsnitt; Word (docx) med Words egna rubriker, "
        "listor och tabeller, gärna i stadens mall (--template); ett utkast får UTKAST på varje sida. "
        "Slutkod 0: skriven, 1: innehållet kan inte läsas eller genomgången finns inte, 2: kommandot kunde inte köras.",
    )
    add_root_argument(r)
    add_today_argument(r)
    r.add_argument("review", metavar="LG-ÅÅÅÅ")
    r.add_argument(
        "--format", choices=REVIEW_FORMATS, help="format (standard: efter filändelsen i -o, annars md)"
    )
    r.add_argument("-o", "--output", metavar="FIL", help="skriv till FIL (krävs för pdf och docx; standard: standard ut)")
    r.add_argument(
        "--template",
        metavar="FIL.docx",
        help="Word-mall (.docx eller .dotx) vars formatmallar, sidinställningar, sidhuvud och sidfot används (bara docx)",
    )
    r.set_defaults(func=run_review)
    overview.add_export_parser(what)


def _table_arguments(p: argparse.ArgumentParser, extra_formats: tuple[str, ...] = ()) -> None:
    """--root, --format and -o: what every table export takes."""
    add_root_argument(p)
    p.add_argument(
        "--format",
        choices=sorted(FORMATS) + list(extra_formats),
        help=f"format (standard: efter filändelsen i -o, annars {DEFAULT_FORMAT})",
    )
    p.add_argument("-o", "--output", help="skriv till FIL (standard: standard ut; krävs för xlsx)", metavar="FIL")


def _format(args: argparse.Namespace, output: Path | None) -> str:
    if args.format:
        return str(args.format)
    if output is None:
        return DEFAULT_FORMAT
    fmt = SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise ProjectError(
            f"Formatet kan inte avgöras av filnamnet {output.name}: ange --format ({', '.join(sorted(FORMATS))})."
        )
    return fmt


def _check_output(project: Project, output: Path) -> None:
    refuse_inside_sources(project, output, "-o", "exporten")
    if output.is_dir():
        raise ProjectError(f"-o {output} är en mapp; ange ett filnamn, t.ex. {output / 'matris.xlsx'}.")


def _target(args: argparse.Namespace, project: Project, stem: str) -> tuple[Path | None, str]:
    """The output file (None: standard output) and the format."""
    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    fmt = _format(args, output)
    if output is None and fmt not in TEXT_FORMATS:
        raise ProjectError(f"Formatet {fmt} kan inte skrivas till standard ut: ange en fil med -o, t.ex. -o {stem}.{fmt}.")
    if output is not None:
        _check_output(project, output)
    return output, fmt


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    output, fmt = _target(args, project, "matris")
    try:
        only = parse_states(args.only) if args.only is not None else []
    except ValueError as err:
        raise ProjectError(f"--only: {err}.") from None
    # --today, else the same date as `lis check` (LIS_TODAY or the system's), so the two share
    # Sphinx's cache; the evidence axis (aktuellt or not) is decided for this date.
    today = resolve_today(args.today)
    result = gated_run(project, today, NOT_EXPORTED.format("Matrisen"))
    if result is None:
        return 1
    say_errors(result, "Matrisen")
    needs = result.facts.needs
    catalogs = result.facts.index.all_catalogs
    if args.source and args.source not in (known := sources_of(needs, catalogs)):
        raise ProjectError(f"--source: okänd källa {args.source!r}; kända källor är {', '.join(known) or 'inga'}.")

    matrix = build_matrix(
        needs,
        catalogs,
        project.root,
        source=args.source or "",
        only=only,
        site_url=project.settings.site_url,
        as_of=project.settings.content_as_of,
        training_target=project.settings.training_target,
        evidence=result.facts.evidence,
        checked=today.isoformat(),
    )
    data = render(fmt, matrix)
    _write(output, data, f"Spårbarhetsmatrisen ({fmt}, {len(matrix.rows)} krav)")
    return 0


def _write(output: Path | None, data: bytes, what: str, written: str = "skriven") -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, data)
    except OSError as err:
        raise ProjectError(f"{output}: kan inte skrivas: {err.strerror or err}.") from err
    print(f"{what} är {written} till {output}.", file=sys.stderr)


def run_soa(args: argparse.Namespace) -> int:
    """lis export soa: one row per Annex A control (ISO/IEC 27001 6.1.3 d)."""
    project = load_project(args.root)
    if not args.format and (args.output or "").lower().endswith(".pdf"):
        args.format = "pdf"
    output, fmt = _target(args, project, "tillampningsforklaring")
    today = resolve_today(args.today)
    result = gated_run(project, today, NOT_EXPORTED.format("Tillämpningsförklaringen"))
    if result is None:
        return 1
    say_errors(result, "Tillämpningsförklaringen")
    soa = build_soa(
        result.facts.needs,
        result.facts.index.all_catalogs,
        site_url=project.settings.site_url,
        as_of=project.settings.content_as_of,
        training_target=project.settings.training_target,
        evidence=result.facts.evidence,
    )
    if fmt == "pdf":
        from checks.exporters.pdf import ResourcesRefused
        from checks.exporters.soa_pdf import render_pdf

        try:
            data = render_pdf(soa, project, today)
        except ResourcesRefused as refused:
            for item in refused.refused:
                print(f"Tillämpningsförklaringen hänvisar till {item.address}, som inte hämtas: {item.reason}.", file=sys.stderr)
            print(NOT_EXPORTED.format("Tillämpningsförklaringen"), file=sys.stderr)
            return 1
    else:
        data = soa_exporters.render(fmt, soa)
    _write(output, data, f"Tillämpningsförklaringen ({fmt}, {len(soa.rows)} åtgärder)")
    return 0


def run_table(args: argparse.Namespace) -> int:
    """lis export register | assets | evidence: one table from the gate's needs."""
    project = load_project(args.root)
    output, fmt = _target(args, project, args.what)
    # the date the status columns (klassning förfallen, planerad) are computed for
    today = resolve(args.today).date
    name, build, unit, written = TABLES[args.what]
    result = gated_run(project, today, NOT_EXPORTED.format(name))
    if result is None:
        return 1
    say_errors(result, name)
    table = build(result.facts.needs, today, project.settings.content_as_of)
    count = len(table.rows)
    _write(output, render_table(fmt, table), f"{name} ({fmt}, {count} {unit[0] if count == 1 else unit[1]})",
           written)
    return 0


def run_oscal(args: argparse.Namespace) -> int:
    """lis export oscal: a catalog (or all of them), the profile or the SSP, as OSCAL JSON."""
    project = load_project(args.root)
    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    every_catalog = args.what == "catalog" and not args.source
    if args.source and args.what != "catalog":
        raise ProjectError("--source gäller bara --what catalog.")
    if every_catalog and (output is None or not (output.is_dir() or str(args.output).endswith(("/", "\\")))):
        raise ProjectError(
            "Ange en katalog med --source (t.ex. --source ISO27001) eller en mapp med -o för alla kataloger."
        )
    if output is not None:
        refuse_inside_sources(project, output, "-o", "exporten")
    result = gated_run(project, resolve_today(None), NOT_EXPORTED.format("OSCAL"))
    if result is None:
        return 1
    catalogs = [c for c in result.facts.index.all_catalogs if c.source is not None]
    as_of = project.settings.content_as_of
    office = project.settings.office
    if args.what == "catalog":
        chosen = [c for c in catalogs if not args.source or c.source.id == args.source]
        if not chosen:
            known = ", ".join(c.source.id for c in catalogs) or "inga"
            raise ProjectError(f"--source: okänd källa {args.source!r}; kända källor är {known}.")
        if every_catalog:
            assert output is not None
            for cat in chosen:
                _write(output / oscal.catalog_file(cat), oscal.render(oscal.catalog(cat, as_of)),
                       f"OSCAL-katalogen {cat.source.id} ({len(cat.requirements)} krav)")
            return 0
        document = oscal.catalog(chosen[0], as_of)
        what = f"OSCAL-katalogen {args.source} ({len(chosen[0].requirements)} krav)"
    elif args.what == "profile":
        document = oscal.profile(result.facts.needs, catalogs, office, as_of)
        what = "OSCAL-profilen (tillämplighet)"
    else:
        document = oscal.ssp(result.facts.needs, catalogs, office, as_of)
        count = len(document["system-security-plan"]["control-implementation"]["implemented-requirements"])
        what = f"OSCAL-systemsäkerhetsplanen ({count} krav)"
    _write(output, oscal.render(document), what)
    return 0


# lis export register | assets | evidence: the name in messages, the table, the unit counted,
# "… är skriven/skrivet/skrivna" as the name's gender and number ask
TABLES = {
    "register": ("Registerförteckningen", register_table, ("behandling", "behandlingar"), "skriven"),
    "assets": ("Tillgångsregistret", asset_table, ("tillgång", "tillgångar"), "skrivet"),
    "evidence": ("Beläggen", evidence_table, ("belägg", "belägg"), "skrivna"),
}


def run_review(args: argparse.Namespace) -> int:
    """``lis export review``: the review's pages from the site's HTML, as PDF, Word or Markdown."""
    import tempfile

    from checks.exporters.review_doc import collect

    project = load_project(args.root)
    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    by_suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    fmt = args.format or (by_suffix if by_suffix in BINARY_REVIEW_FORMATS else "md")
    if fmt in BINARY_REVIEW_FORMATS and output is None:
        raise ProjectError(
            f"{fmt.upper()} kan inte skrivas till standard ut: ange en fil med -o, t.ex. -o lg.{fmt}."
        )
    template = Path(args.template).resolve() if args.template else None
    if template is not None:
        if fmt != "docx":
            raise ProjectError("--template gäller bara Word (--format docx).")
        from checks.exporters.review_docx import open_template

        open_template(template)  # a template that cannot be used stops the export before the build
    if output is not None:
        _check_output(project, output)
    today = resolve(args.today).date
    with tempfile.TemporaryDirectory(prefix="lis-review-", dir=_scratch(project)) as tmp:
        out = Path(tmp) / "html"
        result = gated_run(project, today, NOT_EXPORTED.format("Genomgången"), builder="html", outdir=out)
        if result is None:
            return 1
        say_errors(result, "Exporten")
        review = result.facts.needs.get(args.review)
        if review is None or review.get("type") != "review":
            print(f"{args.review} finns inte: ingen ledningens genomgång har det id:t.", file=sys.stderr)
            return 1
        doc = collect(out, review, project.settings.office, project.settings.board)
        if fmt == "pdf":
            from checks.exporters.pdf import ResourcesRefused
            from checks.exporters.review_pdf import render_pdf

            try:
                data = render_pdf(doc, out, project.root)
            except ResourcesRefused as refused:
                print_refused(project, review, refused)
                print(NOT_EXPORTED.format("Genomgången"), file=sys.stderr)
                return 1
        elif fmt == "docx":
            from checks.exporters.review_docx import render_docx

            data = render_docx(doc, template)
        else:
            from checks.exporters.review_md import render_md

            data = render_md(doc)
    _write(output, data, f"{args.review} ({fmt}, {len(doc.pages)} sidor ur webbplatsen)")
    return 0


def _scratch(project: Project) -> Path | None:
    """Where the review's pages are built for the export: under _build/ in the project, so the
    export reads nothing outside it; the system's temporary folder when _build/ cannot be written."""
    folder = project.root / "_build"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def print_refused(project: Project, review: dict[str, Any], refused: ResourcesRefused) -> None:
    """What WeasyPrint asked for and did not get, as findings at the review's page (LIS043, LIS042)."""
    docname = str(review.get("docname") or "")
    page = next(project.docs.glob(f"{docname}.*"), None) if docname else None
    file = page.relative_to(project.root).as_posix() if page else "conf.py"
    for item in refused.refused:
        rule = Rule.LIS043 if item.remote else Rule.LIS042
        finding = emit(
            project.settings,
            rule,
            file,
            1,
            f"Genomgångens sidor hänvisar till {item.address}, som inte hämtas: {item.reason}. "
            "Kopiera in filen i projektet (till exempel docs/_static/) och peka på kopian.",
            str(review.get("id") or ""),
        )
        print(f"{finding.file}:{finding.line}: {finding.message} ({finding.code})", file=sys.stderr)
def _year_arguments(p: argparse.ArgumentParser, formats: list[str], default: str) -> None:
    """--root, --today, --format and -o: what the calendar and the to-do list take."""
    add_root_argument(p)
    add_today_argument(p)
    p.add_argument("--format", choices=formats, help=f"format (standard: {default})")
    p.add_argument("-o", "--output", metavar="FIL", help="skriv till FIL (standard: standard ut)")


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} är inget heltal") from None
    if not 0 <= days <= 366:
        raise argparse.ArgumentTypeError("ska vara från 0 till 366")
    return days


def _year(args: argparse.Namespace, what: str) -> tuple[Project, Any, Any, Path | None] | None:
    """The project, its date, its year (checks.annual) and the output file; None on a data error."""
    from checks.annual import year_of

    project = load_project(args.root)
    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    if output is not None:
        _check_output(project, output)
    today = resolve(args.today)
    result = gated_run(project, today.date, NOT_EXPORTED.format(what), now=today.moment)
    if result is None:
        return None
    return project, today, (result.facts.needs, year_of(result.facts.needs, today.now, project.settings, project.root)), output


def _calendar_name(project: Project, what: str) -> str:
    return f"{what} – {project.settings.office}" if project.settings.office else what


def run_calendar(args: argparse.Namespace) -> int:
    """lis export calendar: every dated duty as one event, recurring ones with their RRULE."""
    from checks.exporters.calendar_ics import render_ics

    found = _year(args, "Kalendern")
    if found is None:
        return 1
    project, today, (needs, year), output = found
    data = render_ics(
        year.duties,
        needs,
        name=_calendar_name(project, "Årshjul"),
        office=project.settings.office,
        site_url=project.settings.site_url,
        stamp=today.now,
    )
    _write(output, data, f"Årshjulet (ics, {len(year.duties)} händelser)", "skrivet")
    return 0


def run_todo(args: argparse.Namespace) -> int:
    """lis export todo: what is late and what falls due within --days, per owner role."""
    from checks.exporters import todo
    from checks.exporters.calendar_ics import render_ics

    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    fmt = args.format or ({".csv": "csv", ".ics": "ics"}.get(output.suffix.lower(), "md") if output else "md")
    found = _year(args, "Listan")
    if found is None:
        return 1
    project, today, (needs, year), output = found
    duties = year.falling_due(today.date, args.days)
    site_url = project.settings.site_url
    if fmt == "csv":
        data = todo.render_csv(duties, needs, today.date, site_url)
    elif fmt == "ics":
        name = _calendar_name(project, f"Att göra inom {args.days} dagar")
        data = render_ics(duties, needs, name=name, office=project.settings.office, site_url=site_url, stamp=today.now)
    else:
        data = todo.render_md(duties, needs, today.date, args.days, site_url)
    _write(output, data, f"Att göra-listan ({fmt}, {len(duties)} uppgifter)")
    return 0
