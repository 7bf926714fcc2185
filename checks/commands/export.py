"""``lis export matrix|soa|register|assets|review``: the traceability matrix, the Statement of
Applicability, the registerförteckning (GDPR art. 30.1) and the asset register as xlsx,
csv, json, html or Markdown; a management review as PDF or Markdown.

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
import sys
from pathlib import Path

from checks.commands import add_root_argument, add_today_argument, refuse_inside_sources
from checks.commands import overview
from checks.commands.gated import gated_run
from checks.coverage import COVERAGE_ORDER
from checks.dates import resolve, resolve_today
from checks.errors import ProjectError
from checks.exporters import FORMATS, SUFFIXES, TEXT_FORMATS, render
from checks.exporters import soa as soa_exporters
from checks.exporters.atomic import write_atomic
from checks.exporters.tables import render_table
from checks.matrix import build_matrix, parse_states, sources_of
from checks.project import Project, load_project
from checks.register import asset_table, register_table
from checks.soa import build_soa

DEFAULT_FORMAT = "md"
# How every table export ends (the last sentence of its --help).
EXIT_CODES = "Slutkod 0: skriven, 1: innehållet kan inte läsas (inget skrivs), 2: kommandot kunde inte köras."
NOT_EXPORTED = "{} exporterades inte: rätta felen ovan först (lis check visar alla)."


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="exportera spårbarhetsmatrisen, tillämpningsförklaringen, registerförteckningen, tillgångsregistret "
        "(xlsx, csv, json, html, md) eller en ledningens genomgång (pdf, md)",
        description="Exporterar ur ledningssystemet: spårbarhetsmatrisen (lis export matrix), "
        "tillämpningsförklaringen (lis export soa), registerförteckningen (lis export register), registret "
        "över informationstillgångar (lis export assets) och ledningens genomgång (lis export review).",
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
        "bilaga A med tillämplighet, motivering, om den är införd (av täckningen) och vad som genomför den. "
        + EXIT_CODES,
    )
    _table_arguments(s)
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
    ):
        t = what.add_parser(
            name,
            help=help_,
            description=f"{description} {EXIT_CODES}",
        )
        _table_arguments(t)
        add_today_argument(t)
        t.set_defaults(func=run_table)

    r = what.add_parser(
        "review",
        help="en ledningens genomgång som PDF (för verksamhetsplanen) eller Markdown",
        description="Skriver hela genomgången som ett dokument: försättsblad, innehållsförteckning, "
        "text och datatabeller. PDF/A med taggar och inbäddade typsnitt; ett utkast får UTKAST på varje sida. "
        "Slutkod 0: skriven, 1: innehållet kan inte läsas eller genomgången finns inte, 2: kommandot kunde inte köras.",
    )
    add_root_argument(r)
    add_today_argument(r)
    r.add_argument("review", metavar="LG-ÅÅÅÅ")
    r.add_argument("--format", choices=["pdf", "md"], help="format (standard: efter filändelsen i -o, annars md)")
    r.add_argument("-o", "--output", metavar="FIL", help="skriv till FIL (krävs för pdf; standard: standard ut)")
    r.set_defaults(func=run_review)
    overview.add_export_parser(what)


def _table_arguments(p: argparse.ArgumentParser) -> None:
    """--root, --format and -o: what every table export takes."""
    add_root_argument(p)
    p.add_argument(
        "--format",
        choices=sorted(FORMATS),
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
    # The same date as `lis check` (LIS_TODAY or the system's), so the two share Sphinx's cache.
    today = resolve_today(None)
    result = gated_run(project, today, NOT_EXPORTED.format("Matrisen"))
    if result is None:
        return 1
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
    )
    data = render(fmt, matrix)
    _write(output, data, f"Spårbarhetsmatrisen ({fmt}, {len(matrix.rows)} krav)")
    return 0


def _write(output: Path | None, data: bytes, what: str) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(output, data)
    except OSError as err:
        raise ProjectError(f"{output}: kan inte skrivas: {err.strerror or err}.") from err
    print(f"{what} är skriven till {output}.", file=sys.stderr)


def run_soa(args: argparse.Namespace) -> int:
    """lis export soa: one row per Annex A control (ISO/IEC 27001 6.1.3 d)."""
    project = load_project(args.root)
    output, fmt = _target(args, project, "tillampningsforklaring")
    result = gated_run(project, resolve_today(None), NOT_EXPORTED.format("Tillämpningsförklaringen"))
    if result is None:
        return 1
    soa = build_soa(
        result.facts.needs,
        result.facts.index.all_catalogs,
        site_url=project.settings.site_url,
        as_of=project.settings.content_as_of,
    )
    _write(output, soa_exporters.render(fmt, soa), f"Tillämpningsförklaringen ({fmt}, {len(soa.rows)} åtgärder)")
    return 0


def run_table(args: argparse.Namespace) -> int:
    """lis export register | assets: one table from the gate's needs."""
    project = load_project(args.root)
    output, fmt = _target(args, project, args.what)
    # the date the status columns (klassning förfallen, planerad) are computed for
    today = resolve(args.today).date
    name = "Registerförteckningen" if args.what == "register" else "Tillgångsregistret"
    result = gated_run(project, today, NOT_EXPORTED.format(name))
    if result is None:
        return 1
    build = register_table if args.what == "register" else asset_table
    table = build(result.facts.needs, today, project.settings.content_as_of)
    count = len(table.rows)
    unit = ("behandling", "behandlingar") if args.what == "register" else ("tillgång", "tillgångar")
    _write(output, render_table(fmt, table), f"{name} ({fmt}, {count} {unit[0] if count == 1 else unit[1]})")
    return 0


def run_review(args: argparse.Namespace) -> int:
    """``lis export review``: the review's pages from the site's HTML, as PDF or Markdown."""
    import tempfile

    from checks.exporters.review_doc import collect

    project = load_project(args.root)
    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    fmt = args.format or ("pdf" if output is not None and output.suffix.lower() == ".pdf" else "md")
    if fmt == "pdf" and output is None:
        raise ProjectError("PDF kan inte skrivas till standard ut: ange en fil med -o, t.ex. -o lg.pdf.")
    if output is not None:
        _check_output(project, output)
    today = resolve(args.today).date
    with tempfile.TemporaryDirectory(prefix="lis-review-") as tmp:
        out = Path(tmp) / "html"
        result = gated_run(project, today, NOT_EXPORTED.format("Genomgången"), builder="html", outdir=out)
        if result is None:
            return 1
        review = result.facts.needs.get(args.review)
        if review is None or review.get("type") != "review":
            print(f"{args.review} finns inte: ingen ledningens genomgång har det id:t.", file=sys.stderr)
            return 1
        doc = collect(out, review, project.settings.office, project.settings.board)
        if fmt == "pdf":
            from checks.exporters.review_pdf import render_pdf

            data = render_pdf(doc, out)
        else:
            from checks.exporters.review_md import render_md

            data = render_md(doc)
    _write(output, data, f"{args.review} ({fmt}, {len(doc.pages)} sidor ur webbplatsen)")
    return 0
