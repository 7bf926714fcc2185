"""A table (checks.table.Table) in every export format: the asset register, the
registerförteckning and the Statement of Applicability are written through here.

The same guarantees as the matrix: the same content gives the same bytes (the
xlsx carries ``content_as_of`` as its date, the zip entries one fixed time),
Swedish headers, CSV for Swedish Excel (UTF-8 with BOM, ';', CRLF, no cell read
as a formula). A value the pages do not give is an empty cell in the asset
register (so the sheet can be imported back, ``lis import assets``) and the
table's ``missing`` text (*Uppgift saknas*) in the registerförteckning.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from checks.exporters.cells import clean
from checks.exporters.csv_ import excel_csv
from checks.exporters.html import esc, page_head
from checks.exporters.md import cell, table_lines
from checks.table import Table, Value

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


def render_md(table: Table) -> bytes:
    lines = [f"## {table.title}", "", cell(table.note), ""]
    if not table.rows:
        lines.append("Inga poster.")
    else:
        lines += table_lines(table.titles, ([_shown(v, table) or "–" for v in row] for row in table.rows))
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- html

_CSS = """\
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
        f'<div class="wrap" role="region" aria-label="{esc(table.title)}" tabindex="0"><table>',
        f"<caption>{esc(table.title)}: {len(table.rows)} st.</caption><thead><tr>",
        *(f'<th scope="col">{esc(t)}</th>' for t in table.titles),
        "</tr></thead><tbody>",
    ]
    for row in table.rows:
        cells = []
        for i, value in enumerate(row):
            tag = "th scope=\"row\"" if i == 0 else "td"
            end = "th" if i == 0 else "td"
            if value is None:
                cells.append(f'<{tag} class="missing">{esc(table.missing or "okänt")}</{end}>')
            elif i in level_cols:
                cells.append(f'<{tag} class="level-{value}">{value}</{end}>')
            else:
                cells.append(f"<{tag}>{esc(value)}</{end}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return "".join(out)


def render_html(table: Table) -> bytes:
    parts = [
        *page_head(table.title, _CSS),
        "<body><main>",
        f"<h1>{esc(table.title)}</h1>",
        f"<p>{esc(table.note)}</p>",
        table_html(table),
        "</main></body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


# ---------------------------------------------------------------- xlsx


def render_xlsx(table: Table) -> bytes:
    # openpyxl only when a workbook is written (see checks.exporters)
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    from checks.exporters.xlsx import (
        StyleMemo,
        body_cell,
        coverage_style,
        finish_list,
        fit_height,
        header_row,
        link_cell,
        save,
    )

    wb = Workbook()
    ws = wb.active
    ws.title = table.sheet
    widths = [c.width for c in table.columns]
    header_row(ws, table.titles, widths)
    coverage_col = [c.key for c in table.columns].index(table.coverage_key) + 1 if table.coverage_key else 0
    styles = StyleMemo()
    for r, row in enumerate(table.rows, start=2):
        fit_height(ws, r, [_shown(v, table) for v in row], widths)
        for col, (column, value) in enumerate(zip(table.columns, row), start=1):
            # levels and months are numbers; dates stay text (ÅÅÅÅ-MM-DD reads the same back in)
            written: Any = value if isinstance(value, int) else _shown(value, table)
            cell = body_cell(ws, r, col, written, styles)
            if column.key in table.level_keys and isinstance(value, int) and value in LEVEL_FILLS:
                cell.fill = PatternFill("solid", fgColor=LEVEL_FILLS[value])
        if coverage_col:
            state = table.coverage[r - 2]
            styles.apply(ws.cell(row=r, column=coverage_col), ("coverage", state), lambda c: coverage_style(c, state))
        if table.links and table.links[r - 2]:
            link_cell(ws.cell(row=r, column=1), table.links[r - 2], styles)
    finish_list(ws, len(table.columns), len(table.rows), table.freeze, table.title)
    return save(wb, table.title, table.as_of)


TABLE_FORMATS: dict[str, Callable[[Table], bytes]] = {
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
    "md": render_md,
}


def render_table(fmt: str, table: Table) -> bytes:
    return TABLE_FORMATS[fmt](table)
