"""The matrix as HTML: the table fragments of the site page and a self-contained file.

The same markup serves both: the site page (checks.sphinxext.matrix_page) places the
fragments in a Sphinx page and loads ``static/matris.css`` and ``matris.js``;
:func:`render` inlines both into one file that opens anywhere, with no network.
The table is complete without the script: the filter controls are ``hidden``
until ``matris.js`` shows them.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path

from checks.coverage import COVERAGE_ORDER, Coverage
from checks.evidence import EvidenceStatus
from checks.exporters.cells import clean, yes_no
from checks.matrix import COLUMNS, Linked, Matrix, MatrixRow, SourceSummary

STATIC = Path(__file__).parent / "static"
CSS_FILE = "matris.css"
JS_FILE = "matris.js"

# (docname, need id) -> href, or None when the need cannot be linked.
Linker = Callable[[str, str], "str | None"]


def no_links(docname: str, need_id: str) -> None:
    return None


def site_linker(site_url: str) -> Linker:
    """Links to the published site, ``<site_url>/<docname>.html#<ID>``; none without a URL."""
    if not site_url:
        return no_links
    base = site_url.rstrip("/")
    return lambda docname, need_id: f"{base}/{docname}.html#{need_id}" if docname else None


def esc(value: object) -> str:
    return html.escape(clean(str(value)), quote=True)


def coverage_class(state: Coverage) -> str:
    return f"matris-cov matris-cov-{state.name.lower()}"


def evidence_class(status: EvidenceStatus | None) -> str:
    """A class per place on the evidence axis ('' when not assessed)."""
    return f"matris-bel matris-bel-{status.state.name.lower()}" if status else ""


def _link(href: str | None, text: str, title: str = "") -> str:
    if not href:
        return esc(text)
    hover = f' title="{esc(title)}"' if title else ""
    return f'<a class="reference internal" href="{esc(href)}"{hover}>{esc(text)}</a>'


def _linked(items: Sequence[Linked], link: Linker) -> str:
    parts = []
    for item in items:
        text = _link(link(item.docname, item.id), item.id)
        if item.title:
            text += f" {esc(item.title)}"
        if notes := item.notes():
            text += f' <span class="matris-muted">({esc(", ".join(notes))})</span>'
        parts.append(text)
    return "<br>".join(parts)


def percent(share: float) -> str:
    return f"{round(share * 100)}&nbsp;%"


def summary_table(matrix: Matrix, caption: str = "Täckning per källa") -> str:
    """Counts per coverage state for each source, with a total row.

    The per cent beside a count is of the source's applicable requirements, the
    one definition of coverage on every page ("av tillämpliga krav").
    """
    head = "".join(
        f'<th scope="col" class="{coverage_class(c)}">{esc(c.value)}</th>' for c in COVERAGE_ORDER
    )
    caption_text = f"{caption} (andel av tillämpliga krav)"
    out = [
        # a scroll box on a phone: reachable by keyboard and named for screen readers
        f'<div class="matris-wrap" role="region" aria-label="{esc(caption)}" tabindex="0">',
        '<table class="matris-table matris-summary">',
        f"<caption>{esc(caption_text)}</caption>",
        f'<thead><tr><th scope="col">Källa</th><th scope="col">Krav</th>{head}</tr></thead>',
        "<tbody>",
    ]

    def count(s: SourceSummary, c: Coverage) -> str:
        if c is Coverage.NOT_APPLICABLE:
            return str(s.counts[c])
        return f"{s.counts[c]} ({percent(s.share(c))})"

    def line(s: SourceSummary, name: str, tag: str = "th") -> str:
        cells = "".join(
            f'<td class="matris-num" data-label="{esc(c.value)}">{count(s, c)}</td>' for c in COVERAGE_ORDER
        )
        return (
            f'<tr><{tag} scope="row">{name}</{tag}>'
            f'<td class="matris-num" data-label="Krav">{s.total}</td>{cells}</tr>'
        )

    for s in matrix.summary:
        name = esc(s.source) + (f' <span class="matris-muted">{esc(s.title)}</span>' if s.title != s.source else "")
        out.append(line(s, name))
    out.append("</tbody>")
    if len(matrix.summary) > 1:
        out.append(f"<tfoot>{line(matrix.total, 'Totalt')}</tfoot>")
    out.append("</table></div>")
    return "".join(out)


