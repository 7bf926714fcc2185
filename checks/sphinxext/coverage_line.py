"""The coverage line of a catalog page: how many of a source's requirements are covered.

The ``catalog`` directive runs while pages are read, when the routines and
activities that fulfil a requirement may not have been read yet; it leaves a
:class:`~checks.sphinxext.catalog_directive.catalog_coverage` placeholder. On ``doctree-resolved``
(all needs known, back links computed) the placeholder becomes a Swedish
paragraph counted with :mod:`checks.coverage`, the same definition the gate and
the matrix use.

A catalog page's coverage line and its requirements' states depend on other
pages: both are part of the page's signature (checks.sphinxext.selective_write),
so the page is written again when they change, without being read again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from docutils import nodes
from sphinx.application import Sphinx

from checks.coverage import COVERAGE_ORDER, TRAINING_TARGET, Coverage, Need, coverage_counts, coverage_of
from checks.evidence import Evidence, EvidenceStatus
from checks.site.evidence import evidence_line
from checks.sphinxext import facts
from checks.sphinxext.catalog_directive import catalog_coverage
from checks.sphinxext.placeholders import placeholders_in


def coverage_sentence(counts: Mapping[Coverage, int]) -> str:
    """The share "av tillämpliga krav", as on the start page and the matrix, then every state:

    ``Täckning: 75 % av tillämpliga krav uppfyllda (3 av 4); 1 planerad, 0 ospårad;
    1 ej tillämplig (av 5 krav)``.
    """
    na = Coverage.NOT_APPLICABLE
    applicable = sum(n for state, n in counts.items() if state is not na)
    met = counts.get(Coverage.FULFILLED, 0)
    share = round(100 * met / applicable) if applicable else 100
    others = ", ".join(
        f"{counts.get(state, 0)} {state.value}" for state in COVERAGE_ORDER if state not in (Coverage.FULFILLED, na)
    )
    return (
        f"Täckning: {share} % av tillämpliga krav uppfyllda ({met} av {applicable}); {others}; "
        f"{counts.get(na, 0)} {na.value} (av {sum(counts.values())} krav)"
    )


def source_requirements(needs: Iterable[Need], source_id: str) -> list[Need]:
    """The requirements (``req`` needs) of one catalog source."""
    return [n for n in needs if n.get("type") == "req" and n.get("source") == source_id]


def coverage_paragraph(source_id: str, needs: Mapping[str, Need], training_target: int = TRAINING_TARGET) -> nodes.paragraph:
    counts = coverage_counts(source_requirements(needs.values(), source_id), needs, training_target)
    return nodes.paragraph("", coverage_sentence(counts), classes=["lis-coverage-line"])


# What each state means, under a requirement's box; a state not listed (a new one)
# is shown by its name alone.
STATE_NOTES = {
    Coverage.FULFILLED: "en gällande rutin eller en utbildning uppfyller kravet",
    Coverage.PLANNED: "bara aktiviteter som inte är klara uppfyller kravet, så det är inte uppfyllt ännu",
    Coverage.UNTRACED: "inget uppfyller kravet ännu",
    Coverage.NOT_APPLICABLE: "kravet gäller inte kontoret",
}


# The needs whose page lists the evidence that they work (each routine and training).
EVIDENCED_TYPES = ("routine", "training")


def requirement_state(
    need: Need,
    needs: Mapping[str, Need],
    training_target: int = TRAINING_TARGET,
    evidence: EvidenceStatus | None = None,
) -> nodes.paragraph:
    """``Täckning: planerad – bara aktiviteter …`` under one requirement's box, and
    ``Belägg: saknas`` when the requirement needs evidence."""
    state = coverage_of(need, needs, training_target)
    para = nodes.paragraph("", "", classes=["lis-req-cov", f"lis-req-cov-{state.name.lower()}"])
    para += nodes.Text("Täckning: ")
    para += nodes.strong("", state.value)
    if note := STATE_NOTES.get(state):
        para += nodes.Text(f" – {note}.")
    if evidence is not None and evidence.state is not Evidence.NOT_REQUIRED:
        para += nodes.Text(" Belägg: ")
        para += nodes.strong("", evidence.state.value)
        para += nodes.Text(f" ({', '.join(evidence.ids)})." if evidence.ids else ".")
    return para


def evidence_paragraph(need: Need, needs: Mapping[str, Need], today: dt.date) -> nodes.paragraph:
    """``Belägg: BEL-2025-01 … (giltighet okänd)`` under a routine's or training's box."""
    found = evidence_line(need, needs, today)
    para = nodes.paragraph("", "", classes=["lis-evidence-line"])
    para += nodes.Text("Belägg: ")
    if not found:
        para += nodes.Text("inga belägg visar ännu att den fungerar.")
        return para
    for index, (eid, title, status) in enumerate(found):
        if index:
            para += nodes.Text("; ")
        para += nodes.Text(f"{eid} {title} (")
        para += nodes.strong("", status)
        para += nodes.Text(")")
    para += nodes.Text(".")
    return para


def fill_coverage_lines(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    placeholders = placeholders_in(app, doctree, docname, catalog_coverage)
    if not placeholders:
        return
    known = facts.compute(app)
    for node in placeholders:
        para = coverage_paragraph(node["source_id"], known.needs, known.settings.training_target)
        para.source, para.line = node.source, node.line
        node.replace_self(para)


def add_requirement_states(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each requirement's own state under its box, so "uppfylls av: AKT-…" never reads
    as fulfilled when the activity is only planned. Runs before sphinx-needs renders
    the boxes (it replaces its Need nodes), on every page that shows requirements."""
    from sphinx_needs.nodes import Need as NeedNode

    boxes = list(doctree.findall(NeedNode))
    if not boxes:
        return
    known = facts.compute(app)
    needs = known.needs
    for box in boxes:
        # sphinx-needs moves the id to the rendered table; the node keeps it as refid
        nid = box.get("refid") or next(iter(box.get("ids") or []), "")
        need = needs.get(nid)
        if need is None or box.parent is None:
            continue
        if need.get("type") == "req":
            line = requirement_state(need, needs, known.settings.training_target, known.evidence.get(nid))
        elif need.get("type") in EVIDENCED_TYPES and not need.get("is_external"):
            line = evidence_paragraph(need, needs, known.today.date)
        else:
            continue
        box.parent.insert(box.parent.index(box) + 1, line)


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", fill_coverage_lines)
    # before sphinx-needs' process_need_nodes (500) replaces the Need nodes
    app.connect("doctree-resolved", add_requirement_states, priority=400)
