"""The lines of a need box that lis writes as HTML itself, exactly as sphinx-needs draws them.

sphinx-needs draws each line of a box's layout as docutils nodes: the line's
markup parsed, each ``<<function()>>`` replaced by the nodes it returns. For a
line of the site's layout that is some text, bold or italic, and the functions
``meta``, ``meta_id`` and ``collapse_button``, the nodes always come out the same
way, and Sphinx's HTML writer always writes them the same way. lis writes that
HTML here (a raw node per line, or need_boxes puts it in a box's rows),
character for character what the writer would have written
(tests/test_need_boxes.py builds a site both ways and compares every page).
At 10,000 needs the nodes of these lines were most of the nodes in
the site: built, walked by every later pass over the page, written and indexed
for search (the search index reads a raw node's text as well).

``meta_links_all`` is written too: sphinx-needs draws its links as nodes that it
resolves later, when every need is known, and every need is known by the time a
box is drawn. Anything else is left to sphinx-needs: another function, a
placeholder (``{{field}}``), a label with markup, a field with string links, an
icon that does not exist (sphinx-needs warns), links it would show otherwise
than by id or that lead elsewhere than to a need on a page, and every builder
but HTML. sphinx-needs has no way to draw a box other than its nodes, so this is
written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from docutils import nodes
from docutils.writers._html_base import HTMLTranslator
from sphinx.errors import NoUri
from sphinx_needs.data import SphinxNeedsData

# sphinx-needs' own split of a line's text into function calls and text
# (LayoutHandler._func_replace): a lone "<" or ">" is dropped, as there
_SEGMENT = re.compile(r"(<<[^<>]+>>)|([^<>]+)")
_MARKUP = {nodes.strong: "strong", nodes.emphasis: "em"}
# what sphinx-needs' meta() draws as nothing (unless show_empty)
NOTHING: tuple[Any, ...] = (None, "", [])

Segment = Any  # a text (str) or a parsed function call
Plan = tuple[tuple[str, tuple[Segment, ...]], ...]


def raw_line(markup: str) -> nodes.line:
    return nodes.line("", "", nodes.raw("", markup, format="html"))


def _encode(text: str) -> str:
    # what Sphinx's HTML writer does with a text node (docutils' HTMLTranslator.encode)
    return text.translate(HTMLTranslator.special_characters)


def _attval(text: str) -> str:
    # what it does with an attribute's value (HTMLTranslator.attval)
    return _encode(re.sub("[\n\r\t\v\f]", " ", text))


class LineWriter:
    """Writes the lines it can; the plan of each layout line is made once per build."""

    def __init__(self, parse_call: Callable[..., Any]) -> None:
        self._parse_call = parse_call
        self._plans: dict[str, Plan | None] = {}

    def write(self, handler: Any, line: str) -> str | None:
        """The line's HTML for ``handler``'s need, "" when it shows nothing, None when sphinx-needs is to draw it."""
        if line not in self._plans:
            self._plans[line] = self._plan(handler, line)
        plan = self._plans[line]
        if plan is None:
            return None
        written = []
        for tag, segments in plan:
            inner = []
            for segment in segments:
                if isinstance(segment, str):
                    inner.append(_encode(segment))
                    continue
                markup = _FUNCTIONS[segment.name](handler, segment)
                if markup is None:
                    return None
                inner.append(markup)
            span = f"<span>{''.join(inner)}</span>"
            written.append(f"<{tag}>{span}</{tag}>" if tag else span)
        markup = "".join(written)
        # a line that shows nothing: drawn by sphinx-needs, one empty inline
        return "" if markup == "<span></span>" else markup

    def _plan(self, handler: Any, line: str) -> Plan | None:
        plan = []
        for node in handler._parse(line):
            if isinstance(node, nodes.Text):
                tag, text = "", node.astext()
            elif (
                type(node) in _MARKUP
                and not node.get("classes")
                and not node.get("ids")
                and len(node.children) == 1
                and isinstance(node[0], nodes.Text)
            ):
                tag, text = _MARKUP[type(node)], node[0].astext()
            else:
                return None
            segments: list[Segment] = []
            for call_text, plain in _SEGMENT.findall(text):
                if plain and not call_text:
                    segments.append(plain)
                    continue
                if not call_text or plain:
                    return None
                try:
                    call = self._parse_call(call_text.replace("<<", "").replace(">>", ""), allow_need=False)
                except Exception:  # sphinx-needs reports a call it cannot read
                    return None
                values = [*call.args, *(value for _, value in call.kwargs)]
                if call.name not in _FUNCTIONS or any(isinstance(v, str) and "{{" in v for v in values):
                    return None
                segments.append(call)
            plan.append((tag, tuple(segments)))
        return tuple(plan)


def meta_arguments(call: Any) -> tuple[str, str | None] | None:
    """The field and label of a ``meta`` call that draws nothing for an empty field, else None.

    Not such a call: another function, ``show_empty``, arguments that are not text,
    a placeholder (``{{field}}``, which sphinx-needs requires to exist).
    """
    kwargs = dict(call.kwargs)
    if call.name != "meta" or not call.args or len(call.args) > 2 or kwargs.pop("show_empty", False):
        return None
    if set(kwargs) - {"prefix"} or (len(call.args) == 2 and kwargs):
        return None
    name = call.args[0]
    prefix = call.args[1] if len(call.args) == 2 else kwargs.get("prefix")
    if not isinstance(name, str) or not (prefix is None or isinstance(prefix, str)):
        return None
    if "{{" in name or (prefix is not None and "{{" in prefix):
        return None
    return name, prefix


def _arguments(call: Any, parameters: tuple[str, ...]) -> dict[str, Any] | None:
    """A call's arguments by parameter name; None when Python would refuse them (sphinx-needs reports that)."""
    if len(call.args) > len(parameters):
        return None
    given = dict(zip(parameters, call.args))
    keywords = dict(call.kwargs)
    if set(keywords) - set(parameters[len(call.args) :]):
        return None
    return {**given, **keywords}


