"""A banner on the page of a document the gate has something to say about.

A routine past its review date, a document whose requirements changed since it
was last reviewed, an activity past its due date: the reader of that page sees
it above the document, in words, with what to do. The banner comes from the
build's facts (the gate's findings), so the page and ``lis check`` agree.

What a banner says depends on the date and on other pages, so it is part of its
page's signature (checks.sphinxext.selective_write): the page is written again
when its banners change, without being read again.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from checks.findings import OWNER_FIELDS, Finding
from checks.rules import Rule
from checks.site.html import without_field_notes
from checks.sphinxext import facts

# The rules whose findings concern one document and belong on its page.
BANNER_RULES = frozenset(
    {Rule.LIS020, Rule.LIS021, Rule.LIS022, Rule.LIS023, Rule.LIS024, Rule.LIS030, Rule.LIS032}
    # assets and processings: what they lack, or that an activity will establish it
    | {Rule.LIS050, Rule.LIS051, Rule.LIS052, Rule.LIS053, Rule.LIS054}
    | {Rule.LIS055, Rule.LIS056, Rule.LIS057, Rule.LIS058}
)
# Need types whose pages carry banners: what they show changes with the date.
DATED_TYPES = frozenset({"routine", "asset", "processing", "review", "activity"})


# A finding tells the editor what to change (":reviewed:", "lis reviewed"); a banner is
# read by all staff: it keeps the facts and leaves the editing to the one responsible.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_FOR_EDITORS = re.compile(r":[a-z_]+:|\blis [a-z]+\b|\bLIS_\w+")


def reader_text(message: str) -> str:
    """The finding's facts for a reader of the page: the editor's instructions and field names left out."""
    facts_only = without_field_notes(message, codes=True)
    kept = [s for s in _SENTENCE_END.split(facts_only) if not _FOR_EDITORS.search(s)]
    return " ".join(kept) or facts_only


def _banner(need_id: str, found: list[Finding], need: dict[str, Any]) -> nodes.Element:
    errors = any(f.is_error for f in found)
    box = nodes.admonition(classes=["lis-banner", "error" if errors else "warning"])
    box += nodes.title(text=f"Kontrollen om {need_id}: {'åtgärd krävs' if errors else 'observera'}")
    items = nodes.bullet_list()
    for f in found:
        item = nodes.list_item()
        item += nodes.paragraph(text=f"{reader_text(f.message)} ({f.code.name})")
        items += item
    box += items
    owner = next((str(need[k]).strip() for k in OWNER_FIELDS if str(need.get(k) or "").strip()), "")
    if owner:
        box += nodes.paragraph(text=f"Ansvarig för att det åtgärdas: {owner}.")
    return box


def banner_findings(known: facts.BuildFacts) -> dict[str, list[Finding]]:
    """The findings each document's banner shows, by need id (once per set of findings)."""
    cached = known.extra.get("banners")
    if cached is not None and cached[0] is known.findings:
        return cached[1]
    by_need: dict[str, list[Finding]] = defaultdict(list)
    for f in known.findings:
        if f.code in BANNER_RULES and f.need_id and f.need_id in known.needs:
            by_need[f.need_id].append(f)
    # the gate's findings replace the rules' before pages are written: keyed by the list itself
    known.extra["banners"] = (known.findings, by_need)
    return by_need


def add_banners(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    known = facts.compute(app)
    by_need = {
        need_id: found
        for need_id, found in banner_findings(known).items()
        if known.needs[need_id].get("docname") == docname
    }
    if not by_need:
        return
    for target in list(doctree.findall(nodes.target)):
        for need_id in target.get("ids", []):
            if need_id in by_need:
                parent = target.parent
                parent.insert(parent.index(target), _banner(need_id, by_need.pop(need_id), known.needs[need_id]))


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_banners)
