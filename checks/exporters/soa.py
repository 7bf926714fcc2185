"""The Statement of Applicability as csv, md, json, html or xlsx: ``render(fmt, soa) -> bytes``.

The same conventions as the matrix exporters: deterministic bytes (sorted JSON
keys, no timestamps, fixed xlsx metadata), CSV for Swedish Excel (UTF-8 with
BOM, ';', CRLF, no formulas), one self-contained HTML file that opens offline.
The csv and the xlsx are the generic table's (checks.exporters.tables); the
Markdown and the HTML add the count per implementation state and, in HTML,
links and coverage colours; the JSON keeps its own documented shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from checks.exporters.cells import clean
from checks.exporters.html import CSS_FILE, Linker, asset, coverage_class, esc, no_links, page_head, site_linker
from checks.exporters.md import cell, table_lines
from checks.exporters.tables import render_csv as table_csv
from checks.exporters.tables import render_xlsx as table_xlsx
from checks.soa import COLUMNS, IMPLEMENTED, Soa, SoaRow, cells
from checks.table import Column, Table

FORMAT = "lis-soa"
VERSION = 1
TITLE = "Tillämpningsförklaring"
INTRO = (
    "Uttalande om tillämplighet enligt ISO/IEC 27001:2022 avsnitt 6.1.3 d: alla 93 åtgärder i "
    "bilaga A, om de är tillämpliga och varför, om de är införda och vad som genomför dem. "
    "Åtgärdernas beskrivningar är kontorets egna, inte standardens text."
)
# The sheet's columns: COLUMNS with the keys of the JSON and widths in characters.
SHEET_COLUMNS = tuple(
    Column(title, key, width)
    for title, key, width in zip(
        COLUMNS,
        ("id", "ref", "title", "applicable", "justification", "implemented", "implemented_by"),
        (14, 14, 40, 10, 44, 18, 44),
    )
)


def soa_sheet(soa: Soa, joiner: str) -> Table:
    """The SoA as a generic table, the implementers of a control joined by ``joiner``."""
    return Table(
        name=FORMAT,
        title=TITLE,
        sheet=TITLE,
        columns=SHEET_COLUMNS,
        rows=tuple(tuple(cells(r, joiner)) for r in soa.rows),
        as_of=soa.as_of,
        note=INTRO,
        freeze="B2",  # the header row and the control's id stay in view
        links=tuple(r.row.url(soa.site_url) for r in soa.rows),
        coverage=tuple(r.row.coverage for r in soa.rows),
        coverage_key="implemented",
    )


def render_csv(soa: Soa) -> bytes:
    return table_csv(soa_sheet(soa, "; "))


def render_xlsx(soa: Soa) -> bytes:
    return table_xlsx(soa_sheet(soa, "\n"))


def render_md(soa: Soa) -> bytes:
    lines = [f"## {TITLE}", "", INTRO, ""]
    lines += ["| Införd | Åtgärder |", "|---|--:|"]
    lines += [f"| {cell(IMPLEMENTED[c])} | {n} |" for c, n in soa.counts().items()]
    lines += ["", *table_lines(COLUMNS, (cells(r, ", ", short=True) for r in soa.rows))]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _json_row(row: SoaRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "ref": row.row.ref,
        "title": row.row.title,
        "applicable": row.row.applicable,
        "justification": row.justification,
        "risks": list(row.risks),
        "related_requirements": list(row.derived),
        "coverage": row.row.coverage.value,
        "implemented": row.implemented,
        "implemented_by": [
            {"id": n.id, "type": n.type, "title": n.title, "status": n.status or None, "counts": n.counts,
             "partial": n.partial, "inherited": n.inherited}
            for n in row.implementers()
        ],
    }


def render_json(soa: Soa) -> bytes:
    """``{"format": "lis-soa", "version": 1, "counts": {coverage: n}, "controls": [...]}``."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "counts": {c.value: n for c, n in soa.counts().items()},
        "controls": [_json_row(r) for r in soa.rows],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def soa_table(soa: Soa, link: Linker = no_links) -> str:
    """The SoA as one HTML table (the site page and the HTML file)."""
    out = [
        '<div class="matris-wrap" role="region" aria-labelledby="soa-caption" tabindex="0">',
        '<table class="matris-table matris-rows soa-table">',
        f'<caption id="soa-caption">{esc(TITLE)}: {len(soa.rows)} åtgärder i bilaga A</caption>',
        "<thead><tr>" + "".join(f'<th scope="col">{esc(c)}</th>' for c in COLUMNS) + "</tr></thead>",
        "<tbody>",
    ]
    for r in soa.rows:
        def a(need_id: str, docname: str, text: str) -> str:
            href = link(docname, need_id)
            return f'<a class="reference internal" href="{esc(href)}">{esc(text)}</a>' if href else esc(text)

        implementers = "<br>".join(
            a(n.id, n.docname, n.id) + (f" {esc(n.title)}" if n.title else "")
            + (f' <span class="matris-muted">({esc(", ".join(n.notes()))})</span>' if n.notes() else "")
            + (' <span class="matris-muted">(delvis)</span>' if n.partial and n.type != "activity" else "")
            for n in r.implementers()
        )
        # data-label: on a phone a row is a card, each value named by its column
        label = [f' data-label="{esc(c)}"' for c in COLUMNS]
        out.append(
            f'<tr data-coverage="{esc(r.row.coverage.value)}">'
            f'<th scope="row" class="matris-id"{label[0]}>{a(r.id, r.row.docname, r.id)}</th>'
            f"<td{label[1]}>{esc(r.row.ref)}</td><td{label[2]}>{esc(r.row.title)}</td>"
            f"<td{label[3]}>{'Ja' if r.row.applicable else 'Nej'}</td><td{label[4]}>{esc(r.justification)}</td>"
            f'<td class="{coverage_class(r.row.coverage)}"{label[5]}>{esc(r.implemented)}</td>'
            f"<td{label[6]}>{implementers}</td></tr>"
        )
    out.append("</tbody></table></div>")
    return "\n".join(out)


def summary_list(soa: Soa) -> str:
    items = "".join(
        f'<li><span class="{coverage_class(c)}">{esc(IMPLEMENTED[c])}</span>: {n}</li>'
        for c, n in soa.counts().items()
        if n
    )
    return f'<ul class="soa-summary">{items}</ul>'


def render_html(soa: Soa) -> bytes:
    parts = [
        *page_head(TITLE, asset(CSS_FILE)),
        "<body>",
        "<main>",
        f"<h1>{TITLE}</h1>",
        f"<p>{esc(INTRO)}</p>",
        summary_list(soa),
        soa_table(soa, site_linker(soa.site_url)),
        "</main>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


FORMATS: dict[str, Callable[[Soa], bytes]] = {
    "xlsx": render_xlsx,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
    "md": render_md,
}


def render(fmt: str, soa: Soa) -> bytes:
    return FORMATS[fmt](soa)


__all__ = ["FORMATS", "clean", "render"]
