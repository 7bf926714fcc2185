"""The Sphinx extension of lis: loaded by conf.py as ``checks.sphinxext``.

It imports the model (checks.*) and the site's renderers, never the gate's pipeline.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from checks import __version__
from checks.site import WIDGETS
from checks.sphinxext import (
    banners,
    build_rules,
    calendar_file,
    check_builder,
    coverage_line,
    facts,
    incident_clocks,
    incremental,
    internals,
    matrix_page,
    navigation,
    need_boxes,
    need_search,
    placeholders,
    review_pages,
    safety,
    section_toctree,
    selective_write,
    soa_page,
    speedups,
    theme_sv,
    widgets,
)
from checks.sphinxext.catalog_directive import CatalogDirective, catalog_coverage
from checks.sphinxext.env_state import remember_app
from checks.sphinxext.placeholders import add_placeholder_node
from checks.sphinxext.rules_page import RulesDirective



# The shape of what lis keeps on Sphinx's environment (env_state.EnvState).
# Sphinx starts from a fresh environment when it changes: raise it whenever a
# collector keeps something new, or a cache from the last version would lack it.
ENV_VERSION = 3


def setup(app: Sphinx) -> dict[str, Any]:
    # directives find the app of their environment (BuildEnvironment.app is deprecated)
    app.connect("builder-inited", remember_app)
    # what the speed-ups replaced in the libraries is theirs again when the run ends
    app.connect("build-finished", internals.restore, priority=1000)
    check_builder.setup(app)
    incremental.setup(app)
    # the boundary: no raw HTML, only the project's own files, no personnummer published
    safety.setup(app)
    # configuration: the date of the build (lis_today) and the rules switch (lis_rules)
    facts.setup(app)
    build_rules.setup(app)
    # reading: directives and the placeholder nodes they leave
    app.add_directive("catalog", CatalogDirective)
    add_placeholder_node(app, catalog_coverage)
    app.add_directive("lis-rules", RulesDirective)
    section_toctree.setup(app)
    widgets.register(app, WIDGETS)
    matrix_page.setup(app)
    review_pages.setup(app)
    soa_page.setup(app)
    # the årshjul as arshjul.ics beside the start page (build-finished)
    calendar_file.setup(app)
    # after reading: the pages with placeholders are written on every build
    placeholders.setup(app)
    # writing: lis's HTML builder, only the pages whose signature (what they show from elsewhere) changed
    selective_write.setup(app)
    # writing: placeholders filled from the build's facts (write-started, 550)
    coverage_line.setup(app)
    banners.setup(app)
    # an incident's clock under its box (checks.deadlines)
    incident_clocks.setup(app)
    # writing: sphinx-needs' need boxes without empty lines, their plain lines written as HTML
    need_boxes.setup(app)
    # writing: Sphinx's and sphinx-needs' own helpers, faster with the same result
    speedups.setup(app)
    # writing: the sidebar's tree once per folder, each page's place marked on a copy
    navigation.setup(app)
    theme_sv.setup(app)
    need_search.setup(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
