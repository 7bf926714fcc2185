"""The boundary of what the site publishes: the project's own files, no script, no personnummer.

- Raw HTML from content is off: MyST's ``html_block``/``html_inline`` syntax is
  disabled (HTML in a page or a catalog text shows as text) and docutils'
  ``raw`` directive with it (``raw_enabled``). The site's own widgets still
  make ``nodes.raw`` in Python (checks.sphinxext.widgets): that is not content.
- Every file a directive reads is checked before it is opened (LIS042):
  ``include`` and ``literalinclude`` are overridden here rather than found by
  scanning the pages for their syntax, because only Sphinx knows every way a
  directive can be written (MyST fences of any length, ``{eval-rst}``, a
  directive inside a catalog's text) and the path it resolves to; ``csv-table``
  with ``:file:`` likewise (``:url:`` is refused: the site works offline).
  Images and download links are checked on ``doctree-read`` before Sphinx's
  own collectors copy them; a refused one is removed from the page.
- An image or download at a remote address (``http://``, ``file://``, ``//host``) is
  removed from the page with a finding (LIS043): the site and the PDF work offline,
  and no reader's browser is sent elsewhere by the content.
- The text of every page as it will be published (Markdown formatting applied,
  included files, alt texts, front matter) and every image or download file is
  scanned for personnummer (LIS040), as are static files and templates outside
  docs/ (docs/ itself is scanned by the gate's pre-flight).

Each finding is a warning with type ``lis`` (subtype ``boundary``, ``remote``,
``personnummer``), mapped by checks.gate.messages.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.directives.patches import CSVTable
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks import personnummer
from checks.boundary import read_bounded, refusal, walk
from checks.locations import relative
from checks.sphinxext.env_state import project_root

logger = logging.getLogger(__name__)
HTML_SYNTAX = ("html_block", "html_inline")
# MyST extensions that turn HTML into directives: meaningless with HTML off, so kept off
HTML_EXTENSIONS = frozenset({"html_admonition", "html_image"})


def _root(env: Any) -> Path:
    return project_root(env)


def _env(directive: Any) -> Any:
    return directive.state.document.settings.env


def _refuse(directive: Any, what: str, problem: str) -> list[nodes.Node]:
    logger.warning(
        f"{what} läses inte: {problem}. Bara projektets egna filer publiceras; kopiera in filen "
        "i projektet och peka på kopian, eller ta bort hänvisningen.",
        location=(_env(directive).current_document.docname, directive.lineno),
        type="lis",
        subtype="boundary",
    )
    return []


def _target(directive: Any, argument: str) -> Path:
    _, absolute = _env(directive).relfn2path(argument.strip())
    return Path(absolute)


class SafeInclude(SphinxDirective):
    """``include``: the path checked, then MyST's or Sphinx's own include.

    Not a subclass of docutils' Include on purpose: MyST reads an Include
    subclass's file itself, without running the directive.
    """

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = {
        **Include.option_spec,
        "relative-images": directives.flag,
        "relative-docs": directives.path,
        "heading-offset": directives.nonnegative_int,
    }

    def run(self) -> list[nodes.Node]:
        argument = self.arguments[0]
        if argument.strip().startswith("<"):
            return _refuse(self, f"Direktivet {self.name}", "docutils standardfiler ligger utanför projektet")
        problem = refusal(_root(self.env), _target(self, argument))
        if problem:
            return _refuse(self, f"Filen i direktivet {self.name}", problem)
        renderer = getattr(self.state, "_renderer", None)
        if renderer is not None:  # a Markdown page: MyST's include
            from myst_parser.mocking import MockIncludeDirective

            return MockIncludeDirective(
                renderer,
                name=self.name,
                klass=Include,
                arguments=self.arguments,
                options=self.options,
                body=list(self.content),
                lineno=self.lineno,
            ).run()
        return list(
            Include(
                self.name,
                self.arguments,
                self.options,
                self.content,
                self.lineno,
                self.content_offset,
                self.block_text,
                self.state,
                self.state_machine,
            ).run()
        )


class SafeLiteralInclude(LiteralInclude):
    def run(self) -> list[nodes.Node]:
        problem = refusal(_root(self.env), _target(self, self.arguments[0]))
        if problem:
            return _refuse(self, f"Filen i direktivet {self.name}", problem)
        return super().run()


class SafeCSVTable(CSVTable):
    def run(self) -> list[nodes.Node]:
        if "url" in self.options:
            return _refuse(self, "Tabellen", "den hämtas från en adress på nätet (:url:); webbplatsen byggs utan nät")
        if "file" in self.options:
            name = self.options["file"]
            env = _env(self)
            if Path(name).is_absolute():
                # Sphinx reads an existing absolute path as it is, else from docs/
                candidates = [Path(name)] if Path(name).exists() else [_target(self, name)]
            else:
                candidates = [env.doc2path(env.current_document.docname).parent / name]
            for candidate in candidates:
                if problem := refusal(_root(env), candidate):
                    return _refuse(self, f"Filen i direktivet {self.name}", problem)
        return super().run()


def _node_location(node: nodes.Node, app: Sphinx, docname: str) -> str:
    source, line = get_source_line(node)
    return f"{source or app.env.doc2path(docname)}:{line or 1}"


def _local(uri: str) -> bool:
    return bool(uri) and not _remote(uri) and not uri.startswith(("data:", "mailto:", "#"))


# An address with a scheme ("http://", "file:///") or one that starts with "//"
# (the browser adds its own scheme): fetched from elsewhere, never from the project.
_ADDRESS = re.compile(r"^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")


def _remote(uri: str) -> bool:
    return bool(_ADDRESS.match(uri))


def _refuse_remote(app: Sphinx, node: nodes.Element, docname: str, what: str, uri: str) -> None:
    """A remote image or download (LIS043): every reader's browser, and the PDF export, would fetch it."""
    scheme = "file://" if uri.strip().lower().startswith("file:") else "en adress på nätet"
    logger.warning(
        f"{what} hämtas från {scheme} och tas bort från sidan: webbplatsen och PDF:en ska fungera utan "
        "nät och bara visa projektets egna filer. Lägg en kopia i projektet (till exempel docs/_static/) "
        "och peka på den, eller gör hänvisningen till en vanlig länk.",
        location=_node_location(node, app, docname),
        type="lis",
        subtype="remote",
    )
    node.parent.remove(node)


