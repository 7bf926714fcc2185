"""The review pages' directives: data sections, status line and the previous-year marker.

- ``{lis-review} <section>`` with ``:review: LG-ÅÅÅÅ``: a data section
  (checks.review.sections), from the review's snapshot once it is fastställd,
  else from the live needs; rendered by checks.site.review.
- ``{lis-review-status}`` with ``:review:``: status, date, diarienummer; a draft's banner.
- ``{lis-previous-text} LG-ÅÅÅÅ`` with ``:from:``: the notice before text copied from
  the previous review (the gate finds it in the file: checks.review.markers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from checks.errors import ProjectError
from checks.review import model, sections, snapshot
from checks.review.markers import DIRECTIVE as PREVIOUS_TEXT
from checks.site.review import render_section, render_status
from checks.sphinxext import facts
from checks.sphinxext.placeholders import add_placeholder_node, lis_placeholder, placeholders_in
from checks.sphinxext.widgets import site_context

logger = logging.getLogger(__name__)


class lis_review_section(lis_placeholder):
    """Placeholder for a data section of a review."""


class lis_review_status(lis_placeholder):
    """Placeholder for a review page's status line."""



class ReviewSectionDirective(SphinxDirective):
    required_arguments = 1
    option_spec = {"review": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        if name not in sections.SECTIONS:
            known = ", ".join(sections.SECTIONS)
            raise self.error(f"Okänt avsnitt {name!r} i lis-review; kända avsnitt: {known}.")
        if not self.options.get("review"):
            raise self.error("lis-review behöver :review: med genomgångens id, till exempel LG-2026.")
        node = lis_review_section(section=name, review=self.options["review"].strip())
        self.set_source_info(node)
        return [node]


class ReviewStatusDirective(SphinxDirective):
    option_spec = {"review": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        if not self.options.get("review"):
            raise self.error("lis-review-status behöver :review: med genomgångens id, till exempel LG-2026.")
        node = lis_review_status(review=self.options["review"].strip())
        self.set_source_info(node)
        return [node]


class PreviousTextDirective(SphinxDirective):
    """A visible notice: the text below is the previous review's, to be revised."""

    required_arguments = 1
    option_spec = {"from": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        source = self.options.get("from") or "föregående genomgång"
        note = nodes.admonition(classes=["lis-previous-text", "warning"])
        note += nodes.title("", "Förra årets text – revidera")
        note += nodes.paragraph(
            "",
            f"Texten nedan kommer från {source}. Revidera den för {self.arguments[0]} och ta sedan "
            "bort den här markeringen. Så länge markeringen finns kan genomgången inte fastställas.",
        )
        self.set_source_info(note)
        return [note]


def _snapshot(app: Sphinx, review_id: str) -> dict[str, Any] | None:
    known = facts.compute(app)
    cache: dict[str, Any] = known.extra.setdefault("review_snapshots", {})
    if review_id not in cache:
        path = model.snapshot_path(known.root / "docs", review_id)
        try:
            cache[review_id] = snapshot.read(path) if path else None
        except ProjectError as err:
            logger.warning(str(err), type="lis", subtype="review")
            cache[review_id] = None
    return cache[review_id]


def _live(app: Sphinx, review: dict[str, Any]) -> dict[str, Any]:
    known = facts.compute(app)
    cache: dict[str, Any] = known.extra.setdefault("review_live", {})
    if review["id"] not in cache:
        own = {nid: n for nid, n in known.needs.items() if not n.get("is_external")}
        inputs = sections.Inputs(
            needs=own,
            today=known.today.date,
            revisions=known.index.revisions,
            findings=list(known.findings),
            snapshots=snapshot.read_all(Path(known.root) / "docs"),
        )
        cache[review["id"]] = sections.compute(review, inputs)
    return cache[review["id"]]


def section_html(app: Sphinx, docname: str, review_id: str, name: str) -> str:
    known = facts.compute(app)
    ctx = site_context(app, docname)
    review = known.needs.get(review_id)
    if review is None or review.get("type") != "review":
        return f'<p class="lis-alert">Genomgången {review_id} finns inte.</p>'
    key = "risks" if name == "heatmap" else name
    snap = _snapshot(app, review_id) if model.is_adopted(review) else None
    if snap is not None and key in snap.get("sections", {}):
        return render_section(
            name, snap["sections"][key], ctx, snap.get("taken_as_of") or "", str(snap.get("date") or "")
        )
    return render_section(name, _live(app, review)[key], ctx, None)


def fill(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = placeholders_in(app, doctree, docname, lis_review_section, lis_review_status)
    if not found:
        return
    if app.builder.format != "html":
        for node in found:
            node.parent.remove(node)
        return
    known = facts.compute(app)
    for node in found:
        if isinstance(node, lis_review_section):
            markup = section_html(app, docname, node["review"], node["section"])
        else:
            review = known.needs.get(node["review"])
            snap = _snapshot(app, node["review"]) if review and model.is_adopted(review) else None
            markup = render_status(review, node["review"], site_context(app, docname), snap)
        node.replace_self(nodes.raw("", markup, format="html"))


def setup(app: Sphinx) -> None:
    for node in (lis_review_section, lis_review_status):
        add_placeholder_node(app, node)
    app.add_directive("lis-review", ReviewSectionDirective)
    app.add_directive("lis-review-status", ReviewStatusDirective)
    app.add_directive(PREVIOUS_TEXT, PreviousTextDirective)
    app.connect("doctree-resolved", fill)
