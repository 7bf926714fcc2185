"""Site widgets: a directive leaves a placeholder, filled in once every need is known.

A widget's directive runs while pages are read, when other pages' needs may not
exist yet; so it only leaves a :class:`lis_widget` node. On ``doctree-resolved``
(the write phase, all needs resolved) the node is replaced by the widget's HTML.
Pages with widgets summarise the whole project and the build date, so they are
re-read on every build.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks.catalog import load_catalog
from checks.gate import resolve_today
from checks.project import ProjectError, load_project
from checks.rules import GateSettings
from checks.site.context import SiteContext

logger = logging.getLogger(__name__)

Renderer = Callable[[SiteContext], str]

# The widgets by directive name, filled in by checks.site.setup().
WIDGETS: dict[str, Renderer] = {}

_ENV_DOCS = "lis_widget_docs"


class lis_widget(nodes.General, nodes.Element):
    """Placeholder for a widget; ``widget`` names its renderer."""


def _skip(self: Any, node: Any) -> None:  # pragma: no cover - only if a placeholder survives
    raise nodes.SkipNode


class WidgetDirective(SphinxDirective):
    """A directive with no arguments whose name selects the widget."""

    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def run(self) -> list[nodes.Node]:
        docs: set[str] = getattr(self.env, _ENV_DOCS, set())
        docs.add(self.env.docname)
        setattr(self.env, _ENV_DOCS, docs)
        node = lis_widget(widget=self.name)
        self.set_source_info(node)
        return [node]


@lru_cache(maxsize=8)
def _source_titles(requirements_dir: Path, stamp: tuple[tuple[str, float], ...]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for name, _ in stamp:
        catalog = load_catalog(requirements_dir / name)
        if catalog.source is not None and catalog.source.id:
            titles[catalog.source.id] = catalog.source.title or catalog.source.id
    return titles


def source_titles(root: Path) -> dict[str, str]:
    """The title of every requirement source, by id, from requirements/*.yaml."""
    folder = root / "requirements"
    if not folder.is_dir():
        return {}
    stamp = tuple(sorted((p.name, p.stat().st_mtime) for p in folder.glob("*.yaml")))
    return _source_titles(folder, stamp)


def site_date(app: Sphinx) -> date:
    """The date the gate checks as of: ``lis_today``, else LIS_TODAY, else today."""
    try:
        return resolve_today(getattr(app.config, "lis_today", "") or None)
    except ProjectError:
        return date.today()  # the gate's build hook has already warned about the value


def site_context(app: Sphinx, docname: str) -> SiteContext:
    from sphinx_needs.data import SphinxNeedsData

    view = SphinxNeedsData(app.env).get_needs_view()
    needs = {need_id: dict(need.items()) for need_id, need in view.items()}
    root = Path(app.confdir)
    try:
        settings = load_project(root).settings
        GateSettings.from_dict(settings)
    except ProjectError:
        settings = {}  # the gate's build hook has already warned about the settings
    return SiteContext(
        needs=needs,
        today=site_date(app),
        settings=settings,
        doc_uri=lambda target: app.builder.get_relative_uri(docname, target),
        source_titles=source_titles(root),
        root=root,
    )


def fill_widgets(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(lis_widget))
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


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, _ENV_DOCS, set()).discard(docname)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    docs: set[str] = getattr(env, _ENV_DOCS, set())
    docs.update(getattr(other, _ENV_DOCS, set()) & set(docnames))
    setattr(env, _ENV_DOCS, docs)


def _always_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    # Widgets summarise other pages and the date: re-read their pages every build.
    return sorted(getattr(env, _ENV_DOCS, set()) - removed)


def register(app: Sphinx, widgets: dict[str, Renderer]) -> None:
    """Register one directive per widget and the placeholder machinery."""
    WIDGETS.update(widgets)
    app.add_node(lis_widget, html=(_skip, None), text=(_skip, None), latex=(_skip, None))
    for name in widgets:
        app.add_directive(name, WidgetDirective)
    app.connect("doctree-resolved", fill_widgets)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-get-outdated", _always_outdated)
