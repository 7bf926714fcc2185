"""A review as a Word document (python-docx), for the city's templates and the diarium.

The same pages as the PDF and the Markdown (checks.exporters.review_doc), from the
site's HTML: the cover data, a table of contents, then the pages. Headings are
Word's own Heading styles (so Word's table of contents and navigation pane work),
lists are Word lists, the data tables Word tables with their header row repeated on
every page. A draft says UTKAST at the top of every page. The document's language
is Swedish (``sv-SE`` in the style defaults), for spelling and hyphenation.

With a template (``--template FIL.docx`` or ``.dotx``, the city's own), its styles,
page setup, headers and footers are used and its body text is left out; a style the
template lacks is added with Word's defaults. The PDF/A stays the archival copy.

The bytes depend only on the content (fixed document dates and zip times).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from checks.errors import ProjectError
from checks.exporters.fixedzip import fixed_time, fixed_zip
from checks.exporters.review_doc import DRAFT_NOTE, SUBTITLE, ReviewDocument

LANGUAGE = "sv-SE"
TOC_TITLE = "Innehåll"
TOC_LEVELS = 3
DRAFT_RED = RGBColor(0xA0, 0x00, 0x00)
# The paragraph style of table cells: added (9 pt, no space after) unless the template has it.
TABLE_TEXT = "Tabelltext"
TABLE_TEXT_SIZE = Pt(9)

_TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# --- the page's HTML as a small tree -----------------------------------------------------

_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"})
# not printed: screen-reader text, sphinx-needs' collapse buttons, drawings and scripts
_SKIP_TAGS = frozenset({"script", "style", "button", "svg", "template"})
_SKIP_CLASSES = frozenset({"lis-sr", "needs_collapse", "lis-swatch"})
_INLINE = frozenset(
    {"span", "em", "strong", "b", "i", "a", "code", "br", "abbr", "small", "sub", "sup", "kbd", "cite", "q",
     "s", "u", "mark", "time", "var", "samp", "dfn", "bdi", "tt"}
)
_BREAKING = frozenset({"div", "p", "li", "dt", "dd", "section"})  # a block inside inline text starts a line


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    @property
    def classes(self) -> frozenset[str]:
        return frozenset(self.attrs.get("class", "").split())

    @property
    def skipped(self) -> bool:
        return self.tag in _SKIP_TAGS or bool(self.classes & _SKIP_CLASSES)

    def elements(self, *tags: str) -> Iterator[_Node]:
        for child in self.children:
            if isinstance(child, _Node) and (not tags or child.tag in tags):
                yield child


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        # close the nearest open element of this tag (and what HTML left open inside it)
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(fragment: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root


def _text(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    if node.skipped:
        return ""
    return "".join(_text(c) for c in node.children)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- Word ---------------------------------------------------------------------------------


def open_template(path: Path) -> Any:
    """The template as a python-docx Document; a .dotx is read as the document it would create."""
    try:
        data = path.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as zipped:
            types = zipped.read("[Content_Types].xml")
            if _TEMPLATE_TYPE.encode() in types:
                out = io.BytesIO()
                with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
                    for info in zipped.infolist():
                        blob = zipped.read(info.filename)
                        if info.filename == "[Content_Types].xml":
                            blob = blob.replace(_TEMPLATE_TYPE.encode(), _DOCUMENT_TYPE.encode())
                        dst.writestr(info, blob)
                data = out.getvalue()
        document = Document(io.BytesIO(data))
    except OSError as err:
        raise ProjectError(f"--template {path}: kan inte läsas: {err.strerror or err}.") from err
    except Exception as err:  # python-docx and zipfile raise many kinds for a file that is not Word's
        raise ProjectError(
            f"--template {path}: är inte en Word-mall eller ett Word-dokument (.docx eller .dotx): {err}"
        ) from err
    body = document.element.body
    # the template's own text (instructions, sample pages) is not the review's
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def _set_language(document: Any) -> None:
    """Swedish as the language of every run: the style defaults, and styles that set their own."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    for lang in document.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), LANGUAGE)


# The elements that follow w:updateFields in w:settings (ECMA-376's order), to insert it before.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr",
    "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
    "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)


def _update_fields_on_open(document: Any) -> None:
    """Word asks to update the fields when the file opens: the table of contents gets its page numbers."""
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    successors = {qn(name) for name in _AFTER_UPDATE_FIELDS}
    for index, child in enumerate(settings):
        if child.tag in successors:
            settings.insert(index, element)
            return
    settings.append(element)


