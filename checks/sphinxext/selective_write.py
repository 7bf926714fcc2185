"""Write a page again only when what it shows changed (in the check: resolve it again).

A page of lis shows more than its own source: the links to and from its needs
(sphinx-needs draws them in each need's box), the titles of the needs its
``{need}`` roles name, the navigation (every page's title, the tables of
contents, the headings links point to) and the banners of the gate's findings
about its documents, which follow the date. Sphinx writes only the pages it read,
so every page is offered for writing, and once the needs are resolved and the
findings known each page's *signature* — a digest of everything it shows from
elsewhere — is compared with the one saved when it was last written: only pages
whose signature changed are written again. Pages that summarise everything
(lis's placeholders but a catalog's coverage line, sphinx-needs' tables and
charts) are written every time, as are pages whose output is missing or older
than their source (Sphinx's own rule).

Sphinx has no event between choosing the pages and writing them where the list
can be changed (``write-started`` gets no list), so lis's builders (the HTML
builder, registered in its place, and the check's) override the builder's
public methods: ``get_outdated_docs`` offers every page, ``prepare_writing``
chooses (the HTML builder's search index keeps the entries of the pages left
out) and ``write_documents`` writes what was chosen. The choice is the speed-up
"selective-write" of checks.sphinxext.internals: with it off (LIS_SPEEDUPS=0)
every page is written on every build.

The pages with placeholders (the findings page, the start page, the matrix) are
written after every other page, and the event ``lis-summaries-next`` is emitted
between: a broken reference is found while the page that holds it is written,
so the findings shown on those pages can include what writing the others found.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from checks.coverage import coverage_of
from checks.exporters.atomic import read_json_state, write_json_atomic
from checks.sphinxext import facts
from checks.sphinxext.banners import banner_findings
from checks.sphinxext.catalog_directive import catalog_coverage
from checks.sphinxext.coverage_line import EVIDENCED_TYPES, coverage_paragraph, evidence_paragraph, requirement_state
from checks.sphinxext.env_state import env_state
from checks.sphinxext.internals import Internal, usable
from checks.sphinxext.placeholders import placeholder_docs

# Kept in the output folder, as Sphinx keeps its .buildinfo there: the signatures
# describe the pages beside them, so an output folder copied, replaced or abandoned
# half-way (lis build writes into a copy) never pairs with another folder's signatures.
SIGNATURES_FILE = ".lis-pages.json"
# emitted (no arguments but the app) when every page but those with placeholders is written
SUMMARIES_NEXT = "lis-summaries-next"


def _summary_nodes() -> tuple[type, ...]:
    """sphinx-needs' nodes that show other needs than the one they stand in (all but a
    {need} role and a need part), by its own list of the nodes it fills in."""
    from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO
    from sphinx_needs.roles.need_part import NeedPart
    from sphinx_needs.roles.need_ref import NeedRef

    return tuple(t for t in (*NODE_TYPES_PRIO, *NODE_TYPES) if t not in (NeedRef, NeedPart))


class NeedRefsCollector(EnvironmentCollector):
    """Which needs a page names in its text, whose coverage it shows, and which pages summarise needs."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        state = env_state(env)
        state.need_refs.pop(docname, None)
        state.coverage_sources.pop(docname, None)
        state.summary_docs.discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment) -> None:
        state, theirs = env_state(env), env_state(other)
        state.need_refs.update({d: r for d, r in theirs.need_refs.items() if d in docnames})
        state.coverage_sources.update({d: r for d, r in theirs.coverage_sources.items() if d in docnames})
        state.summary_docs.update(theirs.summary_docs & docnames)

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        from sphinx_needs.roles.need_ref import NeedRef

        docname = app.env.docname
        summary_types = _summary_nodes()
        named: set[str] = set()
        sources: set[str] = set()
        summary = False
        # one walk over the page's elements for all three
        for node in doctree.findall(nodes.Element):
            if isinstance(node, NeedRef):
                named.add(str(node["reftarget"]).split(".")[0])
            elif isinstance(node, catalog_coverage):
                sources.add(str(node["source_id"]))
            elif isinstance(node, summary_types):
                summary = True
        state = env_state(app.env)
        if named:
            state.need_refs[docname] = sorted(named)
        if sources:
            state.coverage_sources[docname] = sorted(sources)
        if summary:
            state.summary_docs.add(docname)


