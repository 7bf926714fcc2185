"""The matrix as an Excel workbook (openpyxl): a summary sheet first, then the matrix.

*Sammanfattning*: coverage per source (count and share per coverage state), a
total row and what each state means. *Matris*: one row per requirement with a
frozen header and id columns, an autofilter, wrapped text, readable widths, one
fill per coverage state and, when ``[tool.lis] site_url`` is set, each Krav-ID
linked to its page on the published site. Both sheets print on A4 landscape,
one page wide, the matrix with its header repeated on every page.

The bytes depend only on the content: the document properties carry a fixed
date (``content_as_of``, else 2000-01-01) and every zip entry the same time.
"""

from __future__ import annotations

import datetime as dt
import io
import textwrap
import zipfile
from collections.abc import Callable, Hashable, Sequence
from copy import copy
from functools import partial
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from checks.coverage import COVERAGE_ORDER, Coverage
from checks.exporters.cells import cells, clean
from checks.exporters.fixedzip import fixed_time, fixed_zip
from checks.matrix import COLUMNS, Matrix, SourceSummary

TITLE = "Spårbarhetsmatris"

# Excel's own "Bra / Neutral / Dålig" palette, and grey for not applicable.
FILLS = {
    Coverage.FULFILLED: ("C6EFCE", "006100"),
    Coverage.INHERITED: ("DDEBF7", "1F4E79"),
    Coverage.PARTIAL: ("FCE4D6", "833C0B"),
    Coverage.PLANNED: ("FFEB9C", "6B3F00"),
    Coverage.UNTRACED: ("FFC7CE", "9C0006"),
    Coverage.NOT_APPLICABLE: ("E1E4E8", "333A41"),
}
MEANINGS = {
    Coverage.FULFILLED: "En gällande egen rutin (eller en rutin under revidering) eller en utbildning uppfyller kravet.",
    Coverage.INHERITED: "Bara stadens gemensamma styrdokument och funktioner (märkta ärvd) uppfyller kravet; räknas som uppfyllt.",
    Coverage.PARTIAL: "Gällande dokument uppfyller bara en del av kravet (uppfyller delvis).",
    Coverage.PLANNED: "Bara planerade eller pågående aktiviteter arbetar med kravet.",
    Coverage.UNTRACED: "Inget uppfyller kravet: det behöver en rutin, en utbildning eller en aktivitet.",
    Coverage.NOT_APPLICABLE: "Kravet gäller inte kontoret; motiveringen står i matrisen.",
}
# Column widths (in characters) chosen so the matrix prints on A4 landscape at a readable scale.
WIDTHS = (7, 13, 16, 28, 10, 12, 30, 26, 26, 24, 11, 22)
LINE_HEIGHT = 15  # points per line of 11 pt text
HEADER_FILL = PatternFill("solid", fgColor="D9DEE4")
THIN = Side(style="thin", color="A6ADB5")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
# The share columns of the summary: coverage is counted "av tillämpliga krav".
SHARE_OF_APPLICABLE = "andel av tillämpliga krav"
SHARE_OF_ALL = "andel av alla krav"
FONT_NAME = "Calibri"


def font(**style: Any) -> Font:
    """The workbook's font (named, so every program draws the same face)."""
    return Font(name=FONT_NAME, size=style.pop("size", 11), **style)


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean(value)[:32767]  # Excel's limit for one cell
        if text:
            cell.value = text
            cell.data_type = "s"  # never a formula, even for a text starting with '='
    else:
        cell.value = value
    return cell


