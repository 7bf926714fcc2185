"""Site widgets: a directive leaves a placeholder, filled in from the build's facts.

A widget's directive runs while pages are read, when other pages' needs may not
exist yet; so it only leaves a :class:`lis_widget` node. On ``doctree-resolved``
(the write phase, all needs resolved) the node is replaced by the widget's HTML,
rendered from the one :class:`~checks.sphinxext.facts.BuildFacts` of the build.
"""

from __future__ import annotations

from collections.abc import Callable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from checks.site.context import SiteContext
from checks.sphinxext import facts
from checks.sphinxext.placeholders import add_placeholder_node, lis_placeholder, placeholders_in

Renderer = Callable[[SiteContext], str]

# The widgets by directive name, filled in by checks.site.setup().
WIDGETS: dict[str, Renderer] = {}


class lis_widget(lis_placeholder):
    """Placeholder for a widget; ``widget`` names its renderer."""



class WidgetDirective(SphinxDirective):
    """A directive with no arguments whose name selects the widget."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        node = lis_widget(widget=self.name)
        self.set_source_info(node)
        return [node]


def site_context(app: Sphinx, docname: str) -> SiteContext:
    known = facts.compute(app)
    return SiteContext(
        needs=known.needs,
        today=known.today.date,
        settings=known.settings,
        doc_uri=lambda target: app.builder.get_relative_uri(docname, target),
        source_titles=known.source_titles,
        page_titles={name: title.astext() for name, title in app.env.titles.items()},
        root=known.root,
        findings=known.findings,
        evidence=known.evidence,
        now=known.today.now,
    )


def fill_widgets(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = placeholders_in(app, doctree, docname, lis_widget)
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.parent.remove(node)
        return
    ctx = site_context(app, docname)
    for node in placeholders:
        markup = WIDGETS[node["widget"]](ctx)
        node.replace_self(nodes.raw("", markup, format="html"))


def register(app: Sphinx, widgets: dict[str, Renderer]) -> None:
    """Register one directive per widget and the filling of its placeholder."""
    WIDGETS.update(widgets)
    add_placeholder_node(app, lis_widget)
    for name in widgets:
        app.add_directive(name, WidgetDirective)
    app.connect("doctree-resolved", fill_widgets)
