"""``lis import assets FILE.xlsx|FILE.csv [--partial]``: asset pages from an inventory sheet.

The sheet has the columns ``lis export assets`` writes (checks.register.ASSET_COLUMNS),
so an exported register can be edited in Excel and read back; a row added in
Excel becomes a new page in docs/tillgangar/. Only ID and Namn are required; a
column left out of the sheet leaves that field alone, an empty cell removes it
(the value is not known). Computed columns (Nästa klassning, Status, Omfattas
av, Behandlingar) are read by nobody: they come from other pages and the date.

An existing asset is updated in place: only the directive's line (the title) and
its ``:field: value`` option lines change, never the text a person wrote around
or inside the need. Every row is checked first; when any row cannot be taken
nothing is written (unless ``--partial``, which writes the good rows). Each row
that cannot be taken is reported with its row number in the sheet.

Nothing is lost or smuggled: a formula or error cell (its value is not in the
file as text), a cell with a line break of any kind (also U+2028 and U+0085) or a
control character, a personnummer, an unknown or doubled column, and a sheet
larger than lis reads (bounded before it is parsed: the file and, for xlsx, the
unpacked size of every part) are each reported with sheet, row and column, and
nothing is written. An updated page keeps its line endings (CRLF stays CRLF) and
its byte order mark; pages are written as one transaction (checks.transaction).

Exit 0: written (or nothing to change); 1: a row, a cell or the sheet could not be
taken (nothing written); 2: the command could not run (no such file, not a sheet).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checks import transaction
from checks.boundary import MAX_FILE_BYTES, MAX_FILE_TEXT
from checks.commands import add_root_argument, single_line_problem
from checks.commands.new import existing_ids, slug
from checks.errors import ProjectError
from checks.project import Project, load_project
from checks.register import ASSET_COLUMNS, ASSET_SHEET, NO, YES
from checks.safetext import safe_line, safe_text
from checks.table import Column

FOLDER = "tillgangar"
ID_PATTERN = re.compile(r"^SYS-[A-Z0-9]+(-[A-Z0-9]+)*$")
_DIRECTIVE = re.compile(r"^(?P<fence>:{3,})\{asset\}[ \t]*(?P<title>.*)$")
_OPTION = re.compile(r"^:(?P<name>[A-Za-z_][A-Za-z0-9_]*):(?P<value>.*)$")
_ID_LIST = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")
_TRUE = {"ja", "true", "sant", "1", "x"}
_FALSE = {"nej", "false", "falskt", "0"}


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "import",
        help="läs in informationstillgångar från ett kalkylark (xlsx eller csv)",
        description="Läser in informationstillgångar från ett kalkylark med samma kolumner som "
        "lis export assets skriver. Skapar en sida i docs/tillgangar/ för en ny tillgång och uppdaterar "
        "bara fältraderna i en befintlig. Skriver ingenting om någon rad är felaktig, utom med --partial. "
        "Slutkod 0: inläst, 1: rader kunde inte läsas in, 2: kommandot kunde inte köras.",
    )
    what = p.add_subparsers(dest="what", metavar="VAD", required=True)
    a = what.add_parser(
        "assets",
        help="informationstillgångar (SYS-…) från xlsx eller csv",
        description="Kolumner (rubrikrad 1): " + ", ".join(c.title for c in ASSET_COLUMNS if c.editable)
        + ". ID och Namn krävs. Kolumnerna " + ", ".join(c.title for c in ASSET_COLUMNS if not c.editable)
        + " räknas fram och läses inte in.",
    )
    a.add_argument("file", metavar="FIL", help="kalkylarket: .xlsx eller .csv (semikolon eller komma)")
    add_root_argument(a)
    a.add_argument("--partial", action="store_true", help="skriv de rader som går att läsa in även om andra är fel")
    a.set_defaults(func=run)


# ---------------------------------------------------------------- reading the sheet


# An inventory of a whole city is a few thousand rows: far below these. A sheet
# above them is a mistake or a compressed bomb, refused before it is unpacked.
MAX_SHEET_BYTES = MAX_FILE_BYTES
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, per part of the xlsx


class SheetRefused(Exception):
    """The sheet cannot be taken as it is (exit 1, nothing written); the message says where."""


@dataclass
class Row:
    number: int  # the row number in the sheet (the header is row 1)
    values: dict[str, Any]  # column key -> raw cell value


@dataclass
class Sheet:
    """What was read: the header titles, the data rows, and cells that cannot be taken."""

    path: Path
    name: str  # the worksheet ("" for csv)
    header: list[str]
    rows: list[Row]
    # (row number, column index, reason): formula and error cells
    refused: list[tuple[int, int, str]] = field(default_factory=list)

    def where(self, row: int, index: int | None = None, title: str = "") -> str:
        """``blad Tillgångar, rad 3, kolumn C (Konfidentialitet)`` (without the sheet for csv)."""
        parts = [f"blad {self.name}"] if self.name else []
        parts.append(f"rad {row}")
        if index is not None:
            from openpyxl.utils import get_column_letter

            column = title or (self.header[index] if index < len(self.header) else "")
            parts.append(f"kolumn {get_column_letter(index + 1)}" + (f" ({column})" if column else ""))
        return ", ".join(parts)


def read_sheet(path: Path) -> Sheet:
    """The sheet's header, data rows (rows with no value at all are skipped) and refused cells."""
    if not path.is_file():
        raise ProjectError(f"{path}: filen finns inte.")
    suffix = path.suffix.lower()
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise SheetRefused(f"{path.name}: filen är större än {MAX_FILE_TEXT}; lis läser inte in den.")
    name = ""
    refused: list[tuple[int, int, str]] = []
    if suffix == ".xlsx":
        _bounded_zip(path)
        name, raw, refused = _xlsx_rows(path)
    elif suffix == ".csv":
        raw = _csv_rows(path)
    else:
        raise ProjectError(f"{path}: okänt filformat {suffix or '(ingen filändelse)'}; ange en .xlsx- eller .csv-fil.")
    if not raw:
        raise ProjectError(f"{path}: arket är tomt; rad 1 ska ha kolumnrubrikerna.")
    header = ["" if v is None else str(v).strip() for v in raw[0][1]]
    rows = []
    for number, cells in raw[1:]:
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells):
            continue
        rows.append(Row(number, {i: v for i, v in enumerate(cells)}))
    return Sheet(path, name, header, rows, refused)


