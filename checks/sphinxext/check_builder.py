"""The ``lis-check`` builder: the gate's Sphinx run resolves pages but writes nothing.

sphinx-needs' ``needs`` builder skips the write phase entirely, so a broken
``{need}`` role or Markdown link, which Sphinx only reports when it resolves a
page, would pass ``lis check`` and then fail ``lis build --strict``. This
builder resolves each page that was read (or must be written again) exactly as
the HTML builder does, and writes no file; unchanged pages keep the warnings
saved from the run that last resolved them (checks.gate.sphinx_run).
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.dummy import DummyBuilder


class CheckBuilder(DummyBuilder):
    name = "lis-check"
    format = "lis-check"

    def get_outdated_docs(self) -> Iterable[str]:
        # only what was read this time: the rest was resolved in an earlier run
        return []


def unwrap_needs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the check, a need's box is never shown: keep its content (whose {need} roles
    and links must still resolve) and skip the costly layout sphinx-needs renders for it."""
    if app.builder.name != CheckBuilder.name:
        return
    from sphinx_needs.nodes import Need

    for node in list(doctree.findall(Need)):
        # a plain container keeps the need's ids (a target of links) and its content
        node.replace_self(nodes.container("", *node.children, ids=list(node["ids"])))


def setup(app: Sphinx) -> None:
    app.add_builder(CheckBuilder)
    # before sphinx-needs formats the need nodes (its handlers run at 100 and 500)
    app.connect("doctree-resolved", unwrap_needs, priority=50)
