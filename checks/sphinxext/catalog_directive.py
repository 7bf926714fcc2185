"""The ``catalog`` directive: one requirements/*.yaml file rendered as ``req`` needs.

A requirement is written once, in YAML; this directive turns each entry into a
sphinx-needs need with ``add_need`` and records the YAML file as a dependency of
the page, so editing the catalog rebuilds only that page.

``{catalog} GDPR`` (a source id, not a file) shows a source of the city's shared
catalog, the version pinned in ``[tool.lis] shared_catalog``: its requirements are
imported as sphinx-needs' ``needimport`` imports needs (the ub-needs-exchange reader,
``ingest_need_record``), so they are real needs of the page, with the office's own
statement of applicability (requirements/tillamplighet.yaml) applied.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from myst_parser.mocking import MockState
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import InvalidNeedException, add_need, ingest_need_record
from sphinx_needs.need_item import NeedItemSourceImport
from sphinx_needs.need_content import MarkupContent
from sphinx_needs.nodes import Need
from sphinx_needs.utils import add_doc

from checks.applicability import load_applicability
from checks.boundary import refusal
from checks.catalog import Catalog, Source, load_catalog
from checks.sphinxext.env_state import app_of, project_root
from checks.shared_catalog import POSITION, SOURCE_FIELDS, SharedSource, is_shared_argument, load_shared
from checks.sphinxext.facts import settings_of
from checks.sphinxext.placeholders import lis_placeholder

logger = logging.getLogger(__name__)

# One line of words, digits and punctuation that is no Markdown, no MyST and no HTML:
# it starts with a letter (no list, heading, quote or fence), has no line break, no
# markup character (*_`[]<>&\\{}|#~$^=+@) and no space at either end.
_PLAIN = re.compile(r"[^\W\d_](?:[^\W_]|[ .,;:?!()§%/'\"-])*(?<! )")


class catalog_coverage(lis_placeholder):
    """Placeholder for a source's coverage line, filled in once all needs are known."""

    signed = True


def _source_box(source: Source, path: str, label: str = "Katalogfil") -> nodes.Node:
    rows = [
        ("Utgivare", source.issuer),
        ("Version", source.version),
        ("Reviderad", source.revised),
        (label, path),
    ]
    box = nodes.container(classes=["lis-source"])
    field_list = nodes.field_list()
    for label, value in rows:
        if not value:
            continue
        field = nodes.field()
        field += nodes.field_name(text=label)
        body = nodes.field_body()
        body += nodes.paragraph(text=value)
        field += body
        field_list += field
    # only a web address becomes a link: never javascript: or data: from a catalog
    if source.url and source.url.lower().startswith(("https://", "http://")):
        field = nodes.field()
        field += nodes.field_name(text="Källa")
        body = nodes.field_body()
        para = nodes.paragraph()
        para += nodes.reference(text=source.url, refuri=source.url)
        body += para
        field += body
        field_list += field
    box += field_list
    if source.description:
        box += nodes.paragraph(text=source.description)
    return box


