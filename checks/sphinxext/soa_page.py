"""The site's *Tillämpningsförklaring*: the ``{lis-soa}`` directive and its downloads.

As the matrix page (checks.sphinxext.matrix_page): the directive leaves a
placeholder; on ``doctree-resolved`` it becomes the count per implementation
state and the table of all Annex A controls, from the build's facts (the same
rows ``lis export soa`` writes). At ``build-finished`` the HTML builder writes
``tillampningsforklaring.xlsx`` and ``.csv`` of the same build beside the site.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from checks.exporters import soa as soa_exporters
from checks.exporters.atomic import write_atomic
from checks.exporters.html import CSS_FILE, STATIC
from checks.soa import Soa
from checks.sphinxext import facts
from checks.sphinxext.downloads import write_download
from checks.sphinxext.placeholders import lis_placeholder

XLSX_NAME = "tillampningsforklaring.xlsx"
CSV_NAME = "tillampningsforklaring.csv"
_DOCS = "_lis_soa_docs"


class lis_soa(lis_placeholder):
    """Placeholder for the Statement of Applicability."""


def _skip(self: Any, node: Any) -> None:  # pragma: no cover - only if a placeholder survives
    raise nodes.SkipNode


class SoaDirective(SphinxDirective):
    """``{lis-soa}``: no arguments, no content."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = lis_soa()
        self.set_source_info(node)
        return [node]


def soa_of(app: Sphinx) -> Soa:
    return facts.compute(app).soa


def _soa_docs(app: Sphinx) -> set[str]:
    docs: set[str] | None = getattr(app, _DOCS, None)
    if docs is None:
        docs = set()
        setattr(app, _DOCS, docs)
    return docs


def fill_soa(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(lis_soa))
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.replace_self(nodes.paragraph(text="Tillämpningsförklaringen visas i webbplatsens HTML-version."))
        return
    _soa_docs(app).add(docname)
    soa = soa_of(app)
    here = posixpath.dirname(app.builder.get_target_uri(docname))

    def link(target: str, need_id: str) -> str | None:
        return f"{app.builder.get_relative_uri(docname, target)}#{need_id}" if target else None

    downloads = (
        '<p class="matris-downloads">Ladda ner tillämpningsförklaringen: '
        f'<a href="{posixpath.relpath(XLSX_NAME, here or ".")}" download>{XLSX_NAME}</a> (Excel) · '
        f'<a href="{posixpath.relpath(CSV_NAME, here or ".")}" download>{CSV_NAME}</a> (CSV för Excel)</p>'
    )
    markup = "\n".join([downloads, soa_exporters.summary_list(soa), soa_exporters.soa_table(soa, link)])
    for node in placeholders:
        node.replace_self(nodes.raw("", markup, format="html"))


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename in _soa_docs(app):
        app.add_css_file(CSS_FILE)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not _soa_docs(app):
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    static.mkdir(parents=True, exist_ok=True)
    write_atomic(static / CSS_FILE, (STATIC / CSS_FILE).read_bytes())
    soa = soa_of(app)
    write_download(app, XLSX_NAME, soa, lambda: soa_exporters.render("xlsx", soa))
    write_download(app, CSV_NAME, soa, lambda: soa_exporters.render("csv", soa))


def setup(app: Sphinx) -> None:
    app.add_node(lis_soa, html=(_skip, None), text=(_skip, None), latex=(_skip, None))
    app.add_directive("lis-soa", SoaDirective)
    app.connect("doctree-resolved", fill_soa)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", write_downloads)
