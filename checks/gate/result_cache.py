"""The last run's findings, reused when none of its inputs changed.

A run's findings are a function of its inputs: the project's files, lis's own
code, the tool versions, the date and the run's options. When a run finds all of
them as the last run left them, its findings are read back instead of starting
Sphinx — make's rule. Sphinx's environment cache cannot do this: it must start
Sphinx (imports, configuration, the pickled environment of every page) before it
knows that nothing is outdated, which takes seconds on a large project.

The sources (root files, docs/, requirements/) are stamped by their content, so
an edit within the file system's time resolution is never missed; other files
(lis's code, folders a page may include from) by size and modification time.
A key is computed before and after the run and the result kept only when the
two agree, so a file edited while the gate ran is never hidden.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import checks
from checks import debuglog
from checks.exporters.atomic import read_json_state, write_json_atomic
from checks.findings import Finding

RESULT_FILE = "lis-result.json"
RESULT_FORMAT = 1
# Never inputs: caches, build output, byte code; hidden folders at the root (.git, .venv).
_SKIPPED = frozenset({"_build", "__pycache__", "node_modules"})
_CONTENT = ("docs", "requirements")
# Made from other inputs by the run itself: Sphinx compiles a translation (.po) into
# its .mo beside it on the first build, which would make that build's inputs differ
# from themselves.
_DERIVED = (".mo", ".pyc")


def inputs_key(root: Path, today: str, purpose: dict[str, Any], skip: tuple[Path, ...] = ()) -> str:
    """A digest of every input of a run of ``purpose`` over the project at ``root`` on ``today``."""
    from checks.gate.sphinx_run import tool_versions

    digest = hashlib.sha256()
    head = {
        "format": RESULT_FORMAT,
        "today": today,
        "purpose": purpose,
        "versions": tool_versions(),
        "python": sys.version,
        "environment": {k: v for k, v in sorted(os.environ.items()) if k.startswith("LIS_")},
    }
    digest.update(json.dumps(head, sort_keys=True).encode())
    skipped = {p.resolve() for p in skip}
    written = _written_by_this_run(skip)
    package = Path(checks.__file__).resolve().parent
    trees = [root.resolve()]
    if not package.is_relative_to(trees[0]):
        trees.append(package)
    for tree in trees:
        digest.update(f"\0tree {tree}\n".encode())
        for rel, path in _files(tree, skipped):
            stamp = _stamp(path, content=tree == trees[0] and _is_source(rel), written=written)
            if stamp is not None:
                digest.update(f"{rel}\0{stamp}\n".encode())
    for path in _pinned_outside(root.resolve()):
        # the shared catalog pinned from a file outside the project is an input too
        digest.update(f"\0pinned {path}\0{_stamp(path, content=True, written=written)}\n".encode())
    return digest.hexdigest()


def _pinned_outside(root: Path) -> list[Path]:
    from checks.errors import ProjectError
    from checks.project import read_settings

    try:
        pin = read_settings(root).shared_catalog
    except ProjectError:
        return []
    if pin is None or not pin.file:
        return []
    path = (root / pin.file).resolve()
    return [] if path.is_relative_to(root) else [path]


def _written_by_this_run(outputs: tuple[Path, ...]) -> set[tuple[int, int]]:
    """The files this run writes, by device and inode: the report (``-o``) and a file standard
    out or standard error is sent to (``lis check > rapport.txt`` in the project folder)."""
    found = set()
    for stream in (sys.stdout, sys.stderr):
        try:
            info = os.fstat(stream.fileno())
        except (AttributeError, OSError, ValueError):
            continue
        if stat.S_ISREG(info.st_mode):
            found.add((info.st_dev, info.st_ino))
    for path in outputs:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode):
            found.add((info.st_dev, info.st_ino))
    return found


def _is_source(rel: str) -> bool:
    head, sep, _ = rel.partition("/")
    return not sep or head in _CONTENT


def _files(tree: Path, skipped: set[Path]) -> Iterator[tuple[str, Path]]:
    """Every file under ``tree`` (posix path relative to it), in a stable order; links not followed into folders."""
    for folder, dirnames, filenames in os.walk(tree):
        here = Path(folder)
        at_root = here == tree
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in _SKIPPED
            and not (at_root and d.startswith("."))
            and (here / d).resolve() not in skipped
            and not (here / d / "pyvenv.cfg").exists()
        )
        rel_folder = here.relative_to(tree).as_posix()
        for name in sorted(n for n in filenames if not n.endswith(_DERIVED)):
            yield (name if rel_folder == "." else f"{rel_folder}/{name}"), here / name


def _stamp(path: Path, *, content: bool, written: set[tuple[int, int]]) -> str | None:
    """The file's content digest (or size and time); None for a file this run writes."""
    try:
        info = path.stat()
    except OSError:
        return "missing"
    if (info.st_dev, info.st_ino) in written:
        return None
    if not content or not path.is_file():
        return f"{info.st_size}:{info.st_mtime_ns}:{info.st_mode}"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def load(cache: Path, key: str) -> dict[str, Any] | None:
    """The stored result of a run with ``key``, or None (no result, another key, unreadable,
    or LIS_DEBUG set: a debugging run shows what the libraries say, so it runs them)."""
    if debuglog.enabled():
        return None
    stored = read_json_state(cache / RESULT_FILE)
    if stored is None or stored.get("key") != key:
        return None
    try:
        stored["findings"] = [Finding.from_dict(item) for item in stored["findings"]]
    except (KeyError, TypeError, ValueError):
        return None
    return stored


def save(cache: Path, key: str, findings: list[Finding], **extra: Any) -> None:
    """Written whole or not at all, as the environment's own state file."""
    write_json_atomic(cache / RESULT_FILE, {"key": key, "findings": [f.as_dict() for f in findings], **extra})


def forget(cache: Path) -> None:
    (cache / RESULT_FILE).unlink(missing_ok=True)


def clock_of(facts: Any) -> dict[str, Any]:
    """What a stored result needs to know of the incident clocks: when the first one changes state."""
    until = getattr(facts, "extra", {}).get("clock_until") if facts is not None else None
    return {"clock_until": until.isoformat()} if until is not None else {}


def clock_holds(stored: dict[str, Any], now: Any) -> bool:
    """A stored result still holds at ``now``: no incident's clock has changed state since it was made."""
    import datetime as dt

    until = stored.get("clock_until")
    if not until or now is None:
        return True
    try:
        return bool(now < dt.datetime.fromisoformat(until))
    except (TypeError, ValueError):
        return False
