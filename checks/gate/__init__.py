"""The compliance gate: ``run_gate(project, today)``.

1. Pre-flight (checks.gate.preflight): every catalog and page read as a file.
2. One Sphinx run (checks.gate.sphinx_run) with every warning captured and
   mapped (checks.gate.messages, checks.gate.schema).
3. The need-level rules (checks.evaluate) on the resolved needs.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checks.errors import ProjectError
from checks.findings import Finding, emit, ordered, with_owners
from checks.gate import knock_on, result_cache
from checks.gate.messages import Context, crash_finding, map_message
from checks.gate.preflight import ScanMemo, preflight
from checks.gate.schema import schema_findings
from checks.gate.sphinx_run import BuildCrash, SphinxMessage, StopBuild, run_sphinx
from checks.locations import catalog_index, lines_of, relative
from checks.project import Project
from checks.rules import Rule, Stage, rules_of

CACHE_ENV = "LIS_CACHE_DIR"
# Codes evaluate() decides: a schema named after one of them (LIS010) makes a
# plain sphinx-build fail too, but here evaluate() is the one definition.
EVALUATED = rules_of(Stage.NEEDS)
SCHEMA_FILE = "schema_violations.json"
SCANS_FILE = "lis-scans.json"
REUSED = "lis: inget har ändrats sedan förra körningen, så dess resultat visas igen."
# The gate's own builder (checks.sphinxext.check_builder): pages resolved, nothing written.
CHECK_BUILDER = "lis-check"
# What no command publishes or exports past: a personnummer, script, a file from
# outside the project, a remote image. lis build and every export refuse, --strict or not.
PUBLISH_BLOCKERS = frozenset({Rule.LIS040, Rule.LIS041, Rule.LIS042, Rule.LIS043})


def cache_dir(project: Project, builder: str = CHECK_BUILDER) -> Path:
    """Where a run keeps Sphinx's environment: LIS_CACHE_DIR or <root>/_build/check
    for the gate's own run, a folder ``site`` beside it for the HTML build."""
    override = os.environ.get(CACHE_ENV)
    base = Path(override).resolve() if override else project.root / "_build" / "check"
    return base if builder == CHECK_BUILDER else base.parent / "site" if not override else base / "site"


@dataclass
class GateResult:
    """What one gate run found, and the facts of its Sphinx run (None when it stopped before)."""

    findings: list[Finding]
    facts: Any = None
    # Content that cannot be read or that stopped Sphinx: nothing may be published or exported.
    unreadable: bool = False
    # A finding the command refuses to run past (a personnummer): Sphinx did not run.
    refused: bool = False

    @property
    def data_errors(self) -> list[Finding]:
        """Errors in the data itself (reading, fields, ids, links), as opposed to the rules' verdicts."""
        return [f for f in self.findings if f.is_error and f.code.stage is not Stage.NEEDS]


def _unshown(known: Any, settings: Any) -> list[Finding]:
    """A finding (LIS007) for every catalog that no page renders with {catalog}."""
    return [
        emit(
            settings,
            Rule.LIS007,
            relative(known.root, catalog.path),
            catalog.source.line if catalog.source else 1,
            f"Katalogen {relative(known.root, catalog.path)} visas inte på någon sida, så dess krav "
            "finns inte på webbplatsen och kontrolleras inte. Skapa en sida i docs/krav/ med direktivet "
            f"{{catalog}} {relative(known.root, catalog.path)} (se de andra sidorna där).",
        )
        for catalog in known.index.catalogs
        if catalog.path.resolve() not in known.shown_catalogs
    ] + [
        emit(
            settings,
            Rule.LIS007,
            "pyproject.toml",
            known.settings.shared_catalog.line or 1,
            f"Källan {source_id} i stadens gemensamma katalog (version {known.settings.shared_catalog.version}) "
            "visas inte på någon sida, så dess krav finns inte på webbplatsen och kontrolleras inte. Skapa en "
            f"sida i docs/krav/ med direktivet {{catalog}} {source_id} (se de andra sidorna där).",
        )
        for source_id in known.index.unshown_shared
    ]


@contextmanager
def writable(cache: Path) -> Iterator[Path]:
    """``cache`` when it can be written; else a temporary folder for this run only, said in one line.

    A project on a read-only share, or a _build/ that cannot be written, is still
    checked: only without what the last run left (slower, and the same findings).
    """
    problem = unwritable(cache)
    if problem is None:
        yield cache
        return
    print(f"lis: cachen {cache} kan inte skrivas ({problem}); kontrollerar utan cache.", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="lis-cache-") as folder:
        yield Path(folder)


def unwritable(cache: Path) -> str | None:
    """Why ``cache`` (a folder) cannot be written, or None; nothing is made or left behind."""
    folder = cache
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the folder it would be made in
    if not folder.is_dir():
        return "en fil står där mappen skulle ligga"
    if not os.access(folder, os.W_OK | os.X_OK):  # also a read-only file system (EROFS)
        return "skrivskyddad"
    return None


def run_gate(
    project: Project, today: dt.date, *, cache: Path | None = None, now: dt.datetime | None = None
) -> list[Finding]:
    """Every finding for ``project`` as of ``today`` (incident clocks as of ``now``), ordered by file and line."""
    return run_pipeline(project, today, cache=cache, now=now).findings