def _row(row: MatrixRow, link: Linker) -> str:
    req_href = row.external_url or link(row.docname, row.id)
    values = [
        ("td", "", esc(row.source)),
        ("th", "matris-id", _link(req_href, row.id)),
        ("td", "", esc(row.ref)),
        ("td", "", esc(row.title)),
        ("td", "", yes_no(row.applicable)),
        ("td", coverage_class(row.coverage), esc(row.coverage.value)),
        ("td", evidence_class(row.evidence), esc(row.evidence_state)),
        ("td", "", _linked(row.fulfilled_by, link)),
        ("td", "", _linked(row.partly_fulfilled_by, link)),
        ("td", "", _linked(row.activities, link)),
        ("td", "", "<br>".join(esc(o) for o in row.owners)),
        ("td", "matris-id", esc(row.last_reviewed)),
        ("td", "", esc(row.justification)),
    ]
    cells = []
    # data-label: the column's name, shown before the value when a row is a card (phones)
    for (tag, cls, value), column in zip(values, COLUMNS):
        attrs = ' scope="row"' if tag == "th" else ""
        attrs += f' class="{cls}"' if cls else ""
        empty = "" if value else " data-empty"
        cells.append(f'<{tag}{attrs} data-label="{esc(column)}"{empty}>{value}</{tag}>')
    return (
        f'<tr data-coverage="{esc(row.coverage.value)}" data-source="{esc(row.source)}">' + "".join(cells) + "</tr>"
    )


def matrix_table(matrix: Matrix, link: Linker = no_links, ident: str = "matris") -> str:
    """The filter controls and the table of every listed requirement."""
    sources = [s.source for s in matrix.summary if s.source]
    coverage_options = "".join(f'<option value="{esc(c.value)}">{esc(c.value)}</option>' for c in COVERAGE_ORDER)
    source_options = "".join(f'<option value="{esc(s)}">{esc(s)}</option>' for s in sources)
    count = len(matrix.rows)
    caption = f"Spårbarhetsmatris: {count} krav" if count != 1 else "Spårbarhetsmatris: 1 krav"
    if selection := matrix.selection():
        caption += f" ({selection})"
    out = [
        f'<div class="matris" data-matris id="{ident}">',
        '<form class="matris-filter" role="search" aria-label="Filtrera matrisen" hidden>',
        f'<label for="{ident}-q">Sök i tabellen<input type="search" id="{ident}-q" name="q" autocomplete="off"></label>',
        (
            f'<label for="{ident}-cov">Täckning<select id="{ident}-cov" name="coverage">'
            f'<option value="">Alla</option>{coverage_options}</select></label>'
        ),
    ]
    if len(sources) > 1:
        out.append(
            f'<label for="{ident}-src">Källa<select id="{ident}-src" name="source">'
            f'<option value="">Alla</option>{source_options}</select></label>'
        )
    out += [
        "</form>",
        '<p class="matris-count" aria-live="polite" hidden></p>',
        f'<div class="matris-wrap matris-rows-wrap" role="region" aria-labelledby="{ident}-caption" tabindex="0">',
        '<table class="matris-table matris-rows">',
        f'<caption id="{ident}-caption">{esc(caption)}</caption>',
        "<thead><tr>"
        + "".join(f'<th scope="col" class="matris-col-{i + 1}">{esc(c)}</th>' for i, c in enumerate(COLUMNS))
        + "</tr></thead>",
        "<tbody>",
    ]
    out += [_row(r, link) for r in matrix.rows]
    out.append("</tbody></table></div></div>")
    return "\n".join(out)


def asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


BODY_CSS = "body { font-family: system-ui, sans-serif; margin: 1rem; line-height: 1.4; }"


def page_head(title: str, css: str) -> list[str]:
    """The lines of a self-contained page up to ``</head>``, its styles inline (it opens with no network)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="sv">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{BODY_CSS}\n{css}</style>",
        "</head>",
    ]


def render(matrix: Matrix) -> bytes:
    """One self-contained HTML file: styles and script inline, links to the site if known."""
    link = site_linker(matrix.site_url)
    parts = [
        *page_head("Spårbarhetsmatris", asset(CSS_FILE)),
        "<body>",
        "<main>",
        "<h1>Spårbarhetsmatris</h1>",
        (
            "<p>En rad per krav: vilka rutiner, utbildningar och aktiviteter som uppfyller kravet. "
            "<em>uppfylld</em> betyder att en gällande egen rutin eller en utbildning uppfyller kravet, "
            "<em>ärvd</em> att bara stadens gemensamma funktioner gör det, <em>delvis</em> att gällande "
            "dokument bara uppfyller en del av det, <em>planerad</em> att bara öppna aktiviteter arbetar "
            "med det och <em>ospårad</em> att inget gör det. Andelarna räknas av tillämpliga krav.</p>"
        ),
    ]
    if selection := matrix.selection():
        parts.append(f"<p>Urval: {esc(selection)}.</p>")
    parts += [
        summary_table(matrix),
        "<h2>Krav</h2>",
        matrix_table(matrix, link),
        "</main>",
        f"<script>\n{asset(JS_FILE)}</script>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")
