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

import posixpath
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from checks.exporters import csv_, xlsx
from checks.exporters.atomic import write_atomic
from checks.exporters.html import CSS_FILE, JS_FILE, STATIC, matrix_table, summary_table
from checks.matrix import Matrix
from checks.sphinxext import facts
from checks.sphinxext.downloads import write_download
from checks.sphinxext.placeholders import lis_placeholder


XLSX_NAME = "matris.xlsx"
CSV_NAME = "matris.csv"


class lis_matrix(lis_placeholder):
    """Placeholder for the matrix, replaced once every need is resolved."""


def _skip(self: Any, node: Any) -> None:  # pragma: no cover - only if a placeholder survives
    raise nodes.SkipNode


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


def _downloads(app: Sphinx, docname: str) -> str:
    here = posixpath.dirname(app.builder.get_target_uri(docname))
    xlsx_href = posixpath.relpath(XLSX_NAME, here or ".")
    csv_href = posixpath.relpath(CSV_NAME, here or ".")
    return (
        '<p class="matris-downloads">Ladda ner matrisen: '
        f'<a href="{xlsx_href}" download>{XLSX_NAME}</a> (Excel, med sammanfattning per källa) · '
        f'<a href="{csv_href}" download>{CSV_NAME}</a> (CSV för Excel, semikolonseparerad)</p>'
    )


def fill_matrix(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = list(doctree.findall(lis_matrix))
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.replace_self(nodes.paragraph(text="Spårbarhetsmatrisen visas i webbplatsens HTML-version."))
        return
    _matrix_docs(app).add(docname)
    matrix = matrix_of(app)

    def link(target: str, need_id: str) -> str | None:
        if not target:
            return None
        return f"{app.builder.get_relative_uri(docname, target)}#{need_id}"

    markup = "\n".join(
        [_downloads(app, docname), summary_table(matrix), matrix_table(matrix, link)]
    )
    for node in placeholders:
        node.replace_self(nodes.raw("", markup, format="html"))


def _matrix_docs(app: Sphinx) -> set[str]:
    """The pages of this build that show the matrix (placeholders are written every build)."""
    docs: set[str] | None = getattr(app, "_lis_matrix_docs", None)
    if docs is None:
        docs = set()
        setattr(app, "_lis_matrix_docs", docs)
    return docs


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename in _matrix_docs(app):
        app.add_css_file(CSS_FILE)
        app.add_js_file(JS_FILE)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not _matrix_docs(app):
        return
    outdir = Path(app.outdir)
    static = outdir / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in (CSS_FILE, JS_FILE):
        write_atomic(static / name, (STATIC / name).read_bytes())
    matrix = matrix_of(app)
    write_download(app, XLSX_NAME, matrix, lambda: xlsx.render(matrix))
    write_download(app, CSV_NAME, matrix, lambda: csv_.render(matrix))


def setup(app: Sphinx) -> None:
    app.add_node(lis_matrix, html=(_skip, None), text=(_skip, None), latex=(_skip, None))
    app.add_directive("lis-matrix", MatrixDirective)
    app.connect("doctree-resolved", fill_matrix)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", write_downloads)