def line_count(text: str, width: float) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide (an estimate)."""
    # A width counts the digit 0; text fits a little more (LibreOffice with Carlito: 1.05-1.1).
    capacity = max(int(width * 1.05), 1)
    return sum(_wrapped_lines(part, capacity) for part in text.split("\n"))


def _wrapped_lines(part: str, capacity: int) -> int:
    # a part that fits is one line (textwrap only widens tabs): most cells of a matrix fit,
    # and wrapping them all took seconds for 20 000 rows
    if len(part) <= capacity and "\t" not in part:
        return 1
    return max(len(textwrap.wrap(part, capacity)), 1)


class StyleMemo:
    """Each kind of cell styled once through openpyxl, then its style ids copied.

    openpyxl finds every Font, Fill, Border and Alignment it is given in the workbook's
    lists by hashing it; set on each cell of a matrix of 20 000 rows that took most of a
    minute. A cell's style ids depend only on the ids it had and the styles set, so the
    first cell of a kind sets them and the rest copy them: the workbook's lists grow in
    the same order and the file is the same.
    """

    def __init__(self) -> None:
        self._known: dict[tuple[Any, Hashable], StyleArray | None] = {}

    def apply(self, cell: Cell, kind: Hashable, style: Callable[[Cell], None]) -> None:
        key = (tuple(cell._style) if cell._style is not None else None, kind)
        if key in self._known:
            cell._style = copy(self._known[key])
            return
        style(cell)
        self._known[key] = copy(cell._style)


def coverage_style(cell: Cell, state: Coverage) -> None:
    fill, colour = FILLS[state]
    cell.fill = PatternFill("solid", fgColor=fill)
    cell.font = font(bold=True, color=colour)


def _print_setup(ws: Worksheet, title: str = "") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    if title:
        ws.oddHeader.left.text = title
    ws.oddFooter.right.text = "Sida &P av &N"


# ---------------------------------------------------------------- a list sheet: a header row, a row per item
# The matrix sheet and every generic table (checks.exporters.tables) are written with these.


def fit_height(ws: Worksheet, row: int, texts: Sequence[str], widths: Sequence[float]) -> None:
    # An explicit height: neither Excel nor LibreOffice reliably fits wrapped text when it opens a file.
    ws.row_dimensions[row].height = LINE_HEIGHT * max(line_count(t, w) for t, w in zip(texts, widths))


def header_cell(ws: Worksheet, row: int, column: int, title: str) -> Cell:
    cell = _put(ws, row, column, title)
    cell.font = font(bold=True)
    cell.fill = HEADER_FILL
    cell.border = BORDER
    cell.alignment = WRAP_TOP
    return cell


def header_row(ws: Worksheet, titles: Sequence[str], widths: Sequence[float]) -> None:
    """Row 1: bold titles on the header fill, and the column widths."""
    for col, (title, width) in enumerate(zip(titles, widths), start=1):
        header_cell(ws, 1, col, title)
        ws.column_dimensions[get_column_letter(col)].width = width
    fit_height(ws, 1, titles, widths)


def _body_style(cell: Cell, dated: bool = False) -> None:
    cell.alignment = WRAP_TOP
    cell.border = BORDER
    if dated:
        cell.number_format = DATE_FORMAT


def _link_style(cell: Cell) -> None:
    cell.font = font(color="0563C1", underline="single")


def body_cell(
    ws: Worksheet, row: int, column: int, value: Any, styles: StyleMemo | None = None, *, dated: bool = False
) -> Cell:
    """A cell of a list, wrapped at the top with a border (a date in the date format)."""
    cell = _put(ws, row, column, value)
    if styles is None:
        _body_style(cell, dated)
    else:
        styles.apply(cell, ("body", dated), partial(_body_style, dated=dated))
    return cell


def link_cell(cell: Cell, url: str, styles: StyleMemo | None = None) -> None:
    cell.hyperlink = url
    if styles is None:
        _link_style(cell)
    else:
        styles.apply(cell, "link", _link_style)


def finish_list(ws: Worksheet, columns: int, rows: int, freeze: str, title: str) -> None:
    """Frozen panes, an autofilter over every row, the header row on every printed page."""
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(rows + 1, 2)}"
    ws.print_title_rows = "1:1"
    _print_setup(ws, title)


def _summary_sheet(ws: Worksheet, matrix: Matrix) -> None:
    ws.title = "Sammanfattning"
    _put(ws, 1, 1, "Spårbarhetsmatris – täckning per källa").font = font(bold=True, size=14)
    selection = matrix.selection()
    note = f"Urval: {selection}." if selection else "Alla krav i kravkatalogerna (requirements/*.yaml)."
    when = f" Läget per {matrix.checked}." if matrix.checked else ""
    _put(ws, 2, 1, note + when + " Kraven en och en finns på bladet Matris.")
    header = ["Källa", "Titel", "Antal krav"]
    for state in COVERAGE_ORDER:
        header += [state.value, SHARE_OF_ALL if state is Coverage.NOT_APPLICABLE else SHARE_OF_APPLICABLE]
    top = 4
    for col, text in enumerate(header, start=1):
        header_cell(ws, top, col, text)
    for index, state in enumerate(COVERAGE_ORDER):
        for col in (4 + 2 * index, 5 + 2 * index):
            coverage_style(ws.cell(row=top, column=col), state)

    widths = [12, 56, 11] + [11, 8] * len(COVERAGE_ORDER)

    def line(r: int, summary: SourceSummary, name: str, bold: bool = False) -> None:
        values: list[Any] = [name, summary.title if summary.source else "", summary.total]
        for state in COVERAGE_ORDER:
            values += [summary.counts[state], summary.share(state)]
        ws.row_dimensions[r].height = LINE_HEIGHT * line_count(str(values[1]), widths[1])
        for col, value in enumerate(values, start=1):
            cell = body_cell(ws, r, col, value)
            if bold:
                cell.font = font(bold=True)
            if col > 3 and col % 2 == 1:
                cell.number_format = "0%"

    r = top + 1
    for summary in matrix.summary:
        line(r, summary, summary.source or "Utan källa")
        r += 1
    line(r, matrix.total, "Totalt", bold=True)

    r += 2
    _put(ws, r, 1, "Täckning betyder").font = font(bold=True)
    for state in COVERAGE_ORDER:
        r += 1
        coverage_style(_put(ws, r, 1, state.value), state)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=len(header))
        _put(ws, r, 2, MEANINGS[state]).alignment = WRAP_TOP

    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    _print_setup(ws)


def _matrix_sheet(ws: Worksheet, matrix: Matrix) -> None:
    header_row(ws, COLUMNS, WIDTHS)
    coverage_col = COLUMNS.index("Täckning") + 1
    id_col = COLUMNS.index("Krav-ID") + 1
    date_col = COLUMNS.index("Senast granskad") + 1
    styles = StyleMemo()
    for r, row in enumerate(matrix.rows, start=2):
        texts = cells(row)
        fit_height(ws, r, texts, WIDTHS)
        for col, text in enumerate(texts, start=1):
            value: Any = text
            if col == date_col and text:
                try:
                    value = dt.date.fromisoformat(text)
                except ValueError:
                    pass
            body_cell(ws, r, col, value, styles, dated=col == date_col and not isinstance(value, str))
        state = row.coverage
        styles.apply(ws.cell(row=r, column=coverage_col), ("coverage", state), partial(coverage_style, state=state))
        if url := row.url(matrix.site_url):
            link_cell(ws.cell(row=r, column=id_col), url, styles)
    # the header row and the Källa and Krav-ID columns stay in view
    finish_list(ws, len(COLUMNS), len(matrix.rows), "C2", TITLE)


def save(wb: Workbook, title: str, as_of: str) -> bytes:
    """The workbook's bytes: fixed document properties and zip times, so equal content gives equal bytes."""
    when = fixed_time(as_of)
    props: Any = wb.properties
    props.creator = props.lastModifiedBy = "lis"
    props.title = title
    props.language = "sv-SE"
    props.created = props.modified = when
    buffer = io.BytesIO()
    # ExcelWriter rather than Workbook.save: save() stamps 'modified' with the current time.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return fixed_zip(buffer.getvalue(), when)


def render(matrix: Matrix) -> bytes:
    wb = Workbook()
    _summary_sheet(wb.active, matrix)
    _matrix_sheet(wb.create_sheet("Matris"), matrix)
    return save(wb, TITLE, matrix.as_of)
