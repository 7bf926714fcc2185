"""One review as one document: its pages from the site's HTML, in reading order.

``lis export review`` builds the site (the gate's own Sphinx run), then takes
the review's start page and the pages of its table of contents from the HTML, so
the PDF and the Markdown show exactly what the site shows: the text and the
data sections as rendered (from the snapshot when the review is fastställd).
Navigation, permalink marks and links are removed (a link becomes its text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.errors import ProjectError
from checks.review import model

# What every format of the review says the same way (PDF, Markdown, Word).
SUBTITLE = "Ledningens genomgång enligt ISO/IEC 27001 kapitel 9.3"
DRAFT_NOTE = "UTKAST – inte fastställt"

_ARTICLE = re.compile(r'<article role="main"[^>]*>(.*?)</article>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TOCTREE = re.compile(r'<div class="toctree-wrapper compound">.*?</div>', re.S)
_TOC_LINK = re.compile(r'<li class="toctree-l1"><a class="reference internal" href="([^"#]+)"')
_LINK = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
_SECTION = re.compile(r'<section id="([^"]+)">\s*(?:<span id="[^"]*"></span>)?\s*<h([12])>(.*?)</h\2>', re.S)
_ID = re.compile(r'\bid="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style|button)\b.*?</\1>", re.S)


@dataclass
class Page:
    docname: str
    anchor: str  # prefix of its ids in the one document
    body: str  # HTML
    headings: list[tuple[int, str, str]]  # (level, id, text)


@dataclass
class ReviewDocument:
    review: dict[str, Any]
    cover: list[tuple[str, str]]  # (label, value)
    pages: list[Page]

    @property
    def is_draft(self) -> bool:
        return not model.is_adopted(self.review)

    @property
    def title(self) -> str:
        return str(self.review.get("title") or self.review["id"])


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", _TAGS.sub("", fragment)).strip()


def _page(html_dir: Path, docname: str, number: int, strip_toctree: bool) -> Page:
    path = html_dir / f"{docname}.html"
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        raise ProjectError(f"{path}: sidan byggdes inte: {err}") from err
    match = _ARTICLE.search(source)
    body = match.group(1) if match else ""
    body = _SCRIPT.sub("", _HEADERLINK.sub("", body))
    if strip_toctree:
        body = _TOCTREE.sub("", body)
    # links to other pages are printed as their text: the PDF is read without the site
    body = _LINK.sub(lambda m: f'<span class="lis-link">{m.group(1)}</span>', body)
    anchor = f"p{number}"
    body = _ID.sub(lambda m: f'id="{anchor}-{m.group(1)}"', body)
    headings = [(int(lvl), f"{anchor}-{sid}", _text(text)) for sid, lvl, text in _SECTION.findall(body.replace(f'id="{anchor}-', 'id="'))]
    return Page(docname, anchor, body, headings)


def reading_order(html_dir: Path, index_docname: str) -> list[str]:
    """The review's start page, then the pages of its table of contents."""
    source = (html_dir / f"{index_docname}.html").read_text(encoding="utf-8")
    match = _ARTICLE.search(source)
    folder = index_docname.rsplit("/", 1)[0]
    names = []
    for href in _TOC_LINK.findall(match.group(1) if match else ""):
        name = href.removesuffix(".html")
        names.append(f"{folder}/{name}" if folder else name)
    return [index_docname, *[n for n in names if n != index_docname]]


def cover_of(review: dict[str, Any], office: str, board: str) -> list[tuple[str, str]]:
    """The cover's facts; what the content does not say is shown as unknown, never invented."""
    adopted = model.is_adopted(review)

    def value(key: str) -> str:
        text = str(review.get(key) or "").strip()
        return text or model.UNKNOWN

    return [
        ("Förvaltning", office or model.UNKNOWN),
        ("Nämnd", board or model.UNKNOWN),
        ("Period", value("period")),
        ("Status", value("status")),
        ("Datum", value("date")),
        ("Diarienummer", value("case_number")),
        ("Fastställd av", value("decided_by") if adopted else "inte fastställd (utkast)"),
    ]


def collect(html_dir: Path, review: dict[str, Any], office: str, board: str) -> ReviewDocument:
    docname = str(review.get("docname") or "")
    if not docname:
        raise ProjectError(f"{review['id']}: sidan för genomgången är okänd.")
    pages = [
        _page(html_dir, name, number, strip_toctree=(number == 0))
        for number, name in enumerate(reading_order(html_dir, docname))
    ]
    return ReviewDocument(dict(review), cover_of(review, office, board), pages)
