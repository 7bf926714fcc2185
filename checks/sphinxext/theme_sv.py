"""The parts of furo's output that its templates cannot reach, in Swedish.

Furo builds the sidebar's navigation tree in Python and names each expand
button "Toggle navigation of <page>" (furo/navigation.py); a screen reader reads
that to a Swedish user. The tree is in the page context before the page is
rendered, so the label is replaced there.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

ENGLISH_TOGGLE = 'aria-label="Toggle navigation of '
SWEDISH_TOGGLE = 'aria-label="Visa eller dölj undersidor till '


def swedish_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    tree = context.get("furo_navigation_tree")
    if isinstance(tree, str) and ENGLISH_TOGGLE in tree:
        context["furo_navigation_tree"] = tree.replace(ENGLISH_TOGGLE, SWEDISH_TOGGLE)


def setup(app: Sphinx) -> None:
    # after furo's own handler (priority 500), which computes the tree
    app.connect("html-page-context", swedish_navigation, priority=900)
