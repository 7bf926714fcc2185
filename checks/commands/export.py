"""``lis export matrix``: the traceability matrix as xlsx, csv, json, html or Markdown.

Exit 0: written; 1: the gate finds a data error (a catalog or page that does
not parse, a bad field, a duplicate id, a broken link, a personnummer): the
message names the file and line and nothing is written; 2: the tool could not
run (bad arguments, no project at --root). The matrix comes from the gate's
own Sphinx run (checks.gate.run_pipeline), so it shows what lis check checks.
The output is written atomically, and never into docs/ or requirements/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.commands import add_root_argument, refuse_inside_sources
from checks.coverage import COVERAGE_ORDER
from checks.dates import resolve_today
from checks.errors import ProjectError
from checks.exporters import FORMATS, SUFFIXES, TEXT_FORMATS, render
from checks.exporters.atomic import write_atomic
from checks.gate import REFUSED, run_pipeline
from checks.matrix import build_matrix, parse_states, sources_of
from checks.project import Project, load_project
from checks.rules import Rule, Stage

DEFAULT_FORMAT = "md"


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="exportera spårbarhetsmatrisen (xlsx, csv, json, html, md)",
        description="Exporterar data ur ledningssystemet. Just nu: spårbarhetsmatrisen (lis export matrix).",
    )
    what = p.add_subparsers(dest="what", metavar="VAD", required=True)
    m = what.add_parser(
        "matrix",
        help="spårbarhetsmatrisen: en rad per krav med täckning och vad som uppfyller kravet",
        description="Skriver spårbarhetsmatrisen: en rad per krav med källa, referens, täckning "
        "(uppfylld, planerad, ospårad, ej tillämplig), rutiner, aktiviteter, ansvariga och granskningsdatum. "
        "Slutkod 0: skriven, 1: innehållet kan inte läsas (inget skrivs), 2: kommandot kunde inte köras.",
    )
    add_root_argument(m)
    m.add_argument(
        "--format",
        choices=sorted(FORMATS),
        help=f"format (standard: efter filändelsen i -o, annars {DEFAULT_FORMAT})",
    )
    m.add_argument("-o", "--output", help="skriv till FIL (standard: standard ut; krävs för xlsx)", metavar="FIL")
    m.add_argument("--source", metavar="ID", help="bara krav från en källa, t.ex. GDPR")
    m.add_argument(
        "--only",
        metavar="TÄCKNING",
        help="bara krav med dessa täckningslägen, kommaseparerade: "
        + ", ".join(c.value for c in COVERAGE_ORDER).replace("ej tillämplig", "ej-tillämplig"),
    )
    m.set_defaults(func=run)


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


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    output = Path(args.output).resolve() if args.output and args.output != "-" else None
    fmt = _format(args, output)
    if output is None and fmt not in TEXT_FORMATS:
        raise ProjectError(f"Formatet {fmt} kan inte skrivas till standard ut: ange en fil med -o, t.ex. -o matris.{fmt}.")
    if output is not None:
        _check_output(project, output)
    try:
        only = parse_states(args.only) if args.only is not None else []
    except ValueError as err:
        raise ProjectError(f"--only: {err}.") from None
    # The same date as `lis check` (LIS_TODAY or the system's), so the two share Sphinx's cache.
    today = resolve_today(None)
    # The gate's own load step: the export refuses what the gate calls a data error.
    result = run_pipeline(project, today, refuse=REFUSED)
    if result.unreadable or result.refused or result.data_errors:
        problems = [f for f in result.findings if f.is_error and f.code.stage is not Stage.NEEDS]
        for f in problems:
            print(f"{f.file}:{f.line}: {f.message} ({f.code})", file=sys.stderr)
        print("Matrisen exporterades inte: rätta felen ovan först (lis check visar alla).", file=sys.stderr)
        return 1
    needs = result.facts.needs
    catalogs = result.facts.index.catalogs
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
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(output, data)
        except OSError as err:
            raise ProjectError(f"{output}: kan inte skrivas: {err.strerror or err}.") from err
        rows = len(matrix.rows)
        print(f"Spårbarhetsmatrisen ({fmt}, {rows} krav) är skriven till {output}.", file=sys.stderr)
    return 0
