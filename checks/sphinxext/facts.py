"""The facts of one build, computed once at ``write-started`` and read by every page.

After sphinx-needs has resolved the needs and validated them against the schema
(``write-started``, priority 500), :func:`compute` takes the needs, the date, the
settings and the catalogs once and runs the gate's need-level rules on them. The
widgets, the matrix page and its downloads, the coverage lines and the build's
own rule warnings all read this one object, so a figure cannot differ between
pages. ``lis check`` and ``lis build`` add the rest of the gate's findings
(pre-flight, Sphinx's messages) with :func:`add_findings` before pages are written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from checks.dates import TODAY_ENV, Today, resolve
from checks.deadlines import next_clock_change
from checks.errors import ProjectError
from checks.evaluate import evaluate
from checks.evidence import EvidenceStatus, evidence_axis
from checks.findings import Finding, ordered
from checks.locations import CatalogIndex, catalog_index, need_locations
from checks.needs import needs_of
from checks.review.markers import find_markers
from checks.project import read_settings
from checks.settings import Settings

logger = logging.getLogger(__name__)
_ATTR = "_lis_facts"


@dataclass
class BuildFacts:
    root: Path
    needs: dict[str, dict[str, Any]]  # every need, external ones included
    today: Today
    dated: bool  # a date was given (lis_today or LIS_TODAY): the rules' findings count
    settings: Settings
    index: CatalogIndex
    rule_findings: list[Finding]  # checks.evaluate on the own needs
    gate_findings: list[Finding] | None = None  # the whole gate's, when lis check/build runs it
    shown_catalogs: frozenset[Path] = frozenset()  # catalog files a {catalog} directive renders
    extra: dict[str, Any] = field(default_factory=dict)
    # every requirement on the evidence axis (checks.evidence), for the build's date
    evidence: dict[str, EvidenceStatus] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        """What the site shows: the whole gate's findings when known, else the rules'."""
        return self.gate_findings if self.gate_findings is not None else self.rule_findings

    @cached_property
    def source_titles(self) -> dict[str, str]:
        from checks.matrix import source_titles

        return source_titles(self.index.all_catalogs)

    @cached_property
    def matrix(self) -> Any:
        from checks.matrix import build_matrix

        return build_matrix(
            self.needs,
            self.index.all_catalogs,
            self.root,
            site_url=self.settings.site_url,
            as_of=self.settings.content_as_of,
            training_target=self.settings.training_target,
            evidence=self.evidence,
            checked=self.today.date.isoformat(),
        )

    @cached_property
    def soa(self) -> Any:
        from checks.soa import build_soa

        return build_soa(
            self.needs,
            self.index.all_catalogs,
            site_url=self.settings.site_url,
            as_of=self.settings.content_as_of,
            training_target=self.settings.training_target,
            evidence=self.evidence,
        )


def _today(app: Sphinx) -> tuple[Today, bool]:
    """The build's date and whether one was given (resolved once per build)."""
    known: tuple[Today, bool] | None = getattr(app, "_lis_today", None)
    if known is None:
        known = _resolve_today(app)
        setattr(app, "_lis_today", known)
    return known


def _resolve_today(app: Sphinx) -> tuple[Today, bool]:
    value = app.config.lis_today or ""
    if not value and not os.environ.get(TODAY_ENV):
        return resolve(None), False
    try:
        return resolve(value or None), True
    except ProjectError as err:
        logger.warning(f"lis_today: {err}", type="lis", subtype="config")
        return resolve(None), False


def _settings(app: Sphinx) -> Settings:
    try:
        return read_settings(Path(app.confdir))
    except ProjectError as err:
        logger.warning(str(err), type="lis", subtype="config")
        return Settings()


def is_dated(app: Sphinx) -> bool:
    """A date was given to this build (``lis_today`` or LIS_TODAY)."""
    return _today(app)[1]


def settings_of(app: Sphinx) -> Settings:
    """The project's settings (read once per build)."""
    settings: Settings | None = getattr(app, "_lis_settings", None)
    if settings is None:
        settings = _settings(app)
        setattr(app, "_lis_settings", settings)
    return settings


def compute(app: Sphinx) -> BuildFacts:
    """The facts of this build (computed on the first call, then kept on the app)."""
    facts: BuildFacts | None = getattr(app, _ATTR, None)
    if facts is not None:
        return facts
    root = Path(app.confdir).resolve()
    today, dated = _today(app)
    settings = settings_of(app)
    needs = needs_of(app)
    own = {nid: n for nid, n in needs.items() if not n.get("is_external")}
    index = catalog_index(root, pin=settings.shared_catalog)
    markers = find_markers(root / "docs")
    axis = evidence_axis(needs, settings.evidence_required, today.date)
    rules = evaluate(
        own,
        settings,
        today.date,
        need_locations(own, root, index),
        revisions=index.revisions,
        markers=markers,
        evidence=axis,
        now=today.now,
    )
    srcdir = Path(app.srcdir)
    # the catalog directive notes its file as a dependency of its page
    shown = frozenset((srcdir / dep).resolve() for deps in app.env.dependencies.values() for dep in deps)
    facts = BuildFacts(root, needs, today, dated, settings, index, rules, shown_catalogs=shown, evidence=axis)
    # until then the incident clocks read as now (a stored result of this run holds)
    facts.extra["clock_until"] = next_clock_change(own, today.now, settings.csirt_receiver)
    setattr(app, _ATTR, facts)
    return facts


def add_findings(app: Sphinx, findings: list[Finding]) -> None:
    """The whole gate's findings, for the pages written after this call."""
    compute(app).gate_findings = ordered(findings)


def on_write_started(app: Sphinx, builder: Any) -> None:
    compute(app)


def setup(app: Sphinx) -> None:
    # rebuild="": the date does not make Sphinx read the pages again
    app.add_config_value("lis_today", "", "", types=frozenset({str}))
    # after sphinx-needs' schema validation (priority 500) on the same needs
    app.connect("write-started", on_write_started, priority=550)
