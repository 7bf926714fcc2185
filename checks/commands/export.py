"""``lis export matrix``: the traceability matrix as xlsx, csv, json, html or Markdown.

Exit 0: written; 1: the content cannot be read (a catalog or page that does not
parse, or Sphinx stops): the message names the file and line and nothing is
written; 2: the tool could not run (bad arguments, no project at --root).
The output is written atomically, and never into docs/ or requirements/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checks.commands import add_root_argument
from checks.catalog import Catalog
from checks.coverage import COVERAGE_ORDER
from checks.exporters import FORMATS, SUFFIXES, TEXT_FORMATS, render
from checks.exporters.atomic import write_atomic
from checks.gate import cache_dir, catalog_index, preflight, relative, resolve_today
from checks.matrix import build_matrix, parse_states, sources_of
from checks.needs_data import load_needs
from checks.project import Project, ProjectError, load_project
from checks.rules import GateSettings
from checks.sphinx_run import BuildCrash, build_needs

DEFAULT_FORMAT = "md"
# The pre-flight findings that can stop the gate (and so the export) before Sphinx runs.
BLOCKING_CODES = ("LIS001", "LIS003")


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


def _site_url(project: Project) -> str:
    value = project.settings.get("site_url", "")
    if not isinstance(value, str) or (value and not value.startswith(("https://", "http://"))):
        raise ProjectError(
            f"[tool.lis] site_url i pyproject.toml ska vara webbplatsens adress (https://…) eller tom, inte {value!r}."
        )
    return value


def _check_output(project: Project, output: Path) -> None:
    for folder in (project.docs, project.requirements):
        if output == folder or folder in output.parents:
            raise ProjectError(f"-o får inte ligga i {folder}: exporten skriver aldrig i källfilerna.")
    if output.is_dir():
        raise ProjectError(f"-o {output} är en mapp; ange ett filnamn, t.ex. {output / 'matris.xlsx'}.")


def _unreadable(project: Project, catalogs: list[Catalog]) -> list[str]:
    """Messages for what stops the gate before Sphinx runs (its pre-flight): a catalog
    or page that cannot be read, a requirement id used in two catalogs."""
    settings = GateSettings.from_dict(project.settings)
    checked = preflight(project, settings, catalog_index(project.root, catalogs))
    if not checked.blocking:
        return []
    return [f"{f.file}:{f.line}: {f.message}" for f in checked.findings if f.code in BLOCKING_CODES]


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
    site_url = _site_url(project)
    # The same date override as `lis check`, so the two share Sphinx's cache without a full rebuild.
    today = resolve_today(None)

    catalogs = catalog_index(project.root).catalogs
    if problems := _unreadable(project, catalogs):
        for problem in problems:
            print(problem, file=sys.stderr)
        print("Matrisen exporterades inte: rätta filerna ovan först.", file=sys.stderr)
        return 1
    try:
        result = build_needs(project.root, cache_dir(project), {"lis_today": today.isoformat(), "lis_rules": False})
    except BuildCrash as crash:
        where = relative(project.root, crash.path) if crash.path else "docs"
        print(f"{where}: Sphinx stannade när sidan lästes: {crash.message}", file=sys.stderr)
        print("Matrisen exporterades inte.", file=sys.stderr)
        return 1
    try:
        needs = load_needs(result.needs_json)
    except (OSError, ValueError, KeyError) as err:
        print(f"sphinx-needs skrev ingen läsbar needs.json ({err}). Matrisen exporterades inte.", file=sys.stderr)
        return 1
    if args.source and args.source not in (known := sources_of(needs, catalogs)):
        raise ProjectError(f"--source: okänd källa {args.source!r}; kända källor är {', '.join(known) or 'inga'}.")

    matrix = build_matrix(
        needs,
        catalogs,
        project.root,
        source=args.source or "",
        only=only,
        site_url=site_url,
        as_of=str(project.settings.get("content_as_of", "")),
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
    if count := len(result.messages):
        print(
            f"Obs: Sphinx rapporterade {count} {'varning' if count == 1 else 'varningar'} i innehållet; "
            "kör lis check för att se dem (de kan påverka täckningen).",
            file=sys.stderr,
        )
    return 0
