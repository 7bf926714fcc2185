"""The Statement of Applicability as csv, md, json, html or xlsx: ``render(fmt, soa) -> bytes``.

The same conventions as the matrix exporters: deterministic bytes (sorted JSON
keys, no timestamps, fixed xlsx metadata), CSV for Swedish Excel (UTF-8 with
BOM, ';', CRLF, no formulas), one self-contained HTML file that opens offline.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from checks.exporters.cells import clean
from checks.exporters.csv_ import excel_csv
from checks.exporters.html import asset, coverage_class, esc
from checks.exporters.md import cell
from checks.soa import COLUMNS, IMPLEMENTED, Soa, SoaRow, cells

FORMAT = "lis-soa"
VERSION = 1
TITLE = "Tillämpningsförklaring"
INTRO = (
    "Uttalande om tillämplighet enligt ISO/IEC 27001:2022 avsnitt 6.1.3 d: alla 93 åtgärder i "
    "bilaga A, om de är tillämpliga och varför, om de är införda och vad som genomför dem. "
    "Åtgärdernas beskrivningar är kontorets egna, inte standardens text."
)


def render_csv(soa: Soa) -> bytes:
    return excel_csv(COLUMNS, (cells(row, "; ") for row in soa.rows))


def render_md(soa: Soa) -> bytes:
    lines = [f"## {TITLE}", "", INTRO, ""]
    lines += ["| Införd | Åtgärder |", "|---|--:|"]
    lines += [f"| {cell(IMPLEMENTED[c])} | {n} |" for c, n in soa.counts().items()]
    lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(v) for v in cells(r, ", ", short=True)) + " |" for r in soa.rows]
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


def soa_table(soa: Soa, link: Callable[[str, str], str | None] = lambda d, i: None) -> str:
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
        out.append(
            f'<tr data-coverage="{esc(r.row.coverage.value)}">'
            f'<th scope="row" class="matris-id">{a(r.id, r.row.docname, r.id)}</th>'
            f"<td>{esc(r.row.ref)}</td><td>{esc(r.row.title)}</td>"
            f"<td>{'Ja' if r.row.applicable else 'Nej'}</td><td>{esc(r.justification)}</td>"
            f'<td class="{coverage_class(r.row.coverage)}">{esc(r.implemented)}</td>'
            f"<td>{implementers}</td></tr>"
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
    base = soa.site_url.rstrip("/")
    link = (lambda d, i: f"{base}/{d}.html#{i}" if d else None) if base else (lambda d, i: None)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{TITLE}</title>",
        f"<style>\nbody {{ font-family: system-ui, sans-serif; margin: 1rem; line-height: 1.4; }}\n{asset('matris.css')}</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{TITLE}</h1>",
        f"<p>{esc(INTRO)}</p>",
        summary_list(soa),
        soa_table(soa, link),
        "</main>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _xlsx(soa: Soa) -> bytes:
    from checks.exporters import soa_xlsx  # openpyxl only when a workbook is written

    return soa_xlsx.render(soa)


FORMATS: dict[str, Callable[[Soa], bytes]] = {
    "xlsx": _xlsx,
    "csv": render_csv,
    "json": render_json,
    "html": render_html,
    "md": render_md,
}


def render(fmt: str, soa: Soa) -> bytes:
    return FORMATS[fmt](soa)


__all__ = ["FORMATS", "clean", "render"]
