"""Purge every page that will be read again before any of them is read.

Sphinx purges a page just before it reads it. When a need moves from one page to
another that is read first (LG-2025 from ``genomgang/index`` to
``genomgang/2025/index``), the new page meets the old copy still in the
environment: sphinx-needs reports a duplicate id, and once the old page is
purged the need is gone — an incremental build then says what a clean build does
not. Purging all outdated pages up front makes the order of reading irrelevant
(purging is idempotent, so Sphinx's own purge later does no harm).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def purge_outdated(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for docname in docnames:
        if docname in env.all_docs:
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


def setup(app: Sphinx) -> None:
    # first of every env-before-read-docs listener: nothing may see the stale needs
    app.connect("env-before-read-docs", purge_outdated, priority=1)