def _bounded_zip(path: Path) -> None:
    """An xlsx is a zip: its parts' unpacked sizes are read from its directory and bounded
    before anything is unpacked (zipfile never unpacks more than a part's stated size)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise ProjectError(f"{path}: kan inte läsas som Excel-fil ({type(err).__name__}).") from None
    total = 0
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > MAX_RATIO and part.file_size > 1024 * 1024:
            raise SheetRefused(
                f"{path.name}: delen {part.filename} packas upp till {part.file_size // (1024 * 1024)} MB ur "
                f"{part.compress_size // 1024} kB (en komprimeringsbomb?); lis läser inte in arket."
            )
    if total > MAX_UNPACKED_BYTES:
        raise SheetRefused(
            f"{path.name}: arket packas upp till {total // (1024 * 1024)} MB, mer än de "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB lis läser; dela upp det eller ta bort det som inte hör dit."
        )


def _xlsx_rows(path: Path) -> tuple[str, list[tuple[int, list[Any]]], list[tuple[int, int, str]]]:
    from openpyxl import load_workbook

    try:
        # formulas as formulas (data_only=False): a formula's value is Excel's to compute,
        # and a file saved by another program may hold none, which would read as empty
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        raise ProjectError(f"{path}: kan inte läsas som Excel-fil ({type(err).__name__}).") from None
    try:
        ws = wb[ASSET_SHEET] if ASSET_SHEET in wb.sheetnames else wb.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        refused: list[tuple[int, int, str]] = []
        for number, cells in enumerate(ws.iter_rows(), start=1):
            values: list[Any] = []
            for index, cell in enumerate(cells):
                kind = getattr(cell, "data_type", "n")
                if kind == "f":
                    refused.append((number, index, "cellen innehåller en formel; skriv in värdet (Klistra in special → Värden)"))
                    values.append(None)
                elif kind == "e":
                    refused.append((number, index, f"cellen innehåller felvärdet {cell.value}; skriv in värdet"))
                    values.append(None)
                else:
                    values.append(cell.value)
            rows.append((number, values))
        return str(ws.title), rows, refused
    finally:
        wb.close()


def _csv_rows(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ProjectError(f"{path}: filen är inte sparad som UTF-8. Spara den som \"CSV UTF-8\" i Excel.") from None
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    line = 1
    try:
        for cells in reader:
            out.append((line, list(cells)))
            line = reader.line_num + 1
    except csv.Error as err:
        raise ProjectError(f"{path}:{reader.line_num}: CSV-filen kan inte tolkas: {err}.") from None
    return out


def map_header(sheet: Sheet) -> dict[int, Column]:
    """Sheet column index -> the register column it is (computed columns are dropped)."""
    by_title = {c.title.casefold(): c for c in ASSET_COLUMNS}
    mapped: dict[int, Column] = {}
    problems = []
    for index, title in enumerate(sheet.header):
        if not title:
            continue
        column = by_title.get(title.casefold())
        if column is None:
            problems.append(f"{sheet.where(1, index, safe_line(title))}: okänd kolumn")
        elif column.editable:
            if column in mapped.values():
                problems.append(f"{sheet.where(1, index, column.title)}: kolumnen finns redan")
            mapped[index] = column
    if problems:
        raise SheetRefused(
            "\n".join(f"{sheet.path.name}: {p}." for p in problems)
            + "\nKända kolumner är " + ", ".join(c.title for c in ASSET_COLUMNS) + "."
        )
    have = {c.key for c in mapped.values()}
    if missing := [c.title for c in ASSET_COLUMNS if c.key in ("id", "title") and c.key not in have]:
        raise SheetRefused(f"{sheet.path.name}: {sheet.where(1)}: kolumnen {' och '.join(missing)} saknas.")
    return mapped


# ---------------------------------------------------------------- one row's values


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return str(value).strip()


def cell_problem(value: Any) -> str | None:
    """Why a cell's text may not be written into a page at all (Swedish), or None."""
    if not isinstance(value, str):
        return None
    problem = single_line_problem(value)
    return f"cellen {problem}" if problem else None


