"""Search finds a need by its id first: "RUT-002" puts the routine RUT-002 at the top.

Sphinx's full-text search splits "RUT-002" at the hyphen and ranks every page that
mentions "rut" and "002" alike, so the routine came third of 44 pages. Sphinx's
search also looks the whole query up among the index entries (``indexentries``
in searchindex.js), scoring an exact match 100 against at most ~15 for words in
the text. Each need therefore gets a main index entry with its id, pointing at
its own anchor. The entries are added when a page is written (doctree-resolved,
before sphinx-needs renders its boxes),
where the search index reads them; the pages' doctrees and the register page are
not changed.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx_needs.nodes import Need


def add_id_entries(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.format != "html":
        return
    for need in list(doctree.findall(Need)):
        # sphinx-needs moves the id to the rendered table; the node keeps it as refid
        nid = need.get("refid") or next(iter(need.get("ids") or []), "")
        if not nid or need.parent is None:
            continue
        entries = [("single", nid, nid, "main", None)]
        need.parent.insert(need.parent.index(need), addnodes.index(entries=entries))


def setup(app: Sphinx) -> None:
    # before sphinx-needs' process_need_nodes (500) replaces the Need nodes
    app.connect("doctree-resolved", add_id_entries, priority=400)