def _meta(handler: Any, call: Any) -> str | None:
    arguments = meta_arguments(call)
    if arguments is None:
        return None
    name, prefix = arguments
    if any(name in conf.options for conf in handler.string_links.values()):
        return None
    value = handler.need.get(name)
    if value in NOTHING:
        return ""
    label = ""
    if prefix:
        parsed = handler._parse(prefix)
        if len(parsed) != 1 or not isinstance(parsed[0], nodes.Text):
            return None
        label = f'<span class="needs_label">{_encode(parsed[0].astext())}</span>'
    if isinstance(value, str):
        shown = f'<span class="needs_data">{_encode(value)}</span>'
    elif isinstance(value, list):
        shown = (
            '<span class="needs_data_container">'
            + '<span class="needs_spacer">, </span>'.join(
                f'<span class="needs_data">{_encode(str(item))}</span>' for item in value
            )
            + "</span>"
        )
    else:
        shown = _encode(str(nodes.Text(value)))
    return f'<span class="needs_{name}">{label}{shown}</span>'


def _meta_id(handler: Any, call: Any) -> str | None:
    if call.args or call.kwargs:
        return None
    need_id, docname = handler.need["id"], handler.need["docname"]
    link = ""
    if handler.fromdocname and docname:
        link = _reference(handler, docname, need_id, need_id, need_id)
    return f'<span class="needs-id">{link}</span>'


def _reference(handler: Any, docname: str, target: str, text: str, title: str) -> str:
    """A link to ``target`` on ``docname``, as sphinx.util.nodes.make_refnode links it."""
    if handler.fromdocname == docname:
        href = f"#{target}"
    else:
        href = f"{handler.app.builder.get_relative_uri(handler.fromdocname, docname)}#{target}"
    return f'<a class="reference internal" href="{_attval(href)}" title="{_attval(title)}">{_encode(text)}</a>'