def option_value(column: Column, value: Any, known_ids: set[str]) -> str:
    """The option text of one cell ("" = remove the field); ValueError with a Swedish reason."""
    if column.kind == "date" and isinstance(value, (dt.date, dt.datetime)):
        return (value.date() if isinstance(value, dt.datetime) else value).isoformat()
    text = _cell_text(value)
    if not text:
        return ""
    if column.kind == "level":
        if text not in {"0", "1", "2", "3", "4"}:
            raise ValueError(f"{column.title}: {text!r} är ingen nivå; skriv 0, 1, 2, 3 eller 4 (KLASSA)")
    elif column.kind == "months":
        if not text.isdigit() or not 1 <= int(text) <= 60:
            raise ValueError(f"{column.title}: {text!r} ska vara ett antal månader, 1–60")
        text = str(int(text))
    elif column.kind == "date":
        try:
            text = dt.date.fromisoformat(text[:10] if len(text) > 10 and text[10] in " T" else text).isoformat()
        except ValueError:
            raise ValueError(f"{column.title}: {text!r} är inget giltigt datum; skriv ÅÅÅÅ-MM-DD") from None
    elif column.kind == "bool":
        low = text.casefold()
        if low in _TRUE:
            text = "true"
        elif low in _FALSE:
            text = "false"
        else:
            raise ValueError(f"{column.title}: {text!r}; skriv {YES} eller {NO}")
    elif column.kind == "links":
        ids = [i.strip() for i in re.split(r"[,;]", text) if i.strip()]
        for nid in ids:
            if not _ID_LIST.match(nid):
                raise ValueError(f"{column.title}: {nid!r} är inget id (t.ex. RUT-001)")
            if nid not in known_ids:
                raise ValueError(f"{column.title}: {nid} finns inte i docs/")
        text = ", ".join(ids)
    return text


# ---------------------------------------------------------------- pages


@dataclass
class AssetBlock:
    """Where an asset is written: its page, the directive line and its option lines (0-based)."""

    path: Path
    directive: int
    options: list[int] = field(default_factory=list)
    yaml_options: bool = False


def find_assets(docs: Path) -> dict[str, list[AssetBlock]]:
    """Every asset directive in docs/ by id (a list: an id written twice is refused)."""
    found: dict[str, list[AssetBlock]] = {}
    unreadable = []
    for page in sorted(docs.rglob("*.md")):
        try:
            lines = PageText.read(page).lines
        except (OSError, UnicodeDecodeError):
            unreadable.append(page.relative_to(docs).as_posix())
            continue
        for index, line in enumerate(lines):
            if not _DIRECTIVE.match(line):
                continue
            block = AssetBlock(page, index)
            nid = ""
            at = index + 1
            if at < len(lines) and lines[at].strip() == "---":
                block.yaml_options = True
            while at < len(lines) and (m := _OPTION.match(lines[at])):
                block.options.append(at)
                if m["name"] == "id":
                    nid = m["value"].strip()
                at += 1
            if nid:
                found.setdefault(nid, []).append(block)
    if unreadable:
        # an asset in a page lis cannot read would be written again as a new page
        raise SheetRefused(
            f"Sidorna {', '.join(unreadable)} i docs/ kan inte läsas som UTF-8, så det går inte att se vilka "
            "tillgångar de har. Rätta dem först (lis check visar dem)."
        )
    return found


