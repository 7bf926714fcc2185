"""The asset register and the registerförteckning (checks.register.Table) in every export format.

The same guarantees as the matrix: the same content gives the same bytes (the
xlsx carries ``content_as_of`` as its date, the zip entries one fixed time),
Swedish headers, CSV for Swedish Excel (UTF-8 with BOM, ';', CRLF, no cell read
as a formula). A value the pages do not give is an empty cell in the asset
register (so the sheet can be imported back, ``lis import assets``) and the
table's ``missing`` text (*Uppgift saknas*) in the registerförteckning.
"""

from __future__ import annotations

import html
import io
import json
from collections.abc import Callable
from typing import Any

from checks.exporters.cells import clean
from checks.exporters.csv_ import excel_csv
from checks.register import Table, Value

# KLASSA level 0–4 as a heat colour (light to dark), shared with the site's heat strip.
LEVEL_FILLS = {0: "E8F1E4", 1: "FFF2CC", 2: "FCD9B6", 3: "F4B183", 4: "E06666"}


def _shown(value: Value, table: Table) -> str:
    return table.missing if value is None else clean(str(value))


# ---------------------------------------------------------------- csv


def render_csv(table: Table) -> bytes:
    return excel_csv(table.titles, ([_shown(v, table) for v in row] for row in table.rows))


# ---------------------------------------------------------------- json


def render_json(table: Table) -> bytes:
    """``{"format": name, "version": 1, "columns": [{"key", "title"}], "rows": [{key: value}]}``; unknown is null."""
    doc = {
        "format": table.name,
        "version": 1,
        "title": table.title,
        "columns": [{"key": c.key, "title": c.title} for c in table.columns],
        "rows": [{c.key: v for c, v in zip(table.columns, row)} for row in table.rows],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


# ---------------------------------------------------------------- markdown


def _md_cell(text: str) -> str:
    text = clean(text).replace("\n", " ")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").strip()


def render_md(table: Table) -> bytes:
    lines = [f"## {table.title}", "", _md_cell(table.note), ""]
    if not table.rows:
        lines.append("Inga poster.")
    else:
        lines.append("| " + " | ".join(_md_cell(t) for t in table.titles) + " |")
        lines.append("|" + "---|" * len(table.columns))
        for row in table.rows:
            lines.append("| " + " | ".join(_md_cell(_shown(v, table) or "–") for v in row) + " |")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- html

_CSS = """
body { font-family: system-ui, sans-serif; margin: 1rem; line-height: 1.4; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { border: 1px solid #a6adb5; padding: 0.25rem 0.4rem; vertical-align: top; text-align: left; }
thead th { background: #d9dee4; }
.missing { color: #6b4500; font-style: italic; }
""" + "".join(f".level-{n} {{ background: #{fill}; text-align: center; }}\n" for n, fill in LEVEL_FILLS.items())


def table_html(table: Table) -> str:
    """The table element (with an empty cell marked as unknown)."""
    level_cols = {i for i, c in enumerate(table.columns) if c.key in table.level_keys}
    out = [
        f'<div class="wrap" role="region" aria-label="{html.escape(table.title)}" tabindex="0"><table>',
        f"<caption>{html.escape(table.title)}: {len(table.rows)} st.</caption><thead><tr>",
        *(f'<th scope="col">{html.escape(t)}</th>' for t in table.titles),
        "</tr></thead><tbody>",
    ]
    for row in table.rows:
        cells = []
        for i, value in enumerate(row):
            tag = "th scope=\"row\"" if i == 0 else "td"
            end = "th" if i == 0 else "td"
            if value is None:
                cells.append(f'<{tag} class="missing">{html.escape(table.missing or "okänt")}</{end}>')
            elif i in level_cols:
                cells.append(f'<{tag} class="level-{value}">{value}</{end}>')
            else:
                cells.append(f"<{tag}>{html.escape(clean(str(value)))}</{end}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def render_html(table: Table) -> bytes:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(table.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{html.escape(table.title)}</h1>",
        f"<p>{html.escape(table.note)}</p>",
        table_html(table),
        "</main></body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


# ---------------------------------------------------------------- xlsx


def render_xlsx(table: Table) -> bytes:
    # openpyxl only when a workbook is written (see checks.exporters)
    import zipfile

    from openpyxl import Workbook
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    from checks.exporters.xlsx import (
        BORDER,
        HEADER_FILL,
        LINE_HEIGHT,
        WRAP_TOP,
        _fixed_zip,
        _print_setup,
        _put,
        fixed_time,
        font,
        line_count,
    )

    wb = Workbook()
    ws = wb.active
    ws.title = table.sheet
    widths = [c.width for c in table.columns]
    for col, column in enumerate(table.columns, start=1):
        cell = _put(ws, 1, col, column.title)
        cell.font = font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = WRAP_TOP
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[1].height = LINE_HEIGHT * max(line_count(t, w) for t, w in zip(table.titles, widths))
    for r, row in enumerate(table.rows, start=2):
        texts = [_shown(v, table) for v in row]
        ws.row_dimensions[r].height = LINE_HEIGHT * max(line_count(t, w) for t, w in zip(texts, widths))
        for col, (column, value) in enumerate(zip(table.columns, row), start=1):
            # levels and months are numbers; dates stay text (ÅÅÅÅ-MM-DD reads the same back in)
            written: Any = value if isinstance(value, int) else _shown(value, table)
            cell = _put(ws, r, col, written)
            cell.alignment = WRAP_TOP
            cell.border = BORDER
            if column.key in table.level_keys and isinstance(value, int) and value in LEVEL_FILLS:
                cell.fill = PatternFill("solid", fgColor=LEVEL_FILLS[value])
    ws.freeze_panes = "C2"  # header, ID and name stay in view
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(len(table.rows) + 1, 2)}"
    ws.print_title_rows = "1:1"
    _print_setup(ws, table.title)

    when = fixed_time(table.as_of)
    props = wb.properties
    props.creator = props.lastModifiedBy = "lis"
    props.title = table.title
    props.language = "sv-SE"
    props.created = props.modified = when
    buffer = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _fixed_zip(buffer.getvalue(), when)


TABLE_FORMATS: dict[str, Callable[[Table], bytes]] = {
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
    "md": render_md,
}


def render_table(fmt: str, table: Table) -> bytes:
    return TABLE_FORMATS[fmt](table)