def _meta_links_all(handler: Any, call: Any) -> str | None:
    """One line per link type the need uses, outgoing and incoming, with its links.

    As sphinx-needs' ``meta_links_all`` draws the lines and its NeedOutgoing and
    NeedIncoming nodes are later resolved (sphinx_needs.roles.need_outgoing and
    need_incoming): every need is known by the time a box is drawn. Left to
    sphinx-needs: links shown with titles or types, links to parts, to external
    needs or needs on no page, and an incoming link from a need that does not
    exist (sphinx-needs warns about it).
    """
    given = _arguments(call, ("prefix", "postfix", "exclude"))
    if given is None:
        return None
    prefix, postfix, exclude = given.get("prefix", ""), given.get("postfix", ""), given.get("exclude") or []
    if not isinstance(prefix, str) or not isinstance(postfix, str) or not isinstance(exclude, list):
        return None
    config = handler.needs_config
    if config.show_link_title or config.show_link_type:
        return None
    needs = SphinxNeedsData(handler.app.env).get_needs_view()
    lines = []
    for link_field in handler.needs_schema.iter_link_fields():
        for incoming in (False, True):
            key = f"{link_field.name}_back" if incoming else link_field.name
            if not handler.need[key] or key in exclude:
                continue
            label = handler._parse(f"{prefix}{link_field.display.incoming if incoming else link_field.display.outgoing}:{postfix} ")
            if len(label) != 1 or not isinstance(label[0], nodes.Text):
                return None
            try:
                links = _links(handler, needs, link_field.name, handler.need[key], incoming)
            except NoUri:  # sphinx-needs leaves such a link out
                return None
            if links is None:
                return None
            lines.append(
                f'<div class="line">{_encode(label[0].astext())}<span class="{_attval(link_field.name)}"><span>{links}</span></span></div>\n'
            )
    return "".join(lines)


def _links(handler: Any, needs: Any, link_type: str, ids: list[str], incoming: bool) -> str | None:
    written = []
    for link in ids:
        if "." in link:  # a part of a need
            return None
        target = needs.get(link)
        if target is None:
            if incoming:
                return None
            # a dead link: its text, red; "forbidden" when its link type does not allow it
            forbidden = _forbidden(handler, link_type, link)
            if forbidden is None:
                return None
            classes = "needs_dead_link" + (" forbidden" if forbidden else "")
            written.append(f'<span class="{classes}">{_encode(link)}</span>')
            continue
        if target["is_external"] or not target["docname"]:
            return None
        anchor = target["id_parent"] if incoming else target["id"]
        written.append(_reference(handler, target["docname"], anchor, target["id"], handler.need["id"]))
    return ", ".join(written)


def _forbidden(handler: Any, link_type: str, link: str) -> bool | None:
    try:
        from sphinx_needs.roles.need_outgoing import _forbidden as forbidden
    except ImportError:  # pragma: no cover - a sphinx-needs without it draws the line itself
        return None
    return bool(forbidden(handler.needs_schema, handler.need, link_type, link))


_COLLAPSE_PARAMETERS = ("target", "collapsed", "visible", "initial")


def _collapse_button(handler: Any, call: Any) -> str | None:
    given = _arguments(call, _COLLAPSE_PARAMETERS)
    if given is None:
        return None
    target, collapsed, visible = (given.get(k, d) for k, d in (("target", "meta"), ("collapsed", "Show"), ("visible", "Close")))
    if not all(isinstance(v, str) for v in (target, collapsed, visible)):
        return None
    if any(x in handler.app.builder.name.upper() for x in ("PDF", "LATEX")):
        return ""
    is_collapsed = bool(handler.need.get("collapse") or given.get("initial", False))
    targets = [x.strip() for x in target.split(",")]
    button_id = "target__" + ("hide" if is_collapsed else "show") + "__" + "__".join(targets)
    parts = []
    for src, hidden, main_class in ((collapsed, is_collapsed, "collapsed"), (visible, not is_collapsed, "visible")):
        if src.startswith("icon:"):
            inner = _icon(src[5:])
            if inner is None:
                return None
        elif src.startswith(("image:", "Debug view")):
            return None
        else:
            inner = _encode(src)
        classes = f"needs {main_class}" + (" collapse_is_hidden" if hidden else "")
        parts.append(f'<span class="{classes}">{inner}</span>')
    return f'<span class="needs needs_collapse" id="{_attval(button_id)}">{"".join(parts)}</span>'


@lru_cache(maxsize=64)
def _icon(name: str) -> str | None:
    try:
        from sphinx_needs.layout import _read_icon
    except ImportError:  # pragma: no cover - a sphinx-needs without it draws the button itself
        return None
    return _read_icon(name)


_FUNCTIONS: dict[str, Callable[[Any, Any], str | None]] = {
    "meta": _meta,
    "meta_id": _meta_id,
    "collapse_button": _collapse_button,
    "meta_links_all": _meta_links_all,
}
