"""Need boxes as sphinx-needs draws them, with less work and without empty lines.

The layout of lis (``needs_layouts`` in conf.py) names every field with its
Swedish label: one ``<<meta(...)>>`` line per field, of which a need fills a
handful. sphinx-needs parses each line's text (docutils' inline parser) and its
function call (Python's ``ast``) again for every need and draws every line, the
empty ones too: at 10,000 needs the boxes took over a quarter of a clean build.
sphinx-needs has no setting for this. Each part below is a speed-up of
checks.sphinxext.internals (box-empty-lines, box-html): off with
LIS_SPEEDUPS=0, and off with a line saying so when what it relies on in
sphinx-needs is missing or has another signature; the boxes are then drawn as
sphinx-needs draws them. (Memoising sphinx-needs' two parsers by the string
they parse gained nothing measurable at 2000 needs once lis writes the lines
itself, and was taken out.)

A line whose field the need leaves empty is an empty ``<div class="line">`` in
the page: nothing to see, but built as nodes, written, indexed for search and
sent to every reader, 50 of them per box. A line that is one ``meta("field")``
call for a field the need leaves empty (no value, ``""`` or ``[]``: what
sphinx-needs' ``meta`` draws as nothing) is left out of the layout the need's box
is drawn with; any other line that drew nothing is taken out of the section
sphinx-needs drew. Without the speed-up (LIS_SPEEDUPS=0) the boxes are drawn
whole and their empty lines taken out afterwards: the same page, more work. The
lines that show something stay exactly as drawn: for the
HTML builder the plain ones (text, ``meta``, ``meta_id``, ``collapse_button``,
``meta_links_all``) are written as HTML by :mod:`checks.sphinxext.box_lines`, the
rest by sphinx-needs. When lis writes every line a box of the simple grid keeps,
the box's head and meta rows are one piece of HTML in the table sphinx-needs
builds, the rows Sphinx's writer would have written: only the content row, the
need's own text, stays nodes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from checks.sphinxext.box_lines import NOTHING, LineWriter, meta_arguments, raw_line
from checks.sphinxext.internals import Internal, original, replace, usable


# the section a box draws, and the meta() whose empty lines are left out
_EMPTY_LINES = (
    Internal("sphinx_needs.layout:LayoutHandler.get_section", "self, section"),
    Internal("sphinx_needs.layout:LayoutHandler.meta", "self, name, prefix, show_empty"),
)
# what box_lines writes as sphinx-needs and docutils would have, and the grid it writes rows of
_BOX_HTML = (
    Internal("sphinx_needs.layout:LayoutHandler.__init__", "self, app, need, node, *, layout, style, docname"),
    Internal("sphinx_needs.layout:LayoutHandler._grid_simple", "self, colwidths, side_left, side_right, footer"),
    Internal("sphinx_needs.layout:LayoutHandler.meta_id", "self"),
    Internal("sphinx_needs.layout:LayoutHandler.collapse_button", "self, target, collapsed, visible, initial"),
    Internal("sphinx_needs.layout:LayoutHandler.meta_links_all", "self, prefix, postfix, exclude"),
    Internal("sphinx_needs.layout:_read_icon", "name"),
    Internal("sphinx_needs.roles.need_outgoing:_forbidden", "schema, need, link_type, link"),
    Internal("docutils.writers._html_base:HTMLTranslator.special_characters"),
)


def _lighten_layout_drawing() -> bool:
    """The speed-ups installed; whether the empty lines are left out as boxes are drawn."""
    from sphinx_needs.functions.functions import DynamicFunctionParsed
    from sphinx_needs.layout import LayoutHandler

    if not usable("box-empty-lines", *_EMPTY_LINES):
        return False
    # box-html writes the lines that box-empty-lines keeps
    write_html = usable("box-html", *_BOX_HTML)
    parse_call = DynamicFunctionParsed.from_string
    get_section = original(LayoutHandler, "get_section")
    grid_simple = original(LayoutHandler, "_grid_simple")
    fields: dict[str, str | None] = {}

    def field_of(handler: Any, line: str) -> str | None:
        """The field a line shows when it is one ``meta("field")`` call, else None."""
        if line not in fields:
            # sphinx-needs reads the line's markup first: a call with markup in it is broken
            # up and drawn as it comes out
            parsed = handler._parse(line)
            whole = len(parsed) == 1 and isinstance(parsed[0], nodes.Text) and parsed[0].astext() == line
            fields[line] = _meta_field(line, parse_call) if whole else None
        return fields[line]

    writer = LineWriter(parse_call)

    def plan(self: Any, section: str) -> tuple[list[str], list[str], dict[int, str]]:
        """The section's layout lines, the lines it keeps, and the kept lines lis writes (by index)."""
        plans = self.__dict__.setdefault("_lis_sections", {})
        if section in plans:
            return plans[section]
        lines = self.layout.get("layout", {}).get(section) or []
        kept = [line for line in lines if (name := field_of(self, line)) is None or self.need.get(name) not in NOTHING]
        # every line may be empty: one stays, as sphinx-needs never draws an empty block
        kept = kept or lines[:1]
        written: dict[int, str] = {}
        if write_html and self.app.builder.format == "html":
            shown: list[str] = []
            for line in kept:
                markup = writer.write(self, line)
                # a line written as nothing goes, as drop_empty_lines takes it out of what sphinx-needs drew
                if markup != "":
                    if markup is not None:
                        written[len(shown)] = markup
                    shown.append(line)
            # when every line goes, the one that stays is sphinx-needs' to draw
            kept = shown or kept[:1]
        plans[section] = lines, kept, written
        return plans[section]

    def lean_get_section(self: Any, section: str) -> Any:
        lines, kept, written = plan(self, section)
        if len(kept) == len(lines) and not written:
            return drop_empty_lines(get_section(self, section))
        theirs = [line for index, line in enumerate(kept) if index not in written]
        layout = self.layout
        self.layout = {**layout, "layout": {**layout["layout"], section: theirs}}
        try:
            drawn = get_section(self, section) if theirs else []
        finally:
            self.layout = layout
        if not written:
            return drop_empty_lines(drawn)
        block = drawn if isinstance(drawn, nodes.line_block) else nodes.line_block(classes=[f"needs_{section}"])
        drawn_lines = iter(list(block.children))
        block.children = []
        block += [raw_line(written[index]) if index in written else next(drawn_lines) for index in range(len(kept))]
        return drop_empty_lines(block)

    def lean_grid_simple(self: Any, colwidths: list[int], side_left: Any, side_right: Any, footer: bool) -> None:
        rows = None
        if not (side_left or side_right or footer) and self.app.builder.format == "html":
            rows = written_rows({section: plan(self, section) for section in _WRITTEN_ROWS})
        if rows is None:
            return grid_simple(self, colwidths, side_left, side_right, footer)
        # the table as sphinx-needs builds it, with the head and meta rows written: only
        # the content row, the need's own text, stays nodes
        tgroup = nodes.tgroup(cols=0)
        tgroup += [nodes.colspec(colwidth=width) for width in colwidths]
        self.node_tbody += nodes.raw("", rows, format="html")
        content = nodes.entry(classes=["need", "content"], morecols=0)
        content.insert(0, self.node.children)
        self.node_tbody += nodes.row("", content, classes=["need", "content"])
        tgroup += self.node_tbody
        self.node_table += tgroup

    replace(LayoutHandler, "get_section", lean_get_section)
    if write_html:
        replace(LayoutHandler, "_grid_simple", lean_grid_simple)
    return True


