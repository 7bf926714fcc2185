"""The one Sphinx run of a command, in-process, every warning captured.

``lis check`` runs the ``needs`` builder, ``lis build`` the ``html`` builder:
the same run, the same capture and the same mapping to findings.

The environment and doctrees stay in a cache folder between runs, so after one
page is edited only that page is read again. Sphinx reports a page's reading
warnings only when it reads the page, so the warnings of every page are kept
in ``lis-messages.json`` next to the environment and replaced when the page is
read again; without that file the next run starts from a fresh environment.
A page's warnings from resolving it are kept the same way: the extension
(checks.sphinxext.selective_write) resolves a page again whenever anything it
shows from other pages changed, and the saved warnings stand for the rest.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from checks import __version__
from checks.errors import ProjectError
from checks.exporters.atomic import write_json_atomic
from checks.gate.memory import environment_kept

STATE_FILE = "lis-messages.json"
STATE_FORMAT = 4
STOPPED_FILE = "lis-stopped"
JOBS_ENV = "LIS_JOBS"
PARALLEL_MIN_PAGES = 6
_DOCNAME = "_lis_docname"
_SUFFIX = re.compile(r" \[[\w.-]+\]$")
_STREAM_LINE = re.compile(
    r"^(?:(?P<loc>.+?): )?(?:WARNING|ERROR|CRITICAL): (?P<msg>.*?)"
    r"(?: \[(?P<type>[\w-]+)(?:\.(?P<subtype>[\w-]+))?\])?$"
)


@dataclass
class SphinxMessage:
    """One warning or error Sphinx (or an extension) logged."""

    type: str
    subtype: str
    path: str  # absolute path of the file, or "" when Sphinx gave no location
    line: int
    text: str


@dataclass
class BuildResult:
    outdir: Path
    messages: list[SphinxMessage] = field(default_factory=list)
    found_docs: set[str] = field(default_factory=set)
    read: set[str] = field(default_factory=set)  # the pages Sphinx read this time
    facts: Any = None  # the build's facts (checks.sphinxext.facts.BuildFacts), once written

    @property
    def needs_json(self) -> Path:
        return self.outdir / "needs.json"


class BuildCrash(Exception):
    """Sphinx stopped with an exception while reading a page."""

    def __init__(self, path: str, message: str, cached: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.cached = cached  # the run used a kept environment (the cache may be what is broken)


def _sphinx_error() -> type[Exception]:
    from sphinx.errors import SphinxError

    return SphinxError


class StopBuild(_sphinx_error()):  # type: ignore[misc]
    """Raised by ``before_write`` to stop a build before anything is written.

    A SphinxError, so Sphinx's event manager passes it on as it is.
    """

    category = "lis"

    def __init__(self, findings: list[Any]) -> None:
        super().__init__("stopped before writing")
        self.findings = findings


class _Collector(logging.Handler):
    """Collects every warning record, sorted by the phase it was logged in."""

    def __init__(self, app: Any) -> None:
        super().__init__(level=logging.WARNING)
        self.app = app
        self.docs: dict[str, list[SphinxMessage]] = {}
        # warnings while a page is resolved and written (broken references), by page
        self.written: dict[str, list[SphinxMessage]] = {}
        self.resolved: set[str] = set()
        self.consistency: list[SphinxMessage] = []
        self.run: list[SphinxMessage] = []
        self.reread: set[str] = set()
        self.purged: set[str] = set()
        self.consistency_ran = False
        self.writing = False
        self.resolving = False

    # Sphinx holds reading warnings back and logs them again when reading ends:
    # the same record object, so a mark on it keeps it from being counted twice.
    def emit(self, record: logging.LogRecord) -> None:
        if getattr(record, "_lis_seen", False):
            return
        record._lis_seen = True  # type: ignore[attr-defined]
        try:
            message = self._message(record)
        except Exception as err:  # a record we cannot read is still a finding
            message = SphinxMessage("", "", "", 0, f"{record.msg} ({err})")
        from sphinx.util.build_phase import BuildPhase

        phase = self.app.phase
        if phase == BuildPhase.READING:
            # the page being read where the record was made (a reading process of its own
            # when Sphinx reads in parallel), else the page the location names
            docname = getattr(record, _DOCNAME, "") or self._current_docname()
            if not docname and message.path:
                docname = self.app.env.path2doc(message.path) or ""
            if docname:
                self.docs.setdefault(docname, []).append(message)
                return
        # Sphinx gives the consistency check and resolving the same phase number:
        # write-started tells them apart. Its listeners work on every need (sphinx-needs
        # checks links and schemas there) and run on every build: their warnings are
        # this run's, not a page's to keep
        if phase == BuildPhase.CONSISTENCY_CHECK and not self.writing:
            self.consistency.append(message)
            return
        if self.resolving and message.path:
            docname = self.app.env.path2doc(message.path)
            if docname:
                self.written.setdefault(docname, []).append(message)
                return
        self.run.append(message)

    def _current_docname(self) -> str:
        env = getattr(self.app, "env", None)
        current = getattr(env, "current_document", None)
        return str(getattr(current, "docname", "") or "")

    def _message(self, record: logging.LogRecord) -> SphinxMessage:
        kind = str(getattr(record, "type", "") or "")
        subtype = str(getattr(record, "subtype", "") or "")
        text = record.getMessage()
        if kind:
            text = _SUFFIX.sub("", text)
        path, line = self._location(getattr(record, "location", None))
        return SphinxMessage(kind, subtype, path, line, text.strip())

    def _location(self, location: Any) -> tuple[str, int]:
        from docutils import nodes
        from docutils.utils import get_source_line

        if isinstance(location, tuple) and len(location) == 2:
            docname, line = location
            return self._path(str(docname or "")), int(line or 0)
        if isinstance(location, nodes.Node):
            source, line = get_source_line(location)
            return self._path(str(source or "")), int(line or 0)
        if isinstance(location, str) and location:
            head, sep, tail = location.rpartition(":")
            if sep and tail.isdigit():
                return self._path(head), int(tail)
            if sep and not tail:
                return self._path(head), 0
            return self._path(location), 0
        return "", 0

    def _path(self, name: str) -> str:
        """An absolute file path for a docname or a path (source paths may carry a
        docutils suffix such as 'page.md:docstring of …')."""
        if not name:
            return ""
        env = self.app.env
        if name in env.found_docs:
            return str(env.doc2path(name))
        name = name.split(":docstring of")[0]
        return str(Path(name).resolve()) if os.path.isabs(name) else str(Path(self.app.srcdir) / name)


@contextmanager
def _records_name_their_page(app: Any) -> Iterator[None]:
    """Every log record made while a page is read carries that page's name.

    Sphinx reads pages in processes of their own when it reads in parallel and logs
    their records again in this one, where no page is being read any more; a record
    factory is inherited by those processes, so the name travels with the record.
    """
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        current = getattr(getattr(app, "env", None), "current_document", None)
        docname = getattr(current, "docname", None)
        if docname:
            setattr(record, _DOCNAME, str(docname))
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)


def jobs() -> int:
    """How many processes Sphinx may read pages in: LIS_JOBS, else the machine's cores (at most 4).

    Sphinx reads in parallel only when more than a handful of pages are to be read;
    on the office's site (70 pages) two processes take a quarter off a clean check.
    """
    value = os.environ.get(JOBS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(os.cpu_count() or 1, 4))


def tool_versions() -> dict[str, str]:
    """The versions a cached environment depends on: lis and what reads the pages."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {"lis": __version__}
    for package in ("sphinx", "sphinx-needs", "myst-parser", "docutils"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = ""
    return versions


def _load_state(path: Path) -> tuple[dict[str, Any] | None, str]:
    """The saved state, or None and why it cannot be trusted ('' when there is no cache yet)."""
    stopped = path.parent / STOPPED_FILE
    if stopped.exists():
        # the last run was stopped on purpose before writing (a refused build): start
        # clean without a word
        stopped.unlink(missing_ok=True)
        return None, ""
    if not path.exists():
        if (path.parent / "doctrees").is_dir():
            # a run started and never finished (killed, crashed): its environment is half-written
            return None, "den förra körningen avslutades inte"
        return None, ""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, "cachefilen är skadad"
    if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
        return None, "cachen har ett annat format"
    if state.get("versions") != tool_versions():
        return None, "cachen skapades med en annan version av lis, Sphinx, sphinx-needs, myst-parser eller docutils"
    return state, ""


def _files_of(env: Any, docname: str) -> list[str]:
    """A page's file and every file it depends on (includes, catalogs), as absolute paths."""
    deps = sorted(map(str, env.dependencies.get(docname, ())))
    return [str(env.doc2path(docname)), *(os.path.normpath(Path(env.srcdir) / d) for d in deps)]


def _digests(env: Any, known: dict[str, str] | None = None) -> dict[str, str]:
    """The content digest of every page's files (``known`` ones kept as they are)."""
    found = dict(known or {})
    for docname in sorted(env.found_docs):
        for name in _files_of(env, docname):
            if name not in found:
                try:
                    found[name] = hashlib.sha256(Path(name).read_bytes()).hexdigest()
                except OSError:
                    found[name] = "missing"
    return found


def _note_fresh(reason: str) -> None:
    print(f"lis: börjar om utan cache: {reason}.", file=sys.stderr)


def _write_state(path: Path, state: dict[str, Any]) -> None:
    """Written whole or not at all: a run killed while writing leaves no half a file."""
    write_json_atomic(path, state, indent=1)


def _messages(items: Any) -> list[SphinxMessage]:
    return [SphinxMessage(**item) for item in items or []]


def _stream_messages(text: str, srcdir: Path) -> list[SphinxMessage]:
    """Warnings logged before the collector was in place (while Sphinx starts)."""
    found = []
    for raw in text.splitlines():
        m = _STREAM_LINE.match(raw.strip())
        if not m:
            continue
        path, line = "", 0
        if loc := m["loc"]:
            head, _, tail = loc.rpartition(":")
            path, line = (head, int(tail)) if tail.isdigit() else (loc, 0)
            if path and not os.path.isabs(path):
                path = str(srcdir / path)
        found.append(SphinxMessage(m["type"] or "", m["subtype"] or "", path, line, m["msg"]))
    return found


def build_needs(root: Path, cache: Path, confoverrides: dict[str, Any] | None = None) -> BuildResult:
    """The ``needs`` builder over ``root``'s docs/ with its environment in ``cache``."""
    return run_sphinx(root, cache, "needs", cache / "needs", confoverrides)


def run_sphinx(
    root: Path,
    cache: Path,
    builder: str,
    outdir: Path,
    confoverrides: dict[str, Any] | None = None,
    before_write: Callable[[Any, list[SphinxMessage]], None] | None = None,
) -> BuildResult:
    """Run ``builder`` over ``root``'s docs/ into ``outdir``, environment and state in ``cache``.

    ``before_write(app, messages)`` is called at ``write-started``, after the
    build's facts, with the messages known by then (every page's reading
    warnings and the consistency check), and again before the pages with
    placeholders are written, with the warnings from writing the others. Raises ProjectError when Sphinx cannot
    start (conf.py, extensions) and BuildCrash when it stops with an exception.
    """
    cache.mkdir(parents=True, exist_ok=True)
    with _locked(cache / "lock"):
        try:
            return _build(root, cache, builder, outdir, confoverrides, before_write)
        except BuildCrash as crash:
            if not crash.cached:
                raise
            # A run on a kept environment stopped: a damaged file in the cache (a doctree
            # that does not unpickle) stops Sphinx as a page would. Once more from scratch;
            # a page that stops Sphinx stops it again, and that is the finding.
            _note_fresh(f"en fil i cachen kunde inte läsas ({crash.message})")
            shutil.rmtree(cache / "doctrees", ignore_errors=True)
            (cache / STATE_FILE).unlink(missing_ok=True)
            return _build(root, cache, builder, outdir, confoverrides, before_write)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One run at a time per cache folder (parallel runs: set LIS_CACHE_DIR)."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; use one cache folder per run
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _build(
    root: Path,
    cache: Path,
    builder: str,
    outdir: Path,
    confoverrides: dict[str, Any] | None,
    before_write: Callable[[Any, list[SphinxMessage]], None] | None,
) -> BuildResult:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from checks.sphinxext.selective_write import SUMMARIES_NEXT

    state_path = cache / STATE_FILE
    state, distrust = _load_state(state_path)
    if distrust:
        _note_fresh(distrust)
    # From here until the run ends the saved warnings may not match the environment.
    state_path.unlink(missing_ok=True)
    warning_stream = io.StringIO()
    srcdir = root / "docs"
    logger = logging.getLogger("sphinx")
    with patch_docutils(root), docutils_namespace(), environment_kept() as started:
        try:
            app = Sphinx(
                srcdir,
                root,
                outdir,
                cache / "doctrees",
                builder,
                confoverrides=confoverrides or {},
                status=io.StringIO(),
                warning=warning_stream,
                freshenv=state is None,
                parallel=jobs(),
            )
        except Exception as err:
            raise ProjectError(f"Sphinx kan inte starta med {root / 'conf.py'}: {err}") from err
        started(app)
        # Reading in parallel pays (a quarter off a clean check). Writing in parallel hands
        # every resolved page to writer processes: at 10,000 needs it took 1.3 GB, more
        # than twice a serial write, for a sixth of the time. Pages are written here.
        app.builder.allow_parallel = False  # type: ignore[misc]
        early = _stream_messages(warning_stream.getvalue(), srcdir)
        collector = _Collector(app)

        def before_read(_app: Any, env: Any, docnames: list[str]) -> None:
            collector.reread.update(docnames)
            # A reading process sends its whole environment back: worth it when most
            # pages are read (a clean run), not for the one page an edit changed
            if len(docnames) < max(PARALLEL_MIN_PAGES, len(env.found_docs) // 2):
                app.parallel = 1

        def purge(_app: Any, _env: Any, docname: str) -> None:
            collector.purged.add(docname)

        def outdated(_app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
            # Sphinx reads a page again only when its file (or one it includes) is newer
            # than the saved environment: a page restored with its old time (cp -p, rsync -a,
            # tar -x, git stash on some systems) would keep its old warnings. The content
            # decides: a page whose text or dependencies differ from the last run is read.
            digests[:] = [_digests(env)]
            saved = (state or {}).get("digests", {})
            stale = (
                {d for d in env.found_docs if any(saved.get(f) != digests[0][f] for f in _files_of(env, d))}
                if state is not None
                else set()
            )
            # A page's reading warnings can depend on which pages exist (a toctree entry
            # to a page that was renamed or deleted): when pages come or go, the pages
            # with a toctree and those with saved warnings are read again.
            if added or removed:
                stale |= set(env.toctree_includes) | set((state or {}).get("docs", {}))
            return sorted(stale - removed - added - changed)

        digests: list[dict[str, str]] = []

        def consistency(_app: Any, _env: Any) -> None:
            collector.consistency_ran = True

        def writing(_app: Any, _builder: Any) -> None:
            collector.writing = True

        def resolving(_app: Any, _builder: Any) -> None:
            collector.resolving = True

        def resolved(_app: Any, _doctree: Any, docname: str) -> None:
            collector.resolved.add(docname)

        def write_started(_app: Any, *_builder: Any) -> None:
            assert before_write is not None
            docs, consistency_messages = _merged(collector, state, set(app.env.found_docs))
            before_write(app, _ordered(early, docs, consistency_messages, collector.run, _written(collector, state, set(app.env.found_docs))))

        app.connect("env-get-outdated", outdated)
        app.connect("env-before-read-docs", before_read)
        app.connect("env-purge-doc", purge)
        app.connect("env-check-consistency", consistency)
        app.connect("doctree-resolved", resolved)
        app.connect("write-started", writing, priority=1)
        # after every write-started listener: from here on pages are resolved one by one
        app.connect("write-started", resolving, priority=1000)
        if before_write is not None:
            app.connect("write-started", write_started, priority=900)
            # again before the pages that summarise the findings are written: with the
            # warnings from writing the other pages (broken references)
            app.connect(SUMMARIES_NEXT, write_started)
        logger.addHandler(collector)
        try:
            with _records_name_their_page(app):
                app.build()
        except StopBuild:
            # pages were read but not resolved: the saved warnings would not cover them
            (cache / STOPPED_FILE).touch()
            raise
        except Exception as err:
            docname = collector._current_docname()
            path = str(app.env.doc2path(docname)) if docname else ""
            raise BuildCrash(path, f"{type(err).__name__}: {err}", cached=state is not None) from err
        finally:
            logger.removeHandler(collector)
        found_docs = set(app.env.found_docs)
        # the files read as the run started; a dependency first noted while reading, as it is now
        final_digests = _digests(app.env, digests[0] if digests else None)

    docs, consistency_messages = _merged(collector, state, found_docs)
    written = _written(collector, state, found_docs)
    _write_state(
        state_path,
        {
            "format": STATE_FORMAT,
            "versions": tool_versions(),
            "docs": {d: [asdict(m) for m in ms] for d, ms in sorted(docs.items())},
            "consistency": [asdict(m) for m in consistency_messages],
            "written": {d: [asdict(m) for m in ms] for d, ms in sorted(written.items())},
            "digests": final_digests,
        },
    )
    return BuildResult(
        outdir=outdir,
        messages=_ordered(early, docs, consistency_messages, collector.run, written),
        found_docs=found_docs,
        read=set(collector.reread),
        facts=getattr(app, "_lis_facts", None),
    )


def _merged(
    collector: _Collector, state: dict[str, Any] | None, found_docs: set[str]
) -> tuple[dict[str, list[SphinxMessage]], list[SphinxMessage]]:
    """Every page's reading warnings (this run's, else the saved ones) and the consistency check's."""
    docs = {d: _messages(m) for d, m in (state or {}).get("docs", {}).items()}
    for docname in collector.purged | collector.reread:
        docs.pop(docname, None)
    for docname in collector.reread:
        if collector.docs.get(docname):
            docs[docname] = collector.docs[docname]
    docs = {d: m for d, m in docs.items() if d in found_docs}
    consistency_messages = (
        collector.consistency if collector.consistency_ran else _messages((state or {}).get("consistency"))
    )
    return docs, consistency_messages


def _written(
    collector: _Collector, state: dict[str, Any] | None, found_docs: set[str]
) -> dict[str, list[SphinxMessage]]:
    """Every page's warnings from resolving it: this run's for the pages resolved now, else the saved ones."""
    written = {d: _messages(m) for d, m in (state or {}).get("written", {}).items()}
    for docname in collector.purged | collector.reread | collector.resolved:
        written.pop(docname, None)
    for docname in collector.resolved:
        if collector.written.get(docname):
            written[docname] = collector.written[docname]
    return {d: m for d, m in written.items() if d in found_docs}


def _ordered(
    early: list[SphinxMessage],
    docs: dict[str, list[SphinxMessage]],
    consistency: list[SphinxMessage],
    run: list[SphinxMessage],
    written: dict[str, list[SphinxMessage]] | None = None,
) -> list[SphinxMessage]:
    pages = (m for _, ms in sorted((written or {}).items()) for m in ms)
    return [*early, *(m for _, ms in sorted(docs.items()) for m in ms), *consistency, *pages, *run]
