"""A review as one Markdown file (for a pull request comment or an e-mail).

The same pages as the PDF (checks.exporters.review_doc), turned from HTML into
plain Markdown: headings, paragraphs, lists, tables, emphasis; nothing else.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from checks.exporters.review_doc import DRAFT_NOTE, ReviewDocument

_BLOCKS = {"p", "div", "section", "dl", "dt", "dd", "caption", "nav", "ul", "ol", "table"}


class _Markdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.rows: list[list[str]] = []
        self.header_rows = 0
        self.skip = 0

    def _emit(self, text: str) -> None:
        if self.cell is not None:
            self.cell.append(text)
        else:
            self.out.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in ("script", "style") or "lis-sr" in classes:
            self.skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._emit("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li" and self.cell is None:
            self._emit("\n" + "  " * (len(self.lists) - 1) + "- ")
        elif tag in ("strong", "b"):
            self._emit("**")
        elif tag in ("em", "i"):
            self._emit("*")
        elif tag == "br":
            self._emit(" ")
        elif tag == "table":
            self.rows, self.header_rows = [], 0
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "thead":
            self.header_rows = -1
        elif tag in _BLOCKS:
            self._emit("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        elif tag == "span" and self.skip:
            self.skip -= 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._emit("\n\n")
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._emit("\n\n")
        elif tag in ("strong", "b"):
            self._emit("**")
        elif tag in ("em", "i"):
            self._emit("*")
        elif tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip().replace("|", "\\|"))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "thead":
            self.header_rows = len(self.rows)
        elif tag == "table":
            self._table()
        elif tag in _BLOCKS:
            self._emit("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self._emit(re.sub(r"\s+", " ", data))

    def _table(self) -> None:
        if not self.rows:
            return
        width = max(len(r) for r in self.rows)
        rows = [r + [""] * (width - len(r)) for r in self.rows]
        head = rows[0] if self.header_rows else [""] * width
        body = rows[1:] if self.header_rows else rows
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        self._emit("\n\n" + "\n".join(lines) + "\n\n")
        self.rows = []


def html_to_markdown(fragment: str) -> str:
    parser = _Markdown()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n[ \t]+(?=[^- ])", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render_md(doc: ReviewDocument) -> bytes:
    lines = [f"# {doc.title}", ""]
    if doc.is_draft:
        lines += [f"**{DRAFT_NOTE}**", ""]
    lines += ["| Uppgift | Värde |", "|---|---|"]
    lines += [f"| {label} | {value} |" for label, value in doc.cover]
    lines.append("")
    parts = ["\n".join(lines)]
    for page in doc.pages:
        parts.append(html_to_markdown(page.body))
    return ("\n".join(parts).rstrip() + "\n").encode("utf-8")