# the rows of a simple grid before its content row, as Sphinx's HTML writer writes them
_WRITTEN_ROWS = {"head": "row-odd", "meta": "row-even"}


def written_rows(sections: dict[str, tuple[list[str], list[str], dict[int, str]]]) -> str | None:
    """The head and meta rows as HTML, when lis writes every line they keep, else None."""
    rows = []
    for section, parity in _WRITTEN_ROWS.items():
        lines, kept, written = sections[section]
        if not lines or len(written) != len(kept):
            return None
        shown = "".join(f'<div class="line">{markup}</div>\n' for markup in written.values())
        rows.append(
            f'<tr class="need {section} {parity}"><td class="need {section}"><div class="needs_{section} line-block">\n'
            f"{shown}</div>\n</td>\n</tr>\n"
        )
    return "".join(rows)


_WHOLE_CALL = re.compile(r"^<<([^<>]+)>>$")


def _meta_field(line: str, parse: Callable[..., Any]) -> str | None:
    m = _WHOLE_CALL.match(line.strip())
    if not m:
        return None
    try:
        call = parse(m.group(1), allow_need=False)
    except Exception:  # sphinx-needs reports a call it cannot read when it draws the line
        return None
    arguments = meta_arguments(call)
    return arguments[0] if arguments else None


def _is_empty(line: nodes.Node) -> bool:
    """A line as sphinx-needs leaves it when its function drew nothing: one empty inline."""
    return (
        isinstance(line, nodes.line)
        and len(line.children) == 1
        and isinstance(line[0], nodes.inline)
        and not line[0].children
    )


def drop_empty_lines(block: Any) -> Any:
    """A section as drawn, without the lines that drew nothing (one stays in a block of only those)."""
    if isinstance(block, nodes.line_block) and block.children:
        block.children = [line for line in block.children if not _is_empty(line)] or block.children[:1]
    return block


def drop_drawn_empty_lines(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The empty lines out of the boxes sphinx-needs drew: the same boxes, without the speed-up."""
    for block in doctree.findall(nodes.line_block):
        if any(str(c).startswith("needs_") for c in block["classes"]):
            drop_empty_lines(block)


def setup(app: Sphinx) -> None:
    if not _lighten_layout_drawing():
        # after sphinx-needs draws the boxes (its process_need_nodes, priority 500)
        app.connect("doctree-resolved", drop_drawn_empty_lines, priority=600)
