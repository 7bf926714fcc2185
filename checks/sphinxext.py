"""The Sphinx extension of lis: loaded by conf.py as ``checks.sphinxext``."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from checks import __version__
from checks.directive import CatalogDirective, catalog_coverage
from checks import coverage_line
from checks import build_hook
from checks.rules_directive import RulesDirective
from checks import site
from checks import matrix_page


def _skip(self: Any, node: Any) -> None:  # pragma: no cover - placeholder nodes are replaced
    from docutils import nodes

    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("catalog", CatalogDirective)
    app.add_node(catalog_coverage, html=(_skip, None), text=(_skip, None))
    coverage_line.setup(app)  # fills the placeholder with the source's coverage
    # the gate's rules in the build (lis_today, lis_rules) and the Kontroller page
    build_hook.setup(app)
    app.add_directive("lis-rules", RulesDirective)
    site.setup(app)
    matrix_page.setup(app)  # the Spårbarhetsmatris page and its downloads
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
