"""Sphinx configuration of the city's shared requirement catalog (the catalog project).

It publishes the requirement catalogs every office answers to, as a site and as
sphinx-needs' needs.json. ``version`` is the published version an office pins; the
versions published before are read from ``needs.json`` in this folder (``needs_file``)
and kept beside the new one, so one file holds every published version.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parent.resolve()
# The data model is lis's own (the repository's ubproject.toml), the same as every
# office's: a requirement published here is a requirement there.
REPO = ROOT.parent

project = "Stockholms stads kravkatalog för informationssäkerhet"
author = "Stockholms stad"
copyright = "Stockholms stad"
language = "sv"
# The version published next: raise it for every change an office should see
# (lis build, then copy _build/html/needs.json to needs.json here; README: Delade kravkataloger).
version = release = "2026.1"

extensions = ["myst_parser", "sphinx_needs", "checks.sphinxext"]
root_doc = "index"
exclude_patterns = ["_build"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

needs_from_toml = str(REPO / "ubproject.toml")
needs_role_need_max_title_length = -1
# Every published version stays in needs.json beside the one built now (none before the first).
_published = ROOT / "needs.json"
needs_file = str(_published) if _published.is_file() else ""
# The same content gives the same file: no build time in it.
needs_reproducible_json = True

html_theme = "furo"
html_title = "Stockholms stads kravkatalog"
html_last_updated_fmt = None
html_show_sourcelink = False
html_search_language = "sv"
locale_dirs = [str(REPO / "locale")]
gettext_compact = False
# Only what a requirement holds, not every field's empty default: the readers restore the
# defaults from the file's needs_schema (a third of the size per version).
needs_json_remove_defaults = True
