"""The Statement of Applicability as a printable document and as PDF (``lis export soa --format pdf``).

The same print pipeline as the review (:mod:`checks.exporters.review_pdf`): a
cover with the office, the date and the version, PDF/A-3b with tags and embedded
fonts. The table pages are A4 landscape, one row per Annex A control with its
*Införd* value and its place on the evidence axis, the header row repeated on
every page. The site's printable page (*Tillämpningsförklaring, utskrift*) is
this document's HTML, so the page and the PDF cannot differ.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from checks.exporters.html import esc
from checks.exporters.pdf import PDF_A, write_pdf
from checks.exporters.review_pdf import PRINT_CSS, cover_html
from checks.exporters.soa import INTRO, TITLE, soa_table
from checks.project import Project
from checks.review.model import UNKNOWN
from checks.settings import Settings
from checks.soa import Soa

SUBTITLE = "Uttalande om tillämplighet enligt ISO/IEC 27001:2022 avsnitt 6.1.3 d"
EVIDENCE_NOTE = (
    "Införd säger vad innehållet visar: Ja när en gällande rutin eller utbildning uppfyller åtgärden och ett "
    "aktuellt belägg visar att den fungerar (eller inget belägg krävs); Ja, utan belägg när det inte finns något "
    "aktuellt belägg; Delvis när gällande dokument bara uppfyller en del; Nej, planerad när bara planerade "
    "aktiviteter arbetar med den; Nej när inget gör det. Kolumnen Belägg visar aktuellt, inaktuellt (utgånget "
    "eller utan känt datum), saknas eller krävs ej."
)
SOA_PRINT_CSS = """
@page soa-table { size: A4 landscape; margin: 14mm 12mm 16mm 12mm; }
.lis-soa-table { page: soa-table; break-before: page; }
.lis-soa-table table { font-size: 7.5pt; }
.lis-soa-table th, .lis-soa-table td { padding: 1mm 1.5mm; hyphens: manual; }
.lis-soa-table .matris-id, .lis-soa-table .matris-bel { white-space: nowrap; }
.lis-soa-table td { overflow-wrap: break-word; }
.lis-soa-table .matris-muted { color: #555; }
.lis-soa-summary li { margin: 0.1em 0; }
.matris-bel-stale, .matris-bel-missing { font-weight: bold; color: #9c0006; }
"""


def version_of(root: Path) -> str:
    """The content's version: the git commit it was exported from, with its date ('' when unknown)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%h %cs"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    parts = out.stdout.split()
    if out.returncode != 0 or len(parts) != 2:
        return ""
    dirty = subprocess.run(
        ["git", "-C", str(root), "status", "--porcelain", "--", "docs", "requirements"],
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    ).stdout.strip()
    text = f"git {parts[0]} ({parts[1]})"
    return text + ", med ändringar som inte är incheckade" if dirty else text


def cover_facts(soa: Soa, settings: Settings, root: Path, today: dt.date) -> list[tuple[str, str]]:
    """The cover's facts; what is not known reads 'uppgift saknas', never a guess."""
    return [
        ("Förvaltning", settings.office or UNKNOWN),
        ("Nämnd", settings.board or UNKNOWN),
        ("Datum", today.isoformat()),
        ("Version", version_of(root) or UNKNOWN),
        ("Åtgärder", f"{len(soa.rows)} i bilaga A till ISO/IEC 27001:2022"),
    ]


def summary_html(soa: Soa) -> str:
    items = "".join(f"<li>{esc(text)}: {n}</li>" for text, _, n in soa.implemented_counts())
    return f'<ul class="lis-soa-summary">{items}</ul>'


def to_html(soa: Soa, facts: list[tuple[str, str]]) -> str:
    """The SoA as one HTML document for print: cover, introduction and counts, the table."""
    organisation = facts[0][1]
    return (
        '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
        f"<title>{esc(TITLE)}</title>"
        f'<meta name="author" content="{esc(organisation)}">'
        f"<style>{PRINT_CSS}{SOA_PRINT_CSS}</style></head><body>"
        + cover_html(organisation, TITLE, SUBTITLE, facts)
        + f"<section><h2>Om tillämpningsförklaringen</h2><p>{esc(INTRO)}</p><p>{esc(EVIDENCE_NOTE)}</p>"
        + f"<h3>Införd</h3>{summary_html(soa)}</section>"
        + f'<section class="lis-soa-table">{soa_table(soa)}</section>'
        + "</body></html>"
    )


def render_pdf(soa: Soa, project: Project, today: dt.date) -> bytes:
    """The SoA as PDF/A; its text is escaped data, so the project-only fetcher has nothing to refuse
    unless lis's own print styles name a file (checks.exporters.pdf raises ResourcesRefused then)."""
    markup = to_html(soa, cover_facts(soa, project.settings, project.root, today))
    return write_pdf(markup, project.root, project.root, **PDF_A)
