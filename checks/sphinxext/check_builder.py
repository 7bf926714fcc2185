"""The ``lis-check`` builder: the gate's Sphinx run resolves pages but writes nothing.

sphinx-needs' ``needs`` builder skips the write phase entirely, so a broken
``{need}`` role or Markdown link, which Sphinx only reports when it resolves a
page, would pass ``lis check`` and then fail ``lis build --strict``. This
builder resolves each page that was read (or must be written again) exactly as
the HTML builder does, and writes no file; unchanged pages keep the warnings
saved from the run that last resolved them (checks.gate.sphinx_run).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.dummy import DummyBuilder

from checks.sphinxext.internals import Internal, usable
from checks.sphinxext.selective_write import SelectiveWriting


class CheckBuilder(SelectiveWriting, DummyBuilder):  # type: ignore[misc]  # pages as an iterator, not a set
    name = "lis-check"
    format = "lis-check"

    def requested_docs(self) -> set[str]:
        # only what was read this time: the rest was resolved in an earlier run
        return set()


def unwrap_needs(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the check, a need's box is never shown: keep its content (whose {need} roles
    and links must still resolve) and skip the costly layout sphinx-needs renders for it."""
    if app.builder.name != CheckBuilder.name:
        return
    from sphinx_needs.nodes import Need

    for node in list(doctree.findall(Need)):
        # a plain container keeps the need's ids (a target of links) and its content
        node.replace_self(nodes.container("", *node.children, ids=list(node["ids"])))


def check_need_roles(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """In the check, a ``{need}`` role's text is never shown: only whether its need exists.

    sphinx-needs renders each role's text from every field of the need it names
    (a third of resolving a page in the check). Here the role is checked as
    sphinx-needs checks it, with its warning, and left as plain text. A role whose
    own text template does more than name fields (``[[id]]``: a field the need
    lacks renders as nothing, so naming one cannot fail), or a site with its own
    role template, is left to sphinx-needs, whose rendering can warn about them.
    """
    if app.builder.name != CheckBuilder.name:
        return
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.logging import get_logger, log_warning
    from sphinx_needs.roles.need_ref import NeedRef

    if NeedsSphinxConfig(app.config).role_need_template != _DEFAULT_ROLE_TEMPLATE:
        return
    needs = SphinxNeedsData(app.env).get_needs_view()
    logger = get_logger("sphinx_needs.roles.need_ref")
    for node in list(doctree.findall(NeedRef)):
        text = node.astext()
        if ("[[" in text or "]]" in text) and not _FIELDS_ONLY.match(text):
            continue
        link = node["need_link"]
        # sphinx-needs' own messages (roles/need_ref.py), so the gate maps them the same way
        if link.id not in needs:
            log_warning(logger, f"linked need {node['reftarget']} not found", "link_ref", location=node)
        elif link.part is not None and link.part not in needs[link.id]["parts"]:
            log_warning(logger, f"linked need part {node['reftarget']} not found", "link_ref", location=node)
        node.replace_self(nodes.inline(text, text))


# sphinx-needs' default for needs_role_need_template (its config.py)
_DEFAULT_ROLE_TEMPLATE = "{{ title }} ({{ id }})"
# a role text of plain words and [[field]] names only: no filter, statement or expression
_FIELDS_ONLY = re.compile(r"^(?:[^\[\]{}%#]|\[\[\s*[A-Za-z_]\w*\s*\]\])*$")


# what the check's shortcuts copy from sphinx-needs: its role check and its warning
_SHORTCUTS = (
    Internal("sphinx_needs.config:NeedsSphinxConfig.role_need_template"),
    Internal("sphinx_needs.logging:log_warning", "logger, message, subtype, location, *, color, once, type"),
    Internal("sphinx_needs.roles.need_ref:NeedRef"),
    Internal("sphinx_needs.nodes:Need"),
)


def setup(app: Sphinx) -> None:
    app.add_builder(CheckBuilder)
    # the speed-up "check-shortcuts" (checks.sphinxext.internals): without it the check
    # draws every box and role as the site's build does, and finds the same
    if usable("check-shortcuts", *_SHORTCUTS):
        # before sphinx-needs formats the need nodes and roles (its handlers run at 100 and 500)
        app.connect("doctree-resolved", unwrap_needs, priority=50)
        app.connect("doctree-resolved", check_need_roles, priority=50)
