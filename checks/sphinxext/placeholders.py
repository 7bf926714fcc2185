"""Pages with content filled in after reading: one EnvironmentCollector for all of them.

A directive that summarises other pages (a widget, the matrix, a catalog's
coverage line) runs while pages are read, when the needs it summarises may not
exist yet. It leaves a placeholder node; once every need is resolved
(``doctree-resolved``) the node is filled in. The collector remembers which pages
hold placeholders and has Sphinx write them again on every build (without
reading them again: a placeholder's content depends on other pages and on the
date, not on its own source). Sphinx's ``ext/todo.py`` and
``environment/collectors`` are the model.
"""

from __future__ import annotations

from collections.abc import Callable, Set
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from checks.sphinxext.env_state import env_state



class lis_placeholder(nodes.General, nodes.Element):
    """Base class of every placeholder node of lis."""

    # True for a node whose content is part of its page's signature
    # (checks.sphinxext.selective_write): its page is written when that changes,
    # not on every build
    signed = False


def _skip(self: object, node: nodes.Node) -> None:  # pragma: no cover - placeholders are replaced
    raise nodes.SkipNode


def add_placeholder_node(app: Sphinx, node: type[lis_placeholder]) -> None:
    """Register a placeholder node: a writer that ever meets one (it was not filled in) skips it."""
    app.add_node(node, html=(_skip, None), text=(_skip, None), latex=(_skip, None))


def kept(holder: object, name: str, empty: Callable[[], Any] = set) -> Any:
    """What lis keeps on the app for one build under ``name``, made by ``empty()`` the first
    time (what it keeps on the environment is in checks.sphinxext.env_state)."""
    if not hasattr(holder, name):
        setattr(holder, name, empty())
    return getattr(holder, name)


def placeholder_docs(env: BuildEnvironment) -> set[str]:
    """The pages that hold at least one placeholder written on every build."""
    return env_state(env).placeholder_docs


def placeholders_in(app: Sphinx, doctree: nodes.document, docname: str, *kinds: type[lis_placeholder]) -> list[Any]:
    """The page's placeholders of ``kinds``, in document order.

    Each filler asks on every page it resolves; a page the collector saw hold none
    (most pages: the needs' own) is not walked at all.
    """
    if docname not in env_state(app.env).placeholder_holders:
        return []
    return [node for node in doctree.findall(lis_placeholder) if isinstance(node, kinds)]


class PlaceholderCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        state = env_state(env)
        state.placeholder_docs.discard(docname)
        state.placeholder_holders.discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        state, theirs = env_state(env), env_state(other)
        state.placeholder_docs.update(theirs.placeholder_docs & docnames)
        state.placeholder_holders.update(theirs.placeholder_holders & docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        found = list(doctree.findall(lis_placeholder))
        state = env_state(app.env)
        if found:
            state.placeholder_holders.add(app.env.docname)
        if any(not node.signed for node in found):
            state.placeholder_docs.add(app.env.docname)

    def get_updated_docs(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        # written again on every build: what they show depends on other pages;
        # only for HTML, the one builder that renders them
        if app.builder.format != "html":
            return []
        return sorted(env_state(env).placeholder_docs & env.found_docs)


def setup(app: Sphinx) -> None:
    app.add_env_collector(PlaceholderCollector)
