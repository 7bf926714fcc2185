"""The sidebar's navigation tree, computed once per folder instead of once per page.

Furo shows every page of the site in the sidebar of every page. For each page it
asks Sphinx for the whole table of contents as HTML (resolved and copied again
for that page) and parses it with BeautifulSoup to add its expand buttons: work
that grows with the square of the number of pages. At 10,000 needs (354 pages)
it was a fifth of a clean build.

The tree differs between two pages of one folder only where it marks the page
being read: its entry and the entries above it carry the class ``current``, the
open branches are expanded and the page's own link points to ``#``. So the tree
is computed once per folder with no page marked, through furo and Sphinx as
usual (``html-page-context`` before furo's handler hands furo that tree, which
furo's own cache then serves), and each page's marks are set on a copy of it
(after furo's handler). A page whose link stands in the tree more than once, or a
tree of a shape this module does not know, gets furo's own tree, computed as
before. tests/test_navigation.py holds every page of a site to furo's own tree.
A speed-up of checks.sphinxext.internals ("navigation"): off with
LIS_SPEEDUPS=0, and off with a line saying so when furo's or Sphinx's functions
it relies on are missing or have another signature.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from checks.sphinxext.internals import Internal, usable

# furo's call for its tree (furo/__init__.py, _compute_navigation_tree)
_FURO_TREE = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
# a page name no source file can have: the tree as seen from its folder, no page marked
_NEUTRAL = ".lis-navigation"
# in the page's context between the two handlers: Sphinx's own toctree(), and whether furo was given the folder's tree
_OWN, _HANDED = "lis_own_toctree", "lis_folder_tree_handed"
_TAG = re.compile(r'<(/?)(ul|li)\b([^>]*)>|<a class="reference internal" href="([^"#]*)">|<input [^>]*class="toctree-checkbox"[^>]*>')
_LI_CLASS = re.compile(r'^ class="(toctree-l\d+)( has-children)?"$')
_CHECKBOX_CHECK = re.compile(r'(<input aria-label="[^"]*")( class=)')


@dataclass
class _Tree:
    """Furo's tree for a folder, with where each link and element stands in it."""

    html: str
    # href → the start of each <a> that links to it
    links: dict[str, list[int]] = field(default_factory=dict)
    # <a> start → (its tag's end, the <ul>/<li> open tags around it: kind, start, end)
    around: dict[int, tuple[int, list[tuple[str, int, int]]]] = field(default_factory=dict)
    # <li> start → the span of its checkbox's tag (an entry with pages under it)
    checkbox: dict[int, tuple[int, int]] = field(default_factory=dict)


def _index(html: str) -> _Tree | None:
    """The tree's structure, or None when it is not shaped as Sphinx and furo make it."""
    tree = _Tree(html)
    open_tags: list[tuple[str, int, int]] = []
    for m in _TAG.finditer(html):
        closing, kind, attrs, href = m.group(1), m.group(2), m.group(3), m.group(4)
        if kind:
            if closing:
                if not open_tags or open_tags[-1][0] != kind:
                    return None
                open_tags.pop()
            else:
                if kind == "ul" and attrs:
                    return None
                if kind == "li" and not _LI_CLASS.match(attrs):
                    return None
                open_tags.append((kind, m.start(), m.end()))
        elif href is not None:
            tree.links.setdefault(href, []).append(m.start())
            tree.around[m.start()] = (m.end(), list(open_tags))
        else:
            if not open_tags or open_tags[-1][0] != "li" or not _CHECKBOX_CHECK.match(m.group(0)):
                return None
            tree.checkbox[open_tags[-1][1]] = (m.start(), m.end())
    return None if open_tags else tree


