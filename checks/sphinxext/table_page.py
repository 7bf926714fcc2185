"""What the pages that show a whole table and offer it for download share: the matrix and the SoA.

Each has a directive that leaves a placeholder node; on ``doctree-resolved`` the
placeholder becomes the table's HTML (in the HTML builder; elsewhere a line that
says where to find it). The pages that show it are remembered per build, so the
table's styles load there and, at ``build-finished``, its stylesheet and
downloads are written beside the site only when some page shows it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from checks.exporters.atomic import write_atomic
from checks.exporters.html import STATIC, Linker
from checks.sphinxext.downloads import write_download
from checks.sphinxext.placeholders import kept, lis_placeholder, placeholders_in


def shown_on(app: Sphinx, key: str) -> set[str]:
    """The pages of this build that show the table ``key``."""
    shown: set[str] = kept(app, key)
    return shown


def page_linker(app: Sphinx, docname: str) -> Linker:
    """Links from ``docname`` to a need on its page, relative like the site's own links."""
    return lambda target, need_id: f"{app.builder.get_relative_uri(docname, target)}#{need_id}" if target else None


def download_links(app: Sphinx, docname: str, lead: str, files: Iterable[tuple[str, str]]) -> str:
    """``lead``: a link to each (file, what it is) written beside the site, relative to ``docname``."""
    here = posixpath.dirname(app.builder.get_target_uri(docname)) or "."
    links = " · ".join(f'<a href="{posixpath.relpath(name, here)}" download>{name}</a> ({what})' for name, what in files)
    return f'<p class="matris-downloads">{lead}: {links}</p>'


def fill(
    app: Sphinx, doctree: nodes.document, docname: str, node_class: type[lis_placeholder], key: str,
    elsewhere: str, markup: Callable[[], str],
) -> None:
    """Every ``node_class`` placeholder of the page becomes ``markup()`` (HTML) or the line ``elsewhere``."""
    placeholders = placeholders_in(app, doctree, docname, node_class)
    if not placeholders:
        return
    if app.builder.format != "html":
        for node in placeholders:
            node.replace_self(nodes.paragraph(text=elsewhere))
        return
    shown_on(app, key).add(docname)
    html = markup()
    for node in placeholders:
        node.replace_self(nodes.raw("", html, format="html"))


def write_files(
    app: Sphinx,
    exception: Exception | None,
    key: str,
    static: Iterable[str],
    files: Mapping[str, Callable[[], bytes]],
    data: Callable[[], object],
) -> None:
    """After an HTML build that shows the table: its ``static`` assets into ``_static``, its
    ``files`` beside the site, each rendered only when ``data()`` changed (checks.sphinxext.downloads)."""
    if exception is not None or app.builder.format != "html" or not shown_on(app, key):
        return
    outdir = Path(app.outdir)
    (outdir / "_static").mkdir(parents=True, exist_ok=True)
    for name in static:
        write_atomic(outdir / "_static" / name, (STATIC / name).read_bytes())
    shown = data()
    for name, render in files.items():
        write_download(app, name, shown, render)
