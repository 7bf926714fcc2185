"""The site's *Tillämpningsförklaring*: the ``{lis-soa}`` directive and its downloads.

As the matrix page (checks.sphinxext.matrix_page; both through
checks.sphinxext.table_page): the directive leaves a placeholder; on
``doctree-resolved`` it becomes the count per implementation state and the
table of all Annex A controls, from the build's facts (the same rows
``lis export soa`` writes). At ``build-finished`` the HTML builder writes
``tillampningsforklaring.xlsx`` and ``.csv`` of the same build beside the site.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from checks.exporters import soa as soa_exporters
from checks.exporters import soa_pdf as soa_print
from checks.exporters.html import CSS_FILE
from checks.soa import Soa
from checks.sphinxext import facts, table_page
from checks.sphinxext.placeholders import add_placeholder_node, lis_placeholder

XLSX_NAME = "tillampningsforklaring.xlsx"
CSV_NAME = "tillampningsforklaring.csv"
# The printable document: the HTML lis export soa --format pdf prints, with its cover.
PRINT_NAME = "tillampningsforklaring-utskrift.html"
_SHOWN = "_lis_soa_docs"


class lis_soa(lis_placeholder):
    """Placeholder for the Statement of Applicability."""



class SoaDirective(SphinxDirective):
    """``{lis-soa}``: no arguments, no content."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        node = lis_soa()
        self.set_source_info(node)
        return [node]


def soa_of(app: Sphinx) -> Soa:
    return facts.compute(app).soa


def fill_soa(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    def markup() -> str:
        soa = soa_of(app)
        downloads = table_page.download_links(
            app,
            docname,
            "Ladda ner tillämpningsförklaringen",
            [(XLSX_NAME, "Excel"), (CSV_NAME, "CSV för Excel"), (PRINT_NAME, "utskrift med försättsblad")],
        )
        link = table_page.page_linker(app, docname)
        return "\n".join([downloads, soa_exporters.summary_list(soa), soa_exporters.soa_table(soa, link)])

    elsewhere = "Tillämpningsförklaringen visas i webbplatsens HTML-version."
    table_page.fill(app, doctree, docname, lis_soa, _SHOWN, elsewhere, markup)


def add_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if pagename in table_page.shown_on(app, _SHOWN):
        app.add_css_file(CSS_FILE)


def write_downloads(app: Sphinx, exception: Exception | None) -> None:
    files = {
        XLSX_NAME: lambda: soa_exporters.render("xlsx", soa_of(app)),
        CSV_NAME: lambda: soa_exporters.render("csv", soa_of(app)),
        PRINT_NAME: lambda: soa_print.to_html(soa_of(app), print_facts(app)).encode("utf-8"),
    }
    table_page.write_files(app, exception, _SHOWN, (CSS_FILE,), files, lambda: (soa_of(app), print_facts(app)))


def print_facts(app: Sphinx) -> list[tuple[str, str]]:
    """The printable document's cover: the office, the build's date and the content's version."""
    known = facts.compute(app)
    return soa_print.cover_facts(known.soa, known.settings, known.root, known.today.date)


def setup(app: Sphinx) -> None:
    add_placeholder_node(app, lis_soa)
    app.add_directive("lis-soa", SoaDirective)
    app.connect("doctree-resolved", fill_soa)
    app.connect("html-page-context", add_assets)
    app.connect("build-finished", write_downloads)