def _field_run(paragraph: Any, kind: str, instruction: str = "") -> None:
    run = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)
    if instruction:
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = instruction
        run = paragraph.add_run()
        run._r.append(text)


def _simple_field(paragraph: Any, instruction: str, shown: str) -> None:
    _field_run(paragraph, "begin", instruction)
    _field_run(paragraph, "separate")
    paragraph.add_run(shown)
    _field_run(paragraph, "end")


def _repeat_header_row(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


class _Writer:
    """Writes the HTML tree of a page into the document, as Word's own elements."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.styles = {style.name for style in document.styles}

    def style(self, name: str, *, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH, outline: int | None = None) -> str:
        """``name``, added with Word's defaults if the template lacks it (a heading with its outline level)."""
        if name not in self.styles:
            style = self.document.styles.add_style(name, kind)
            if name != "Normal" and kind == WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = self.document.styles["Normal"]
            if outline is not None:
                level = OxmlElement("w:outlineLvl")
                level.set(qn("w:val"), str(outline))
                style.element.get_or_add_pPr().append(level)
            self.styles.add(name)
        return name

    def paragraph(self, container: Any, style: str = "Normal") -> Any:
        if style == "Normal" and container is not self.document:
            style = self.table_text()
        return container.add_paragraph(style=self.style(style))

    def table_text(self) -> str:
        if TABLE_TEXT not in self.styles:
            style = self.style(TABLE_TEXT)
            own = self.document.styles[style]
            own.font.size = TABLE_TEXT_SIZE
            own.paragraph_format.space_after = Pt(0)
            own.paragraph_format.space_before = Pt(0)
        return TABLE_TEXT

    def heading(self, text: str, level: int) -> Any:
        level = min(max(level, 1), 9)
        return self.document.add_paragraph(_flat(text), style=self.style(f"Heading {level}", outline=level - 1))

    # inline content: runs in one paragraph

    def inline(self, nodes: Iterable[_Node | str], paragraph: Any, bold: bool = False, italic: bool = False) -> None:
        for node in nodes:
            if isinstance(node, str):
                text = re.sub(r"\s+", " ", node)
                if not paragraph.runs or paragraph.text.endswith((" ", "\n")) or not paragraph.text:
                    text = text.lstrip()
                if text:
                    run = paragraph.add_run(text)
                    run.bold = bold or None
                    run.italic = italic or None
                continue
            if node.skipped:
                continue
            if node.tag == "br":
                paragraph.add_run().add_break()
                continue
            if node.tag in _BREAKING and paragraph.text.strip():
                paragraph.add_run().add_break()
            self.inline(node.children, paragraph, bold or node.tag in ("strong", "b", "th"), italic or node.tag in ("em", "i"))

    # blocks: paragraphs, lists, tables

    def blocks(self, node: _Node, container: Any, *, depth: int = 0, bold: bool = False) -> None:
        pending: list[_Node | str] = []

        def flush() -> None:
            if _flat("".join(_text(n) for n in pending)):
                self._trimmed(self.inline_paragraph(pending, container, bold=bold))
            pending.clear()

        for child in node.children:
            if isinstance(child, str) or child.tag in _INLINE:
                pending.append(child)
                continue
            flush()
            self.block(child, container, depth=depth, bold=bold)
        flush()

    def inline_paragraph(self, nodes: Iterable[_Node | str], container: Any, style: str = "Normal", bold: bool = False) -> Any:
        paragraph = self.paragraph(container, style)
        self.inline(nodes, paragraph, bold=bold)
        return paragraph

    @staticmethod
    def _trimmed(paragraph: Any) -> Any:
        runs = paragraph.runs
        if runs and runs[-1].text.endswith(" "):
            runs[-1].text = runs[-1].text.rstrip()
        return paragraph

    def block(self, node: _Node, container: Any, *, depth: int = 0, bold: bool = False) -> None:
        if node.skipped:
            return
        tag = node.tag
        if re.fullmatch(r"h[1-6]", tag) and container is self.document:
            self.heading(_text(node), int(tag[1]))
        elif re.fullmatch(r"h[1-6]", tag) or tag in ("dt",) or "admonition-title" in node.classes:
            self._trimmed(self.inline_paragraph(node.children, container, bold=True))
        elif tag == "p":
            self._trimmed(self.inline_paragraph(node.children, container, bold=bold))
        elif tag in ("ul", "ol"):
            for number, item in enumerate(node.elements("li"), start=1):
                self.list_item(item, container, ordered=tag == "ol", number=number, depth=depth + 1)
        elif tag == "table":
            self.table(node, container)
        elif tag == "caption":
            self._trimmed(self.inline_paragraph(node.children, container, style="Caption"))
        else:
            self.blocks(node, container, depth=depth, bold=bold)

    def list_item(self, item: _Node, container: Any, *, ordered: bool, number: int, depth: int) -> None:
        """A bullet (Word's List Bullet styles) or a numbered item (the number written: each list starts at 1)."""
        level = min(depth, 3)
        suffix = "" if level == 1 else f" {level}"
        style = f"List Bullet{suffix}" if not ordered else f"List Continue{suffix}"
        paragraph = self.paragraph(container, style)
        if ordered:
            paragraph.add_run(f"{number}. ")
        # the item's text and its first paragraph make the list paragraph; what follows
        # (more paragraphs, a nested list, a table) comes after it, one level deeper
        rest = _Node("div", {})
        for child in item.children:
            if rest.children:
                rest.children.append(child)
            elif isinstance(child, str) or child.tag in _INLINE:
                self.inline([child], paragraph)
            elif child.tag == "p" and not paragraph.text.strip(" .0123456789"):
                self.inline(child.children, paragraph)
            else:
                rest.children.append(child)
        self._trimmed(paragraph)
        self.blocks(rest, container, depth=depth)

    def table(self, node: _Node, container: Any) -> None:
        caption = next(node.elements("caption"), None)
        if caption is not None:
            self._trimmed(self.inline_paragraph(caption.children, container, style="Caption"))
        rows: list[tuple[bool, list[_Node]]] = []
        for part in node.elements("thead", "tbody", "tfoot", "tr"):
            for tr in [part] if part.tag == "tr" else list(part.elements("tr")):
                rows.append((part.tag == "thead", [c for c in tr.elements("td", "th")]))
        if not rows:
            return
        placed, width = _grid(rows)
        table = container.add_table(rows=len(rows), cols=width)
        if "Table Grid" in self.styles:
            table.style = "Table Grid"
        if container is self.document:
            self._widths(table, placed, width)
        for (r, c, cell, rowspan, colspan) in placed:
            target = table.cell(r, c)
            if rowspan > 1 or colspan > 1:
                target = target.merge(table.cell(min(r + rowspan, len(rows)) - 1, min(c + colspan, width) - 1))
            self.blocks(cell, target, bold=cell.tag == "th")
            paragraphs = target.paragraphs
            # a new cell holds one empty paragraph; Word needs one, not an empty one before the text
            if len(paragraphs) > 1 and not paragraphs[0].text.strip():
                paragraphs[0]._p.getparent().remove(paragraphs[0]._p)
            elif paragraphs and paragraphs[0].style.name == "Normal":
                paragraphs[0].style = self.table_text()
        for index, (header, _) in enumerate(rows):
            if header:
                _repeat_header_row(table.rows[index])
        if container is not self.document:
            return
        # space after a table in the body (Word joins two tables that touch)
        self.paragraph(container)


    def _widths(self, table: Any, placed: list[tuple[int, int, _Node, int, int]], width: int) -> None:
        """Column widths after the text they hold (Word's equal columns squeeze a title into a few letters)."""
        section = self.document.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        # each column at least its longest word (at 9 pt, with the cell's padding); the rest
        # of the line shared after the length of the longest text in each
        word = [1] * width
        text = [1] * width
        for _, c, cell, _, colspan in placed:
            if colspan == 1:
                words = _flat(_text(cell)).split() or [""]
                word[c] = max(word[c], min(max(len(w) for w in words), 18))
                text[c] = max(text[c], min(len(" ".join(words)), 80))
        least = [Mm(1.55) * (w + 1) + Mm(3) for w in word]
        spare = usable - sum(least)
        if spare <= 0:
            widths = [Emu(int(usable * w / sum(least))) for w in least]
        else:
            share = [t**0.5 for t in text]
            widths = [Emu(int(w + spare * t / sum(share))) for w, t in zip(least, share)]
        table.autofit = False
        for column, value in zip(table.columns, widths):
            column.width = value
        for row in table.rows:
            for cell, value in zip(row.cells, widths):
                cell.width = value


def _grid(rows: list[tuple[bool, list[_Node]]]) -> tuple[list[tuple[int, int, _Node, int, int]], int]:
    """Each cell's row, column and spans on the table's grid (HTML's colspan and rowspan)."""
    taken: set[tuple[int, int]] = set()
    placed = []
    width = 1
    for r, (_, cells) in enumerate(rows):
        c = 0
        for cell in cells:
            while (r, c) in taken:
                c += 1
            colspan = _span(cell.attrs.get("colspan"))
            rowspan = _span(cell.attrs.get("rowspan"))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            placed.append((r, c, cell, rowspan, colspan))
            c += colspan
            width = max(width, c)
    return placed, width


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 50))
    except ValueError:
        return 1


