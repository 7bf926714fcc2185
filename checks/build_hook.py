"""The gate's rules inside the Sphinx build, so ``lis build`` (and a plain
``sphinx-build``) checks what ``lis check`` checks.

- ``lis_today`` (config value, e.g. ``-D lis_today=2026-11-29``, or the
  environment variable LIS_TODAY): the date the rules use. ``lis build`` always
  sets it. Without a date the build runs no rules: a plain ``sphinx-build`` must
  not pass today and fail tomorrow just because the calendar moved.
- ``lis_rules`` (config value, default True): ``lis check`` turns it off for its
  own Sphinx run, because it runs the rules itself on needs.json.

At ``write-started`` (after sphinx-needs' schema validation) the need-level
rules of checks.evaluate run on the resolved needs; catalogs and, as each page
is read, pages are scanned for personnummer. Each finding is logged with type
``lis`` and its code as subtype, at the file and line a person edits: an error
as a Sphinx warning (so ``-W`` fails the build), a warning as an info line.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util import logging

from checks import personnummer
from checks.evaluate import evaluate
from checks.findings import Finding
from checks.project import ProjectError, load_project
from checks.rules import GateSettings

logger = logging.getLogger(__name__)


def _today(app: Sphinx) -> dt.date | None:
    """The date given to the build, or None when none was given."""
    from checks.gate import TODAY_ENV, resolve_today

    if not app.config.lis_today and not os.environ.get(TODAY_ENV):
        return None
    try:
        return resolve_today(app.config.lis_today or None)
    except ProjectError as err:
        logger.warning(f"lis_today: {err}", type="lis", subtype="config")
        return None


def _active(app: Sphinx) -> bool:
    return bool(app.config.lis_rules) and _today(app) is not None


def _settings(app: Sphinx) -> GateSettings | None:
    try:
        return GateSettings.from_dict(load_project(app.confdir).settings)
    except ProjectError as err:
        logger.warning(str(err), type="lis", subtype="config")
        return None


def _log(app: Sphinx, finding: Finding) -> None:
    location = f"{Path(app.confdir) / finding.file}:{finding.line}"
    if finding.is_error:
        logger.warning(finding.message, type="lis", subtype=finding.code, location=location)
    else:
        logger.info(f"{location}: {finding.code} varning: {finding.message}")


def report_rules(app: Sphinx, builder: Builder) -> None:
    """Run the need-level rules on the resolved needs and log the findings."""
    if not _active(app):
        return
    from sphinx_needs.api import get_needs_view

    from checks.gate import catalog_index, need_locations, relative

    today, settings = _today(app), _settings(app)
    if today is None or settings is None:
        return
    root = Path(app.confdir).resolve()
    needs = {nid: dict(need.items()) for nid, need in get_needs_view(app).items() if not need["is_external"]}
    index = catalog_index(root)
    findings = evaluate(needs, settings, today, need_locations(needs, root, index), revisions=index.revisions)
    for catalog in index.catalogs:
        try:
            text = catalog.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        findings.extend(_personnummer(relative(root, catalog.path), text, settings))
    # Also where a sphinx-needs schema reports the same code (LIS010): its message
    # names the need but no file, and the coordinator needs the YAML line.
    for finding in sorted(findings, key=lambda f: (f.file, f.line, f.code)):
        _log(app, finding)


def _personnummer(file: str, text: str, settings: GateSettings) -> list[Finding]:
    return [
        Finding(
            "LIS040",
            settings.severity_of("LIS040"),
            file,
            m.line,
            "",
            f"Rad {m.line} innehåller ett {m.kind} (kolumn {m.column}). Ta bort det: "
            "personnummer ska inte publiceras.",
        )
        for m in personnummer.find(text)
    ]


def scan_page(app: Sphinx, docname: str, source: list[str]) -> None:
    """LIS040 for a page as Sphinx reads it."""
    if not source or not _active(app):
        return
    settings = _settings(app)
    if settings is None:
        return
    root = Path(app.confdir).resolve()
    from checks.gate import relative

    file = relative(root, app.env.doc2path(docname))
    for finding in _personnummer(file, source[0], settings):
        _log(app, finding)


def setup(app: Sphinx) -> None:
    # rebuild="" : the date and the switch do not make Sphinx read the pages again
    app.add_config_value("lis_today", "", "", types=frozenset({str}))
    app.add_config_value("lis_rules", True, "", types=frozenset({bool}))
    # after sphinx-needs' schema validation (priority 500) has run on the same needs
    app.connect("write-started", report_rules, priority=600)
    app.connect("source-read", scan_page)