@dataclass
class PageText:
    """A page as lines, with what joins them back byte for byte: its line ending and final line break.

    Split at line feeds only (``str.splitlines`` would also split at U+2028 and others
    inside a line, and rewrite them as line feeds)."""

    lines: list[str]
    newline: str
    final: bool

    @classmethod
    def read(cls, path: Path) -> PageText:
        text = path.read_bytes().decode("utf-8")
        # CRLF when every line ends so (a page saved on Windows); otherwise lines keep what they have
        newline = "\r\n" if "\r\n" in text and text.count("\r\n") == text.count("\n") else "\n"
        final = text.endswith("\n")
        body = text[: -len(newline)] if final and text.endswith(newline) else text.rstrip("\n")
        return cls(body.split(newline) if body else [], newline, final)

    def text(self, lines: list[str] | None = None) -> str:
        return self.newline.join(self.lines if lines is None else lines) + (self.newline if self.final else "")


def updated_lines(lines: list[str], block: AssetBlock, title: str, options: dict[str, str]) -> list[str]:
    """The page with the directive's title and option lines changed, every other line as it was."""
    out = list(lines)
    m = _DIRECTIVE.match(lines[block.directive])
    assert m is not None
    out[block.directive] = f"{m['fence']}{{asset}} {title}"
    pending = dict(options)
    kept: list[str] = []
    for index in block.options:
        om = _OPTION.match(lines[index])
        assert om is not None
        name = om["name"]
        if name in pending:
            value = pending.pop(name)
            if value:
                kept.append(f":{name}: {value}")
            # an empty value: the field is no longer known, the line goes
        else:
            kept.append(lines[index])  # a field the sheet does not have (tags …)
    kept += [f":{name}: {value}" for name, value in pending.items() if value]
    first = block.options[0] if block.options else block.directive + 1
    last = block.options[-1] + 1 if block.options else block.directive + 1
    return out[:first] + kept + out[last:]


def new_page(nid: str, title: str, options: dict[str, str]) -> str:
    body = "".join(f":{name}: {value}\n" for name, value in options.items() if value)
    return (
        f"# {title}\n\n"
        f":::{{asset}} {title}\n"
        f":id: {nid}\n"
        f"{body}\n"
        "% Inläst med lis import assets. Beskriv vad tillgången är och varifrån uppgifterna kommer;\n"
        "% det som inte är känt lämnas tomt, så att lis check visar det.\n"
        ":::\n"
    )


# ---------------------------------------------------------------- run


@dataclass
class Plan:
    writes: dict[Path, str] = field(default_factory=dict)  # path -> new text
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)


