"""The site's *Spårbarhetsmatris*: the ``{lis-matrix}`` directive and the downloads.

The directive leaves a placeholder; on ``doctree-resolved`` (all needs known)
it becomes the coverage per source, links to the downloads and the whole
matrix with an in-page filter (``matris.js``; the table is complete without
it). At ``build-finished`` the HTML builder writes ``matris.xlsx`` and
``matris.csv`` of the same build into the output folder and copies the page's
CSS and script into ``_static``. Rows come from checks.matrix, as in
``lis export matrix``, so the page and the export always agree.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from checks.exporters import csv_, xlsx
from checks.exporters.html import CSS_FILE, JS_FILE, matrix_table, summary_table
from checks.matrix import Matrix
from checks.sphinxext import facts, table_page
from checks.sphinxext.placeholders import add_placeholder_node, lis_placeholder

XLSX_NAME = "matris.xlsx"
CSV_NAME = "matris.csv"
_SHOWN = "_lis_matrix_docs"


class lis_matrix(lis_placeholder):
    """Placeholder for the matrix, replaced once every need is resolved."""



class MatrixDirective(SphinxDirective):
    """``{lis-matrix}``: no arguments, no content."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = lis_matrix()
        self.set_source_info(node)
        return [node]


def matrix_of(app: Sphinx) -> Matrix:
    """The whole matrix of this build (computed once, from the build's facts)."""
    return facts.compute(app).matrix


def fill_matrix(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    def markup() -> str:
        matrix = matrix_of(app)
        downloads = table_page.download_links(
            app,
            docname,
            "Ladda ner matrisen",
            [(XLSX_NAME, "Excel, med sammanfattning per källa"), (CSV_NAME, "CSV för Excel, semikolonseparerad")],
        )
        return "\n".join([downloads, summary_table(matrix), matrix_table(matrix, table_page.page_linker(app, docname))])

    elsewhere = "Spårbarhetsmatrisen visas i webbplatsens HTML-version."
    table_page.fill(app, doctree, docname, lis_matrix, _SHOWN, elsewhere, markup)


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename in table_page.shown_on(app, _SHOWN):
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    files = {XLSX_NAME: lambda: xlsx.render(matrix_of(app)), CSV_NAME: lambda: csv_.render(matrix_of(app))}
    table_page.write_files(app, exception, _SHOWN, (CSS_FILE, JS_FILE), files, lambda: matrix_of(app))


def setup(app: Sphinx) -> None:
    add_placeholder_node(app, lis_matrix)
    app.add_directive("lis-matrix", MatrixDirective)
    app.connect("doctree-resolved", fill_matrix)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", write_downloads)