class _Selection:
    """What one build knows about its pages: read now, asked for by the builder, last signatures."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.requested: set[str] = set()
        self.signatures: dict[str, str] = {}


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def _navigation(env: BuildEnvironment) -> str:
    """Every page's title, tables of contents, headings and labels: what a page's
    navigation and links show of the others."""
    return _digest(
        {
            "docs": sorted(env.found_docs),
            "titles": {d: t.astext() for d, t in env.titles.items()},
            "toctrees": env.toctree_includes,
            "slugs": {d: sorted(m.get("myst_slugs", {}).items()) for d, m in env.metadata.items()},
            "labels": env.domaindata.get("std", {}).get("labels", {}),
        }
    )


def _link_fields(needs: Iterable[dict[str, Any]]) -> tuple[str, ...]:
    """The fields that hold links, both ways (every need has the same fields)."""
    for need in needs:
        back = [key for key in need if key.endswith("_back")]
        return tuple(sorted({*back, *(key.removesuffix("_back") for key in back)} & set(need)))
    return ()


def _links_of(need: dict[str, Any], fields: tuple[str, ...]) -> set[str]:
    """The ids a need's box shows: its links of every type, both ways."""
    shown: set[str] = set()
    for key in fields:
        value = need.get(key)
        if isinstance(value, list):
            shown.update(str(v).split(".")[0] for v in value)
    return shown


def signatures(app: Sphinx, docnames: Iterable[str]) -> dict[str, str]:
    """Each page's digest of what it shows from elsewhere (and of its own needs as resolved)."""
    env = app.env
    known = facts.compute(app)
    html = app.builder.format == "html"
    banners = banner_findings(known) if html else {}
    by_page: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for need in known.needs.values():
        by_page[str(need.get("docname") or "")].append(need)
    navigation = _navigation(env)
    refs = env_state(env).need_refs

    def shown(need_id: str) -> Any:
        need = known.needs.get(need_id)
        if need is None:
            return [need_id, None]
        return [need_id, need.get("title"), need.get("docname"), need.get("type"), need.get("status")]

    coverage = env_state(env).coverage_sources
    link_fields = _link_fields(known.needs.values())
    result = {}
    for docname in docnames:
        own = sorted(by_page.get(docname, []), key=lambda n: str(n.get("id")))
        named = set(refs.get(docname, ())).union(*(_links_of(n, link_fields) for n in own))
        result[docname] = _digest(
            [
                app.builder.name,
                navigation,
                own,
                [shown(i) for i in sorted(named)],
                [[f.code.name, f.message] for n in own for f in banners.get(str(n.get("id")), [])],
                # the coverage lines and each requirement's state, as the page shows them
                [coverage_paragraph(source, known.needs, known.settings.training_target).astext() for source in coverage.get(docname, ())],
                [coverage_of(n, known.needs, known.settings.training_target).name for n in own if n.get("type") == "req"],
                # the evidence axis under each requirement, the evidence line under each routine and training
                [
                    requirement_state(n, known.needs, known.settings.training_target, known.evidence.get(str(n.get("id")))).astext()
                    if n.get("type") == "req"
                    else evidence_paragraph(n, known.needs, known.today.date).astext()
                    for n in own
                    if n.get("type") == "req" or (n.get("type") in EVIDENCED_TYPES and not n.get("is_external"))
                ],
            ]
        )
    return result


def _saved(app: Sphinx) -> dict[str, str]:
    """The signatures of the pages in the output folder ({} when unknown)."""
    data = read_json_state(Path(app.outdir) / SIGNATURES_FILE)
    if data is None or data.get("builder") != app.builder.name:
        return {}
    pages = data.get("pages")
    return pages if isinstance(pages, dict) else {}


