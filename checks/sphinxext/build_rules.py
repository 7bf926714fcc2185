"""The gate's rules inside a plain Sphinx build, so ``sphinx-build`` checks what ``lis check`` checks.

- ``lis_today`` (config value, e.g. ``-D lis_today=2026-11-29``, or the
  environment variable LIS_TODAY): the date the rules use. Without a date the
  build reports no rules: a plain ``sphinx-build`` must not pass today and fail
  tomorrow just because the calendar moved.
- ``lis_rules`` (config value, default True): ``lis check`` and ``lis build``
  turn it off for their own Sphinx run, because they report the gate's findings
  themselves.

The findings are the build's facts (checks.sphinxext.facts), computed once at
``write-started``; catalogs and, as each page is read, pages are scanned for
personnummer. Each finding is logged with type ``lis`` and its code as
subtype, at the file and line a person edits: an error as a Sphinx warning (so
``-W`` fails the build), a warning as an info line.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from checks.findings import Finding
from checks.locations import relative
from checks.personnummer import personnummer_findings
from checks.sphinxext import facts

logger = logging.getLogger(__name__)


def _active(app: Sphinx) -> facts.BuildFacts | None:
    if not app.config.lis_rules:
        return None
    known = facts.compute(app)
    return known if known.dated else None


def _log(app: Sphinx, finding: Finding) -> None:
    location = f"{Path(app.confdir) / finding.file}:{finding.line}"
    if finding.is_error:
        logger.warning(finding.message, type="lis", subtype=finding.code.name, location=location)
    else:
        logger.info(f"{location}: {finding.code} varning: {finding.message}")


def report_rules(app: Sphinx, builder: Builder) -> None:
    """Log the rules' findings on the resolved needs, and LIS040 for the catalogs."""
    known = _active(app)
    if known is None:
        return
    findings = list(known.rule_findings)
    for catalog in known.index.catalogs:
        try:
            text = catalog.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        findings.extend(personnummer_findings(known.settings, relative(known.root, catalog.path), text))
    # Also where a sphinx-needs schema reports the same code (LIS010): its message
    # names the need but no file, and the coordinator needs the YAML line.
    for finding in sorted(findings, key=lambda f: (f.file, f.line, f.code)):
        _log(app, finding)


def scan_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """Findings (LIS040) for a page as Sphinx reads it (only in a dated plain build: lis reads pages itself)."""
    if not source or not app.config.lis_rules or not facts.is_dated(app):
        return
    root = Path(app.confdir).resolve()
    file = relative(root, app.env.doc2path(docname))
    for finding in personnummer_findings(facts.settings_of(app), file, source[0]):
        _log(app, finding)


def setup(app: Sphinx) -> None:
    app.add_config_value("lis_rules", True, "", types=frozenset({bool}))
    app.connect("write-started", report_rules, priority=600)
    app.connect("source-read", scan_page)
