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
can be changed (``write-started`` gets no list), so the builder's ``write`` and
``prepare_writing`` are wrapped on the builder instance; ``prepare_writing``
receives the very set ``write_documents`` is given next, and the HTML builder's
search index keeps the entries of the pages left out.

The pages with placeholders (the findings page, the start page, the matrix) are
written after every other page, and the event ``lis-summaries-next`` is emitted
between: a broken reference is found while the page that holds it is written,
so the findings shown on those pages can include what writing the others found.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector

from checks.coverage import coverage_of
from checks.exporters.atomic import read_json_state, write_json_atomic
from checks.sphinxext import facts
from checks.sphinxext.banners import banner_findings
from checks.sphinxext.catalog_directive import catalog_coverage
from checks.sphinxext.coverage_line import EVIDENCED_TYPES, coverage_paragraph, evidence_paragraph, requirement_state
from checks.sphinxext.placeholders import kept, placeholder_docs

# Kept in the output folder, as Sphinx keeps its .buildinfo there: the signatures
# describe the pages beside them, so an output folder copied, replaced or abandoned
# half-way (lis build writes into a copy) never pairs with another folder's signatures.
SIGNATURES_FILE = ".lis-pages.json"
_REFS = "lis_need_refs"  # page → need ids its roles name
_SUMMARIES = "lis_summary_docs"  # pages holding a sphinx-needs table, list, chart …
_COVERAGE = "lis_coverage_sources"  # page → catalog sources whose coverage line it shows
# emitted (no arguments but the app) when every page but those with placeholders is written
SUMMARIES_NEXT = "lis-summaries-next"


def _summary_nodes() -> tuple[type, ...]:
    """sphinx-needs' nodes that show other needs than the one they stand in (all but a
    {need} role and a need part), by its own list of the nodes it fills in."""
    from sphinx_needs.needs import NODE_TYPES, NODE_TYPES_PRIO
    from sphinx_needs.roles.need_part import NeedPart
    from sphinx_needs.roles.need_ref import NeedRef

    return tuple(t for t in (*NODE_TYPES_PRIO, *NODE_TYPES) if t not in (NeedRef, NeedPart))


def _refs(env: BuildEnvironment) -> dict[str, list[str]]:
    return kept(env, _REFS, dict)


def _coverage(env: BuildEnvironment) -> dict[str, list[str]]:
    return kept(env, _COVERAGE, dict)


def _summaries(env: BuildEnvironment) -> set[str]:
    return kept(env, _SUMMARIES, set)


class NeedRefsCollector(EnvironmentCollector):
    """Which needs a page names in its text, whose coverage it shows, and which pages summarise needs."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        _refs(env).pop(docname, None)
        _coverage(env).pop(docname, None)
        _summaries(env).discard(docname)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        _refs(env).update({d: r for d, r in _refs(other).items() if d in docnames})
        _coverage(env).update({d: r for d, r in _coverage(other).items() if d in docnames})
        _summaries(env).update(_summaries(other) & docnames)

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
        if named:
            _refs(app.env)[docname] = sorted(named)
        if sources:
            _coverage(app.env)[docname] = sorted(sources)
        if summary:
            _summaries(app.env).add(docname)


class _Selection:
    """What one build knows about its pages: read now, asked for by the builder, last signatures."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.requested: set[str] = set()
        self.signatures: dict[str, str] = {}

    def record_read(self, _app: Sphinx, _env: BuildEnvironment, docnames: list[str]) -> None:
        self.read.update(docnames)


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
    refs = _refs(env)

    def shown(need_id: str) -> Any:
        need = known.needs.get(need_id)
        if need is None:
            return [need_id, None]
        return [need_id, need.get("title"), need.get("docname"), need.get("type"), need.get("status")]

    coverage = _coverage(env)
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


def _install(app: Sphinx) -> None:
    builder = app.builder
    selection = _Selection()
    setattr(app, "_lis_selection", selection)
    app.connect("env-before-read-docs", selection.record_read)
    write, prepare, write_documents = builder.write, builder.prepare_writing, builder.write_documents

    def selective_write(build_docnames: Any, updated_docnames: Any, method: Any = "update") -> None:
        if build_docnames is None or build_docnames == ["__all__"]:
            selection.requested = set(app.env.found_docs)
        else:
            selection.requested = set(build_docnames)
        # every page is a candidate; prepare_writing keeps those whose signature changed.
        # Offered here rather than at env-get-updated, which would make Sphinx pickle
        # the environment again when no page was read
        write(build_docnames, sorted(app.env.found_docs), method)

    def selective_prepare(docnames: set[str]) -> None:
        current = signatures(app, sorted(app.env.found_docs))
        saved = _saved(app)
        always = selection.requested | selection.read | _summaries(app.env)
        if builder.format == "html":
            always |= placeholder_docs(app.env)
        keep = {d for d in docnames if d in always or saved.get(d) != current.get(d)}
        # the same set object is written next (Builder.write): narrow it in place
        docnames.intersection_update(keep)
        selection.signatures = current
        prepare(docnames)

    def summaries_last(docnames: Any) -> None:
        late = placeholder_docs(app.env) & set(docnames) if builder.format == "html" else set()
        if late:
            if docnames - late:
                write_documents(docnames - late)
            app.events.emit(SUMMARIES_NEXT)
            write_documents(late)
        else:
            write_documents(docnames)

    builder.write = selective_write  # type: ignore[method-assign]
    builder.prepare_writing = selective_prepare  # type: ignore[method-assign]
    builder.write_documents = summaries_last  # type: ignore[method-assign]


def _finished(app: Sphinx, exception: Exception | None) -> None:
    selection: _Selection | None = getattr(app, "_lis_selection", None)
    if exception is None and selection is not None and selection.signatures:
        _save(app, selection.signatures)


def setup(app: Sphinx) -> None:
    app.add_event(SUMMARIES_NEXT)
    app.add_env_collector(NeedRefsCollector)
    app.connect("builder-inited", _install)
    app.connect("build-finished", _finished)