def _save(app: Sphinx, pages: dict[str, str]) -> None:
    write_json_atomic(Path(app.outdir) / SIGNATURES_FILE, {"builder": app.builder.name, "pages": pages})


# what the selection relies on in Sphinx: write() prepares the pages it then writes, and
# the HTML builder's search index keeps the entries of pages that prepare_writing is not given
_WRITING = (
    Internal("sphinx.builders:Builder.write", "self, build_docnames, updated_docnames, method"),
    Internal("sphinx.builders:Builder.prepare_writing", "self, docnames"),
    Internal("sphinx.builders:Builder.write_documents", "self, docnames"),
    Internal("sphinx.builders.html:StandaloneHTMLBuilder.load_indexer", "self, docnames"),
)


class SelectiveWriting(Builder):
    """A builder that is offered every page and writes those whose signature changed.

    With the speed-up "selective-write" off (LIS_SPEEDUPS=0) it writes every
    page on every build: what a page shows from other pages may have changed.
    Either way the pages with placeholders are written last.
    """

    def __init__(self, app: Sphinx, env: BuildEnvironment) -> None:
        super().__init__(app, env)
        # Builder.app is deprecated: the builder keeps the app it was made for
        self._lis_app = app

    def init(self) -> None:
        super().init()
        self.selection = _Selection()
        self.selective = usable("selective-write", *_WRITING)
        # the pages prepare_writing chose, None: every page given
        self.chosen: set[str] | None = None

    def requested_docs(self) -> str | Iterable[str]:
        """The pages the builder itself would write (Sphinx's rule: output missing or older)."""
        return super().get_outdated_docs()

    def get_outdated_docs(self) -> Iterator[str]:
        own = self.requested_docs()
        # a text instead of pages: everything, for the reason it gives
        self.selection.requested = set(self.env.found_docs) if isinstance(own, str) else set(own)
        # every page is a candidate; prepare_writing keeps those whose signature changed.
        # Offered here rather than at env-get-updated, which would make Sphinx pickle
        # the environment again when no page was read
        yield from sorted(self.env.found_docs)

    def prepare_writing(self, docnames: Set[str]) -> None:
        if not self.selective:
            Path(self.outdir, SIGNATURES_FILE).unlink(missing_ok=True)
            self.chosen = None
            return super().prepare_writing(docnames)
        current = signatures(self._lis_app, sorted(self.env.found_docs))
        saved = _saved(self._lis_app)
        always = self.selection.requested | self.selection.read | env_state(self.env).summary_docs
        if self.format == "html":
            always |= placeholder_docs(self.env)
        self.chosen = {d for d in docnames if d in always or saved.get(d) != current.get(d)}
        self.selection.signatures = current
        super().prepare_writing(self.chosen)

    def write_documents(self, docnames: Set[str]) -> None:
        chosen = set(docnames) if self.chosen is None else set(docnames) & self.chosen
        late = placeholder_docs(self.env) & chosen if self.format == "html" else set()
        if late:
            if chosen - late:
                super().write_documents(chosen - late)
            self.events.emit(SUMMARIES_NEXT)
            super().write_documents(late)
        else:
            super().write_documents(chosen)

    def finish(self) -> None:
        super().finish()
        if self.selective and self.selection.signatures:
            _save(self._lis_app, self.selection.signatures)


class HTMLBuilder(SelectiveWriting, StandaloneHTMLBuilder):
    """Sphinx's HTML builder, writing selectively (registered as ``html``)."""


def _record_read(app: Sphinx, _env: BuildEnvironment, docnames: list[str]) -> None:
    if isinstance(app.builder, SelectiveWriting):
        app.builder.selection.read.update(docnames)


def setup(app: Sphinx) -> None:
    app.add_event(SUMMARIES_NEXT)
    app.add_env_collector(NeedRefsCollector)
    app.add_builder(HTMLBuilder, override=True)
    app.connect("env-before-read-docs", _record_read)