def plan_import(project: Project, sheet: Sheet) -> Plan:
    mapped = map_header(sheet)
    known_ids = existing_ids(project.docs)
    assets = find_assets(project.docs)
    folder = project.docs / FOLDER
    plan = Plan()
    seen: dict[str, int] = {}
    pages: dict[Path, PageText] = {}
    texts: dict[Path, list[str]] = {}
    refused_cells: dict[int, list[str]] = {}
    for number, index, reason in sheet.refused:
        if index in mapped:
            refused_cells.setdefault(number, []).append(f"{sheet.where(number, index)}: {reason}")
    for row in sheet.rows:
        cells = list(refused_cells.pop(row.number, []))
        for index, column in mapped.items():
            problem = cell_problem(row.values.get(index))
            if problem:
                cells.append(f"{sheet.where(row.number, index, column.title)}: {problem}")
        if cells:
            plan.problems.append((row.number, "; ".join(cells)))
            continue
        values = {column.key: row.values.get(index) for index, column in mapped.items()}
        nid = _cell_text(values.pop("id"))
        title = " ".join(_cell_text(values.pop("title")).split())
        reasons: list[str] = []
        if not nid:
            reasons.append("ID saknas; skriv ett id som SYS-EKONOMI")
        elif not ID_PATTERN.match(nid):
            reasons.append(f"ID {nid!r} har inte formen SYS-… (versaler, siffror och bindestreck)")
        elif nid in seen:
            reasons.append(f"ID {nid} finns redan på rad {seen[nid]}")
        if not title:
            reasons.append("Namn saknas")
        options: dict[str, str] = {}
        for column in mapped.values():
            if column.key in ("id", "title"):
                continue
            try:
                options[column.field] = option_value(column, values.get(column.key), known_ids)
            except ValueError as err:
                reasons.append(str(err))
        blocks = assets.get(nid, [])
        if nid and ID_PATTERN.match(nid):
            if len(blocks) > 1:
                reasons.append(f"{nid} finns i flera sidor: " + ", ".join(b.path.name for b in blocks))
            elif not blocks and nid in known_ids:
                reasons.append(f"{nid} används redan av något som inte är en informationstillgång")
            elif blocks and blocks[0].yaml_options:
                reasons.append(f"{nid}: fälten står som YAML (---) i {blocks[0].path.name}; skriv dem som :fält: värde")
        if reasons:
            plan.problems.append((row.number, f"{sheet.where(row.number)}: " + "; ".join(reasons)))
            continue
        seen[nid] = row.number
        if blocks:
            block = blocks[0]
            page = pages.setdefault(block.path, PageText.read(block.path))
            lines = texts.setdefault(block.path, page.lines)
            new = updated_lines(lines, block, title, options)
            if new == lines:
                plan.unchanged.append(nid)
                continue
            # later blocks on the same page move if the option count changed
            shift = len(new) - len(lines)
            for other in (b for bl in assets.values() for b in bl if b.path == block.path and b.directive > block.directive):
                other.directive += shift
                other.options = [i + shift for i in other.options]
            texts[block.path] = new
            plan.updated.append(nid)
        else:
            if not folder.is_dir():
                raise ProjectError(f"Mappen {folder} finns inte, så nya tillgångar har ingen plats i webbplatsen.")
            path = folder / f"{nid.lower()}-{slug(title, 'asset')}.md"
            if path.exists() or path in plan.writes:
                plan.problems.append((row.number, f"filen {path.name} finns redan men innehåller inte {nid}"))
                continue
            plan.writes[path] = new_page(nid, title, options)
            plan.created.append(nid)
    for path, lines in texts.items():
        text = pages[path].text(lines)
        if text != pages[path].text():
            plan.writes[path] = text
    return plan


def run(args: argparse.Namespace) -> int:
    project = load_project(args.root)
    path = Path(args.file).resolve()
    with transaction.edit(project.root):
        try:
            sheet = read_sheet(path)
            plan = plan_import(project, sheet)
        except SheetRefused as refused:
            print(safe_text(str(refused)), file=sys.stderr)
            print("Ingenting skrevs.", file=sys.stderr)
            return 1
        return _write_plan(args, project, path, plan)


def _write_plan(args: argparse.Namespace, project: Project, path: Path, plan: Plan) -> int:
    for _number, reason in plan.problems:
        print(f"{path.name}: {safe_text(reason)}.", file=sys.stderr)
    if plan.problems and not args.partial:
        print(
            f"Ingenting skrevs: {len(plan.problems)} {'rad' if len(plan.problems) == 1 else 'rader'} kunde inte "
            "läsas in. Rätta raderna, eller kör med --partial för att skriva de övriga.",
            file=sys.stderr,
        )
        return 1
    writes = [
        transaction.Write(page, text.encode("utf-8"), new=not page.exists()) for page, text in sorted(plan.writes.items())
    ]
    try:
        transaction.commit(project.root, writes, (project.docs,), f"lis import assets {path.name}")
    except OSError as err:
        raise ProjectError(f"{err.filename or project.docs}: kan inte skrivas: {err.strerror or err}. Inget skrevs.") from err
    for label, ids in (("Nya", plan.created), ("Uppdaterade", plan.updated), ("Oförändrade", plan.unchanged)):
        if ids:
            print(f"{label}: {', '.join(ids)}", file=sys.stderr)
    if plan.problems:
        count = len(plan.problems)
        print(f"{count} {'rad' if count == 1 else 'rader'} lästes inte in (se ovan). Kör lis check.", file=sys.stderr)
        return 1
    print("Klart. Kör lis check.", file=sys.stderr)
    return 0
