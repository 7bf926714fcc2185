"""A review as PDF for the nämnd's verksamhetsplan (WeasyPrint).

Cover page, table of contents with page numbers, "Sida X av Y", the text and data
tables as on the site, Swedish hyphenation (``lang="sv"``, ``hyphens: auto``; in a
table cell only of long words), ``UTKAST`` on every page of a draft; PDF/A-3b, tagged,
fonts embedded (DejaVu). Page 1 is the cover, draft or fastställd. A long full list
(``lis-appendix``, over LONG_TABLE_ROWS rows) is printed as an appendix at the end,
with a line in its place saying where; the summary before it stays.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from checks.exporters.pdf import PDF_A, write_pdf
from checks.exporters.review_doc import SUBTITLE, ReviewDocument
from checks.site.review import APPENDIX_END

# Tables longer than this go to an appendix: a reader of the verksamhetsplan reads the summary.
LONG_TABLE_ROWS = 15
_APPENDIX = re.compile(r'<div class="lis-appendix" data-appendix="([^"]*)">(.*?)</div>' + re.escape(APPENDIX_END), re.S)


PRINT_CSS = """
@page {
  size: A4; margin: 22mm 18mm 24mm 20mm;
  @top-left { content: string(doctitle); font-size: 8pt; color: #555; }
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; color: #333; }
}
@page cover { @top-left { content: none; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.4; color: #111; }
body { hyphens: auto; margin: 0; }
h1, h2, h3, h4 { hyphens: manual; break-after: avoid; color: #0b3a5b; line-height: 1.2; }
h1 { font-size: 18pt; string-set: doctitle content(); }
h2 { font-size: 13pt; margin-top: 1.2em; }
h3 { font-size: 11pt; }
p, li { orphans: 2; widows: 2; }
.lis-cover { page: cover; break-after: page; padding-top: 45mm; }
.lis-cover h1 { font-size: 24pt; string-set: none; }
.lis-cover dl { display: grid; grid-template-columns: 38mm auto; row-gap: 2mm; margin-top: 18mm; }
.lis-cover dt { font-weight: bold; }
.lis-cover dd { margin: 0; }
.lis-toc { break-after: page; }
.lis-toc ol { list-style: none; padding: 0; }
.lis-toc li.lvl2 { padding-left: 6mm; font-size: 9pt; }
.lis-toc a { color: #111; text-decoration: none; }
.lis-toc a::after { content: leader('.') target-counter(attr(href), page); }
.lis-pdf-page { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0; font-size: 8.5pt; }
th, td { border: 0.5pt solid #999; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
/* a narrow cell breaks only a long word (Informationssäkerhetssamordnare), never "öp-pen" */
th, td { hyphenate-limit-chars: 12 5 5; }
.lis-unknown { hyphens: manual; }
thead th { background: #e6eef4; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
caption { caption-side: top; text-align: left; font-style: italic; padding-bottom: 1mm; }
.lis-table-wrap, .lis-heatmap-wrap { overflow: visible; }
table.lis-heatmap { width: auto; }
table.lis-heatmap td { width: 30mm; height: 14mm; }
.lis-level-low { background: #cdeccd; } .lis-level-medium { background: #ffe8a3; }
.lis-level-high { background: #f7b9b0; } .lis-level-critical { background: #e8857a; }
.lis-sr { display: none; }
.lis-iso-input, .lis-review-source { font-size: 8.5pt; color: #444; margin: 0.2em 0; }
.lis-iso-input, .lis-review-source { break-after: avoid; }
.lis-draft-banner { font-weight: bold; color: #a00; }
.admonition { border: 0.7pt solid #c90; padding: 2mm 3mm; margin: 0.8em 0; }
.admonition-title, p.admonition-title { font-weight: bold; }
.lis-review-status { border: 0.7pt solid #888; padding: 1mm 3mm; margin: 0.5em 0; font-size: 9pt; }
.lis-legend { font-size: 8pt; }
.lis-swatch { display: none; }
.need { border: 0.5pt solid #bbb; padding: 2mm; margin: 0.5em 0; }
/* an inline reference ({need}`RUT-114`) is text in the line, not a box */
.xref.need { border: none; padding: 0; margin: 0; }
/* the risk matrix and its legend on one page */
.lis-review-heatmap, .lis-heatmap-wrap { break-inside: avoid; }
.lis-appendix-ref { font-style: italic; }
.needs_collapse, .needs-collapse, .needs_meta_closed { display: none; }
.lis-draft-mark { position: fixed; top: 95mm; left: 10mm; width: 150mm; text-align: center;
  transform: rotate(-35deg); font-size: 72pt; font-weight: bold; color: rgba(170, 0, 0, 0.14); }
@page { @top-right { content: string(draft); font-weight: bold; color: #a00; font-size: 10pt; } }
.lis-draft-label { string-set: draft content(); font-size: 0; }
"""


def cover_html(
    organisation: str, title: str, subtitle: str, facts: list[tuple[str, str]], inside: str = ""
) -> str:
    """The cover page: who, what, and the facts (label, value) a reader files it by; ``inside``
    (a draft's marks) goes within it, so it never makes a page of its own."""
    esc = html.escape
    rows = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in facts)
    return (
        f'<section class="lis-cover">{inside}<p>{esc(organisation)}</p><h1>{esc(title)}</h1>'
        f"<p>{esc(subtitle)}</p><dl>{rows}</dl></section>"
    )


def to_html(doc: ReviewDocument) -> str:
    """The whole review as one HTML document for print."""
    esc = html.escape
    bodies, appendices = _appendices([p.body for p in doc.pages])
    toc = []
    for page in doc.pages:
        for level, hid, text in page.headings:
            toc.append(f'<li class="lvl{level}"><a href="#{esc(hid)}">{esc(text)}</a></li>')
    for number, (title, _) in enumerate(appendices, start=1):
        toc.append(f'<li class="lvl1"><a href="#bilaga-{number}">Bilaga {number}: {esc(title)}</a></li>')
    draft = (
        '<div class="lis-draft-label">UTKAST</div><div class="lis-draft-mark" aria-hidden="true">UTKAST</div>'
        if doc.is_draft
        else ""
    )
    pages = "".join(
        f'<div class="lis-pdf-page" id="{esc(p.anchor)}">{body}</div>' for p, body in zip(doc.pages, bodies)
    ) + "".join(
        f'<div class="lis-pdf-page" id="bilaga-{number}"><h1>Bilaga {number}: {esc(title)}</h1>{content}</div>'
        for number, (title, content) in enumerate(appendices, start=1)
    )
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{esc(doc.title)}</title>"
        f'<meta name="author" content="{esc(doc.cover[0][1])}">'
        f"<style>{PRINT_CSS}</style></head><body>"
        # the draft marks inside the cover: before it they would make a page of their own
        + cover_html(doc.cover[0][1], doc.title, SUBTITLE, doc.cover, inside=draft)
        + f'<nav class="lis-toc"><h2>Innehåll</h2><ol>{"".join(toc)}</ol></nav>'
        f"{pages}</body></html>"
    )


def _appendices(bodies: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The pages' bodies with each long full list replaced by a line naming its appendix,
    and the appendices (title, content) in order."""
    found: list[tuple[str, str]] = []

    def move(match: re.Match[str]) -> str:
        title, content = html.unescape(match.group(1)), match.group(2)
        rows = content.count("<tr") - content.count("<thead><tr") + content.count("<li")
        if rows <= LONG_TABLE_ROWS:
            return content
        found.append((title, content))
        return (
            f'<p class="lis-appendix-ref">Hela listan ({rows} rader) finns i bilaga {len(found)}: '
            f"{html.escape(title)}.</p>"
        )

    return [_APPENDIX.sub(move, body) for body in bodies], found


def render_pdf(doc: ReviewDocument, base: Path, root: Path) -> bytes:
    """The review as PDF/A; its pages' images read from ``base`` (the built site) or the project
    at ``root``, nothing else (checks.exporters.pdf)."""
    return write_pdf(to_html(doc), base, root, **PDF_A)