def check(
    project: Project, today: dt.date, output: Path | None = None, *, now: dt.datetime | None = None
) -> list[Finding]:
    """``lis check``: the gate's findings, read back when no input changed since the last check
    (the report the check writes, ``output``, is not one of its inputs) and no incident's
    clock has changed state since (``now``)."""
    with writable(cache_dir(project)) as cache:
        purpose = {"command": "check"}
        skip = (cache, output) if output is not None else (cache,)
        key = result_cache.inputs_key(project.root, today.isoformat(), purpose, skip=skip)
        stored = result_cache.load(cache, key)
        if stored is not None and result_cache.clock_holds(stored, now):
            print(REUSED, file=sys.stderr)
            return stored["findings"]
        result = run_pipeline(project, today, cache=cache, now=now)
        if result_cache.inputs_key(project.root, today.isoformat(), purpose, skip=skip) == key:
            result_cache.save(cache, key, result.findings, **result_cache.clock_of(result.facts))
        return result.findings


def run_pipeline(
    project: Project,
    today: dt.date,
    *,
    cache: Path | None = None,
    builder: str = CHECK_BUILDER,
    outdir: Path | None = None,
    refuse: frozenset[Rule] = frozenset(),
    now: dt.datetime | None = None,
) -> GateResult:
    """The gate: pre-flight, one Sphinx run with ``builder``, its messages and the rules.

    ``cache`` is where Sphinx's environment is kept between runs (default:
    ``cache_dir(project)`` for the needs builder, ``<root>/_build/site`` for
    another). A pre-flight error whose rule is in ``refuse`` stops the run before
    Sphinx writes anything. The findings known when pages start to be written are handed to
    the build's facts, so the site shows them. Raises ProjectError (exit 2) when
    the gate cannot run at all: a configuration Sphinx cannot start with.
    """
    with writable(cache if cache is not None else cache_dir(project, builder)) as usable:
        return _pipeline(project, today, usable, builder, outdir, refuse, now)


def _pipeline(
    project: Project,
    today: dt.date,
    cache: Path,
    builder: str,
    outdir: Path | None,
    refuse: frozenset[Rule],
    now: dt.datetime | None,
) -> GateResult:
    settings = project.settings
    lines_of.cache_clear()
    index = catalog_index(project.root, pin=settings.shared_catalog)
    memo = ScanMemo(cache / SCANS_FILE, settings)
    checked = preflight(project, settings, index, memo)
    if checked.blocking:
        return GateResult(ordered(checked.findings), unreadable=True)
    if any(f.is_error and f.code in refuse for f in checked.findings):
        return GateResult(ordered(checked.findings), refused=True)
    # kept only for a run that goes on to Sphinx: a stopped run leaves no cache behind
    memo.save()
    ctx = Context(project, settings, index)
    outdir = outdir or cache / builder
    # with ``now``, the minute the incident clocks are read at (checks.dates.Today.stamp)
    stamp = now.strftime("%Y-%m-%dT%H:%M") if now is not None else today.isoformat()
    overrides: dict[str, Any] = {"lis_today": stamp, "lis_rules": False}
    if builder == CHECK_BUILDER:
        # the check reads the needs from the build's facts: writing needs.json is wasted work
        overrides["needs_build_json"] = False
    seen: dict[str, Any] = {}

    def gate_findings(known: Any, outdir: Path, messages: list[SphinxMessage]) -> list[Finding]:
        if "schema" not in seen:
            # read once, at write-started, when sphinx-needs has written it
            seen["schema"] = [
                f for f in schema_findings(outdir / SCHEMA_FILE, known.needs, ctx) if f.code not in EVALUATED
            ]
        mapped = [f for msg in messages if (f := map_message(msg, ctx)) is not None]
        # a personnummer the pre-flight found as written is found again in the page as
        # shown: one finding per file is enough there
        numbered = {f.file for f in checked.findings if f.code is Rule.LIS040}
        mapped = [f for f in mapped if not (f.code is Rule.LIS040 and f.file in numbered)]
        return [*checked.findings, *mapped, *seen["schema"], *_unshown(known, settings), *known.rule_findings]

    def before_write(app: Any, messages: list[SphinxMessage]) -> None:
        from checks.sphinxext import facts

        found = gate_findings(facts.compute(app), Path(app.outdir), messages)
        if any(f.is_error and f.code in refuse for f in found):
            # found while Sphinx read the pages (an included file, the text as shown):
            # stop before a single page is written
            raise StopBuild(found)
        facts.add_findings(app, found)

    try:
        result = run_sphinx(project.root, cache, builder, outdir, overrides, before_write)
    except StopBuild as stop:
        return GateResult(ordered(stop.findings), refused=True)
    except BuildCrash as crash:
        return GateResult(ordered([*checked.findings, crash_finding(crash, ctx)]), unreadable=True)
    if result.facts is None:
        raise ProjectError("Sphinx skrev inga sidor, så kontrollerna kunde inte köras.")
    findings = with_owners(gate_findings(result.facts, result.outdir, result.messages), result.facts.needs)
    return GateResult(ordered(knock_on.group(findings, project.root, index.catalogs)), result.facts)