class CatalogDirective(SphinxDirective):
    """``{catalog} requirements/<file>.yaml`` — the path is relative to the project root."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        root = project_root(self.env)
        rel = self.arguments[0]
        if is_shared_argument(rel):
            return self._shared(root, rel)
        path = (root / rel).resolve()
        # only the project's own catalogs: inside requirements/, a regular file of sane size
        problem = refusal(root, root / rel, within=root / "requirements")
        if problem:
            shown = rel if problem.endswith("requirements/") else "Sökvägen"
            logger.warning(
                f"{shown} i direktivet catalog läses inte: {problem}. En katalog ska ligga i requirements/.",
                location=self.get_location(),
                type="lis",
                subtype="boundary",
            )
            return []
        self.env.note_dependency(str(path))
        if not path.is_file():
            logger.warning(
                f"Katalogfilen {rel} finns inte.",
                location=self.get_location(),
                type="lis",
                subtype="catalog",
            )
            return []
        catalog: Catalog = load_catalog(path)
        for problem in catalog.problems:
            logger.warning(
                problem.message, location=f"{path}:{problem.line}", type="lis", subtype="catalog"
            )
        # Register the page with sphinx-needs as its own directives do: only
        # registered pages get their link nodes ("uppfylls av" …) resolved.
        add_doc(self.env, self.env.docname)
        result: list[nodes.Node] = []
        source = catalog.source
        if source is not None:
            result.append(_source_box(source, rel))
            result.append(catalog_coverage(source_id=source.id))
        for position, req in enumerate(catalog.requirements, start=1):
            fields: dict[str, object] = {
                "source": source.id if source else "",
                "ref": req.ref,
                "applicable": req.applicable,
                # the source and the place in it travel with each requirement in needs.json,
                # for an office that imports this catalog as the city's shared one
                POSITION: position,
                **{name: getattr(source, attr) for name, attr in SOURCE_FIELDS.items() if source and getattr(source, attr)},
            }
            for key in ("justification", "applies_from", "changed"):
                value = getattr(req, key)
                if value:
                    fields[key] = value
            if req.derives:
                fields["derives"] = req.derives
            plain = self._plain(req.text)
            try:
                need_nodes = add_need(
                    app_of(self.env),
                    self.state,
                    self.env.docname,
                    self.lineno,
                    "req",
                    req.title,
                    id=req.id,
                    content=req.text if plain else MarkupContent(req.text, markup=".md", source=(str(path), req.line)),
                    tags=req.tags or None,
                    **fields,
                )
            except InvalidNeedException as err:
                # e.g. an id used twice: a warning at the YAML line, not a crash
                logger.warning(
                    f"Kravet {req.id} kan inte skapas: {err.message}",
                    location=f"{path}:{req.line}",
                    type="lis",
                    subtype="catalog",
                )
                continue
            if plain:
                self._anchor(need_nodes, str(path), req.line)
            result.extend(need_nodes)
        return result

    def _shared(self, root: Path, source_id: str) -> list[nodes.Node]:
        """A source of the pinned shared catalog, imported as needimport imports needs."""
        pin = settings_of(app_of(self.env)).shared_catalog
        if pin is None:
            self._warn(
                f"{{catalog}} {source_id} visar en källa i stadens gemensamma katalog, men pyproject.toml anger "
                "ingen (shared_catalog i [tool.lis]). Ange den, eller peka på en egen katalogfil: "
                f"{{catalog}} requirements/<fil>.yaml."
            )
            return []
        shared = load_shared(root, pin)
        applicability = load_applicability(root)
        # a changed pin, catalog file or statement of applicability reads the page again
        if shared.path is not None:
            self.env.note_dependency(str(shared.path))
        self.env.note_dependency(str(applicability.path))
        self.env.note_dependency(str(root / "pyproject.toml"))
        if shared.problem:
            self._warn(f"Den delade kravkatalogen kan inte läsas: {shared.problem}.")
            return []
        one: SharedSource | None = shared.sources.get(source_id)
        if one is None:
            self._warn(
                f"Källan {source_id} finns inte i stadens gemensamma katalog, version {pin.version}. "
                f"Källorna där är {', '.join(shared.sources)}."
            )
            return []
        add_doc(self.env, self.env.docname)
        result: list[nodes.Node] = [
            _source_box(one.source, f"Stadens gemensamma katalog, version {pin.version}", "Katalog"),
            catalog_coverage(source_id=source_id),
        ]
        origin = NeedItemSourceImport(docname=self.env.docname, lineno=self.lineno, path=pin.where)
        for record in one.records:
            record = dict(record)
            entry = applicability.entries.get(str(record.get("id")))
            if entry is not None:
                record["applicable"], record["justification"] = False, entry.justification
            try:
                need_nodes, _ = ingest_need_record(app_of(self.env), self.state, record, need_source=origin)
            except InvalidNeedException as err:
                self._warn(f"Kravet {record.get('id')} kan inte skapas: {err.message}")
                continue
            result.extend(need_nodes)
        return result

    def _warn(self, message: str) -> None:
        logger.warning(message, location=self.get_location(), type="lis", subtype="shared")

    def _plain(self, text: str) -> bool:
        """Text the page's own MyST renderer gives the same nodes as a renderer of its own."""
        # sphinx-needs parses a MarkupContent with a new MyST parser and a new docutils
        # document per need (a few ms: most of a minute for 20 000 requirements); plain text on
        # a MyST page is parsed by the page's renderer instead, then anchored in the
        # YAML file as the MarkupContent would be (_anchor)
        return isinstance(self.state, MockState) and _PLAIN.fullmatch(text) is not None

    def _anchor(self, need_nodes: list[nodes.Node], path: str, line: int) -> None:
        """The content's nodes at the requirement's YAML line, as ``MarkupContent`` puts them."""
        for need in need_nodes:
            if isinstance(need, Need):
                for node in need.findall(nodes.Element, include_self=False):
                    node.source, node.line = path, line
        # what rendering the content leaves on the document, for nodes created after it
        self.state.document.current_line = line