def _cover(writer: _Writer, doc: ReviewDocument) -> None:
    document = writer.document
    office = doc.cover[0][1]
    writer.paragraph(document, "Subtitle").add_run(office)
    writer.paragraph(document, "Title").add_run(doc.title)
    writer.paragraph(document).add_run(SUBTITLE)
    if doc.is_draft:
        run = writer.paragraph(document).add_run(DRAFT_NOTE)
        run.bold = True
        run.font.color.rgb = DRAFT_RED
    table = document.add_table(rows=len(doc.cover), cols=2)
    if "Table Grid" in writer.styles:
        table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, doc.cover):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)


def _contents(writer: _Writer, doc: ReviewDocument) -> None:
    """Word's table of contents (a TOC field over the Heading styles), with the headings as its text until updated."""
    document = writer.document
    writer.paragraph(document, "TOC Heading" if "TOC Heading" in writer.styles else "Normal").add_run(TOC_TITLE).bold = True
    entries = [(level, text) for page in doc.pages for level, _, text in page.headings if level <= TOC_LEVELS]
    if not entries:
        entries = [(1, doc.title)]
    for index, (level, text) in enumerate(entries):
        name = f"TOC {level}"
        if name not in writer.styles:
            # Word's own style for the entries (it uses them when it updates the field)
            style = writer.document.styles[writer.style(name)]
            style.paragraph_format.left_indent = Mm(6 * (level - 1))
            style.paragraph_format.space_after = Pt(2)
        paragraph = writer.paragraph(document, name)
        if index == 0:
            _field_run(paragraph, "begin", f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u')
            _field_run(paragraph, "separate")
        paragraph.add_run(text)
        if index == len(entries) - 1:
            _field_run(paragraph, "end")


def _page_furniture(writer: _Writer, doc: ReviewDocument, own_template: bool) -> None:
    """UTKAST at the top of every page of a draft; "Sida X av Y" at the foot unless the template has a footer."""
    for section in writer.document.sections:
        if doc.is_draft:
            header = section.header
            paragraph = header.paragraphs[0] if header.paragraphs and not header.paragraphs[0].text.strip() else header.add_paragraph()
            run = paragraph.add_run(DRAFT_NOTE)
            run.bold = True
            run.font.color.rgb = DRAFT_RED
        footer = section.footer
        if own_template and any(p.text.strip() for p in footer.paragraphs):
            continue
        paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        paragraph.add_run("Sida ")
        _simple_field(paragraph, "PAGE", "1")
        paragraph.add_run(" av ")
        _simple_field(paragraph, "NUMPAGES", "1")


def _properties(document: Any, doc: ReviewDocument) -> None:
    props = document.core_properties
    when = fixed_time(str(doc.review.get("date") or ""))
    props.title = doc.title
    props.subject = SUBTITLE
    props.author = doc.cover[0][1]
    props.last_modified_by = "lis"
    props.language = LANGUAGE
    props.keywords = "ledningens genomgång; ISO/IEC 27001 9.3; " + ("utkast" if doc.is_draft else "fastställd")
    props.comments = ""
    props.category = ""
    props.revision = 1
    props.created = props.modified = when
    props.last_printed = when


def build(doc: ReviewDocument, template: Path | None = None) -> Any:
    """The python-docx Document of the review (before it is saved)."""
    document = open_template(template) if template is not None else Document()
    if template is None:
        for section in document.sections:  # python-docx's own template is US Letter
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(25)
            section.top_margin, section.bottom_margin = Mm(22), Mm(24)
    writer = _Writer(document)
    _set_language(document)
    _cover(writer, doc)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _contents(writer, doc)
    for page in doc.pages:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        writer.blocks(parse_html(page.body), document)
    _page_furniture(writer, doc, own_template=template is not None)
    _update_fields_on_open(document)
    _properties(document, doc)
    return document


def render_docx(doc: ReviewDocument, template: Path | None = None) -> bytes:
    document = build(doc, template)
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue(), fixed_time(str(doc.review.get("date") or "")))
