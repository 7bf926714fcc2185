"""The Statement of Applicability as an Excel workbook: one sheet, one row per Annex A control.

Built with the matrix workbook's conventions (checks.exporters.xlsx): a frozen
header, an autofilter, wrapped text, explicit row heights, one fill per coverage
state, A4 landscape one page wide, fixed document dates and zip times.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from checks.exporters.soa import TITLE
from checks.exporters.xlsx import (
    BORDER,
    HEADER_FILL,
    LINE_HEIGHT,
    WRAP_TOP,
    _coverage_style,
    _fixed_zip,
    _print_setup,
    _put,
    fixed_time,
    font,
    line_count,
)
from checks.soa import COLUMNS, Soa, cells

WIDTHS = (14, 14, 40, 10, 44, 18, 44)


def workbook(soa: Soa) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = TITLE
    for col, (title, width) in enumerate(zip(COLUMNS, WIDTHS), start=1):
        cell = _put(ws, 1, col, title)
        cell.font = font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = WRAP_TOP
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.row_dimensions[1].height = LINE_HEIGHT * max(line_count(t, w) for t, w in zip(COLUMNS, WIDTHS))
    state_col = COLUMNS.index("Införd") + 1
    for r, row in enumerate(soa.rows, start=2):
        texts = cells(row)
        ws.row_dimensions[r].height = LINE_HEIGHT * max(line_count(t, w) for t, w in zip(texts, WIDTHS))
        for col, text in enumerate(texts, start=1):
            cell = _put(ws, r, col, text)
            cell.alignment = WRAP_TOP
            cell.border = BORDER
        _coverage_style(ws.cell(row=r, column=state_col), row.row.coverage)
        if url := row.row.url(soa.site_url):
            cell = ws.cell(row=r, column=1)
            cell.hyperlink = url
            cell.font = font(color="0563C1", underline="single")
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(len(soa.rows) + 1, 2)}"
    ws.print_title_rows = "1:1"
    _print_setup(ws, TITLE)
    when = fixed_time(soa.as_of)
    props: Any = wb.properties
    props.creator = props.lastModifiedBy = "lis"
    props.title = TITLE
    props.language = "sv-SE"
    props.created = props.modified = when
    return wb


def render(soa: Soa) -> bytes:
    buffer = io.BytesIO()
    ExcelWriter(workbook(soa), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _fixed_zip(buffer.getvalue(), fixed_time(soa.as_of))