def _marked(tree: _Tree, href: str) -> str | None:
    """The tree as the page at ``href`` shows it; None when furo's own tree is needed."""
    starts = tree.links.get(href, [])
    if not starts:
        return tree.html  # a page outside the table of contents: nothing is marked
    if len(starts) > 1:
        return None
    start = starts[0]
    end, around = tree.around[start]
    edits: list[tuple[int, int, str]] = [(start, end, '<a class="current reference internal" href="#">')]
    items = [(s, e) for kind, s, e in around if kind == "li"]
    for kind, s, e in around:
        if kind == "ul":
            edits.append((s, e, '<ul class="current">'))
            continue
        m = _LI_CLASS.match(tree.html[s + 3 : e - 1])
        assert m is not None  # checked by _index
        page = " current-page" if (s, e) == items[-1] else ""
        edits.append((s, e, f'<li class="{m.group(1)} current{m.group(2) or ""}{page}">'))
        if s in tree.checkbox:
            cs, ce = tree.checkbox[s]
            edits.append((cs, ce, _CHECKBOX_CHECK.sub(r'\1 checked=""\2', tree.html[cs:ce], count=1)))
    parts, at = [], 0
    for s, e, text in sorted(edits):
        parts += [tree.html[at:s], text]
        at = e
    parts.append(tree.html[at:])
    return "".join(parts)


def _neutral(folder: str) -> str:
    return posixpath.join(folder, _NEUTRAL) if folder else _NEUTRAL


class _Navigation:
    """The trees of one build, by folder."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.sphinx_trees: dict[str, str] = {}
        self.trees: dict[str, _Tree | None] = {}

    def neutral(self, folder: str) -> str:
        """Sphinx's table of contents for ``folder`` with no page marked (what furo is given)."""
        from sphinx.environment.adapters.toctree import global_toctree_for_doc

        if folder not in self.sphinx_trees:
            builder = self.app.builder
            assert isinstance(builder, StandaloneHTMLBuilder)
            toctree = global_toctree_for_doc(
                self.app.env, _neutral(folder), builder, tags=builder.tags, collapse=False, titles_only=True, maxdepth=-1, includehidden=True
            )
            self.sphinx_trees[folder] = builder.render_partial(toctree)["fragment"] if toctree is not None else ""
        return self.sphinx_trees[folder]

    def hand_furo_the_folders_tree(
        self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
    ) -> None:
        own: Callable[..., str] | None = context.get("toctree")
        if own is None or app.builder.name != "html":
            return
        folder = posixpath.dirname(pagename)

        def toctree(**kwargs: Any) -> str:
            if kwargs != _FURO_TREE:
                return own(**kwargs)
            # furo asked as it does for its tree: what it makes of this is the folder's tree
            context[_HANDED] = True
            return self.neutral(folder)

        context["toctree"] = toctree
        context[_OWN] = own

    def mark_the_page(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
        own = context.pop(_OWN, None)
        if own is not None:
            context["toctree"] = own
        tree_html = context.get("furo_navigation_tree")
        if own is None or not context.pop(_HANDED, False) or not isinstance(tree_html, str):
            return  # furo made this page's tree from the page's own table of contents
        folder = posixpath.dirname(pagename)
        if folder not in self.trees:
            self.trees[folder] = _index(tree_html)
        tree = self.trees[folder]
        # the page's link as Sphinx wrote it in the folder's tree
        href = app.builder.get_relative_uri(_neutral(folder), pagename)
        marked = _marked(tree, href) if tree is not None else None
        if marked is None:
            from furo.navigation import get_navigation_tree

            marked = get_navigation_tree(own(**_FURO_TREE))
        context["furo_navigation_tree"] = marked


# furo's computation of its tree and what this module calls in its place
_FURO = (
    Internal("furo:_compute_navigation_tree", "context"),
    Internal("furo.navigation:get_navigation_tree", "toctree_html"),
    Internal(
        "sphinx.environment.adapters.toctree:global_toctree_for_doc",
        "env, docname, builder, *, tags, collapse, includehidden, maxdepth, titles_only",
    ),
    Internal("sphinx.builders.html:StandaloneHTMLBuilder.render_partial", "self, node"),
)


def _install(app: Sphinx) -> None:
    if app.builder.name != "html" or app.config.html_theme != "furo" or not usable("navigation", *_FURO):
        return
    navigation = _Navigation(app)
    # furo computes its tree at priority 500; the Swedish labels (theme_sv) follow at 900
    app.connect("html-page-context", navigation.hand_furo_the_folders_tree, priority=400)
    app.connect("html-page-context", navigation.mark_the_page, priority=800)


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _install)