def check_files(app: Sphinx, doctree: nodes.document) -> None:
    """Images and downloads: refused ones leave the page before Sphinx copies them."""
    env = app.env
    docname = env.current_document.docname
    root = _root(env)
    targets: list[tuple[nodes.Element, str, str]] = [
        (node, node.get("uri", ""), "Bilden") for node in doctree.findall(nodes.image)
    ]
    targets += [
        (node, node.get("reftarget", ""), "Filen i nedladdningslänken")
        for node in doctree.findall(addnodes.download_reference)
    ]
    for node, uri, what in targets:
        if _remote(uri):
            _refuse_remote(app, node, docname, what, uri)
            continue
        if not _local(uri) or "*" in uri:
            continue
        _, absolute = env.relfn2path(uri, docname)
        problem = refusal(root, absolute)
        if problem:
            logger.warning(
                f"{what} läses inte: {problem}. Bara projektets egna filer publiceras; kopiera in "
                "filen i projektet (till exempel docs/_static/) och peka på kopian.",
                location=_node_location(node, app, docname),
                type="lis",
                subtype="boundary",
            )
            node.parent.remove(node)
            continue
        path = Path(absolute)
        if path.is_file():
            _scan_file(app, path, _node_location(node, app, docname))


def _scan_file(app: Sphinx, path: Path, location: str) -> None:
    """A file copied to the site as it is (an image, a download): personnummer in its bytes."""
    try:
        text = read_bounded(path).decode("utf-8", errors="replace")
    except OSError:
        return
    root = _root(app.env)
    for match in personnummer.find(text, markdown=False):
        logger.warning(
            personnummer.message(match, f" i {relative(root, path)}, som kopieras till webbplatsen,"),
            location=location,
            type="lis",
            subtype="personnummer",
        )


def scan_published_text(app: Sphinx, doctree: nodes.document) -> None:
    """Personnummer in the page as it will be shown: formatting, includes, alt texts, front matter."""
    docname = app.env.current_document.docname

    root = _root(app.env)

    def report(text: str, node: nodes.Node, where: str) -> None:
        source, first = get_source_line(node)
        read_from = node.get("source") if isinstance(node, nodes.Element) else None
        for match in personnummer.find(text, markdown=False):
            line = (first or 1) + match.line - 1
            if read_from and source and Path(read_from) != Path(source):
                # a file's text shown at the directive that read it (literalinclude)
                line = first or 1
                where = f" (i filen {relative(root, read_from)} rad {match.line}, som visas här)"
            shown = personnummer.Match(line, match.column, match.kind)
            logger.warning(
                personnummer.message(shown, where),
                location=f"{source or app.env.doc2path(docname)}:{line}",
                type="lis",
                subtype="personnummer",
            )

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.TextElement):
            report(node.astext(), node, " (i texten som den visas på webbplatsen)")
            return
        for child in node.children:
            visit(child)

    visit(doctree)
    for element in doctree.findall(nodes.Element):
        for key in ("alt", "title"):
            value = element.get(key)
            if isinstance(value, str):
                report(value, element, f" (i attributet {key})")
    for key, value in app.env.metadata.get(docname, {}).items():
        if isinstance(value, str):
            report(value, doctree, f" (i sidans metadata, {key})")


def scan_config_paths(app: Sphinx, _env: Any, _docnames: list[str]) -> None:
    """Static files, extra files and templates outside docs/: copied to the site as they are."""
    root = Path(app.confdir).resolve()
    docs = Path(app.srcdir).resolve()
    config = app.config
    named = [
        *getattr(config, "html_static_path", []),
        *getattr(config, "html_extra_path", []),
        *getattr(config, "templates_path", []),
    ]
    singles = [getattr(config, "html_logo", None), getattr(config, "html_favicon", None)]
    for name in named:
        if _installed(name):
            continue  # an extension's own assets (sphinx-design adds its folder)
        folder = (root / name).resolve()
        if folder == docs or docs in folder.parents:
            continue  # the pre-flight walks docs/
        if refusal(root, folder):
            _config_refusal(root, name, "sökvägen pekar utanför projektet")
            continue
        for entry in walk(root, folder):
            if not entry.ok:
                _config_refusal(root, relative(root, entry.path), entry.problem or "")
            else:
                _scan_file(app, entry.path, f"{entry.path}:1")
    for name in singles:
        if name and "://" not in str(name):
            path = (root / str(name)).resolve()
            if path == docs or docs in path.parents:
                continue
            problem = refusal(root, path)
            if problem:
                _config_refusal(root, str(name), problem)
            elif path.is_file():
                _scan_file(app, path, f"{path}:1")


def _installed(name: Any) -> bool:
    """A path inside the Python installation: an extension's own files, not content."""
    path = Path(str(name))
    if not path.is_absolute():
        return False
    prefixes = {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    resolved = path.resolve()
    return any(prefix in resolved.parents for prefix in prefixes)


def _config_refusal(root: Path, name: str, problem: str) -> None:
    shown = name if not Path(name).is_absolute() else "en sökväg"
    logger.warning(
        f"{shown} i conf.py läses inte: {problem}. Bara projektets egna filer publiceras.",
        location=f"{root / 'conf.py'}:1",
        type="lis",
        subtype="boundary",
    )


def no_raw_html(_app: Sphinx, config: Config) -> None:
    """MyST shows HTML as text: its HTML syntax off whatever conf.py says."""
    disabled = list(getattr(config, "myst_disable_syntax", []) or [])
    config.myst_disable_syntax = [*disabled, *(s for s in HTML_SYNTAX if s not in disabled)]
    enabled = getattr(config, "myst_enable_extensions", None)
    if enabled:
        config.myst_enable_extensions = [e for e in enabled if e not in HTML_EXTENSIONS]


def no_raw_directive(app: Sphinx) -> None:
    # per-document docutils settings: the raw directive is refused ("disabled")
    app.env.settings["raw_enabled"] = False


def setup(app: Sphinx) -> None:
    app.connect("config-inited", no_raw_html, priority=900)
    app.connect("builder-inited", no_raw_directive)
    app.add_directive("include", SafeInclude, override=True)
    app.add_directive("literalinclude", SafeLiteralInclude, override=True)
    app.add_directive("csv-table", SafeCSVTable, override=True)
    # before Sphinx's image and download collectors (500) copy anything
    app.connect("doctree-read", check_files, priority=400)
    # after the metadata collector (500) has read the front matter
    app.connect("doctree-read", scan_published_text, priority=600)
    app.connect("env-before-read-docs", scan_config_paths)
