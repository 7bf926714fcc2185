"""How the editing commands write: every file of one change, or none, and a rerun after a crash completes it.

``lis new``, ``lis reviewed``, ``lis review`` and ``lis import`` plan all their
changes first and validate them; then :func:`commit` writes them as one
transaction:

1. every target is checked: inside the folders the command may write (docs/,
   requirements/), never through a symbolic link that leaves the project, never
   onto a symbolic link;
2. the new contents are written to a journal under ``_build/lis-journal/`` and
   made durable; the journal's ``plan.json``, written last and atomically, is the
   point of no return;
3. each file is moved from the journal onto its target (a rename: a reader sees
   the old file or the new one, never a part), new pages only where no file of
   that name exists;
4. the journal is removed.

Killed before step 2 ends, nothing in docs/ has changed and the journal is
discarded by the next editing command; killed after, the next editing command
(:func:`edit`) first finishes the moves, and says so. No temporary file is ever
written into docs/ or requirements/. The whole command runs under a lock
(``_build/lis-edit.lock``), so two commands started together never read the same
free id or write over each other.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from checks.boundary import inside
from checks.errors import ProjectError

JOURNAL = Path("_build") / "lis-journal"
LOCK = Path("_build") / "lis-edit.lock"
PLAN = "plan.json"


@dataclass(frozen=True)
class Write:
    """One file of a change: its new bytes, and whether it must not exist yet (a new page)."""

    path: Path
    data: bytes
    new: bool = False


def _mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _stage(path: Path, data: bytes) -> None:
    """One file of the journal, durable before the plan names it."""
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, _mode())


def _install(source: Path, target: Path, new: bool) -> None:
    """``source`` (in the journal) becomes ``target``: a rename, or a link when ``target`` must be new."""
    target.parent.mkdir(parents=True, exist_ok=True)  # a new folder (a new review's pages)
    try:
        if new:
            os.link(source, target)  # fails if a file of that name appeared meanwhile
            source.unlink()
        else:
            os.replace(source, target)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        # _build/ on another file system: a copy beside the target, renamed over it
        beside = _beside(target)
        shutil.copyfile(source, beside)
        os.chmod(beside, _mode())
        if new:
            os.link(beside, target)
            beside.unlink()
        else:
            os.replace(beside, target)
        source.unlink()


def _beside(target: Path) -> Path:
    return target.with_name(f".{target.name}.lis-tmp")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_target(root: Path, path: Path, folders: tuple[Path, ...]) -> None:
    """Refuse (ProjectError) a target outside ``folders``, reached through a symlink out, or a symlink itself."""
    root = root.resolve()
    shown = _shown(root, path)
    if path.is_symlink():
        raise ProjectError(f"{shown} är en symbolisk länk; lis skriver aldrig genom en länk. Inget skrevs.")
    parent = path.parent
    while not parent.exists() and not parent.is_symlink() and parent != parent.parent:
        parent = parent.parent  # a folder the change makes: where it will be made
    try:
        parent = parent.resolve(strict=True)
    except (OSError, RuntimeError):
        raise ProjectError(f"{shown}: mappen går inte att följa (en symbolisk länk i en slinga). Inget skrevs.") from None
    allowed = [f.resolve() for f in folders]
    if not any(inside(parent, f) for f in allowed):
        raise ProjectError(
            f"{shown} skulle hamna utanför projektets {' och '.join(f.name + '/' for f in folders)} "
            "(mappen är en symbolisk länk ut ur projektet). Inget skrevs."
        )


def _shown(root: Path, path: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.name


def commit(root: Path, writes: list[Write], folders: tuple[Path, ...], what: str) -> None:
    """Write ``writes`` as one transaction (see the module's docstring); ``what`` names the change."""
    root = root.resolve()
    if not writes:
        return
    for write in writes:
        check_target(root, write.path, folders)
        if write.new and write.path.exists():
            raise ProjectError(f"{_shown(root, write.path)} finns redan; lis skriver aldrig över en fil. Inget skrevs.")
    journal = root / JOURNAL
    shutil.rmtree(journal, ignore_errors=True)
    journal.mkdir(parents=True)
    entries = []
    for number, write in enumerate(writes):
        name = f"{number}.data"
        _stage(journal / name, write.data)
        entries.append(
            {"target": write.path.absolute().relative_to(root).as_posix(), "data": name,
             "sha256": _digest(write.data), "new": write.new}
        )
    plan = journal / f"{PLAN}.part"
    _stage(plan, json.dumps({"what": what, "files": entries}, ensure_ascii=False).encode("utf-8"))
    os.replace(plan, journal / PLAN)  # the point of no return
    _finish(root, journal)


def _finish(root: Path, journal: Path) -> str:
    """Move what the journal still holds onto its targets; the journal's ``what``."""
    plan = json.loads((journal / PLAN).read_text(encoding="utf-8"))
    for entry in plan["files"]:
        source = journal / entry["data"]
        target = root / entry["target"]
        if source.exists():
            _install(source, target, bool(entry["new"]) and not _holds(target, entry["sha256"]))
        _beside(target).unlink(missing_ok=True)
    shutil.rmtree(journal, ignore_errors=True)
    return str(plan.get("what", ""))


def _holds(target: Path, digest: str) -> bool:
    try:
        return _digest(target.read_bytes()) == digest
    except OSError:
        return False


def resume(root: Path) -> str:
    """Finish a change a crash interrupted after its point of no return (and say so); discard one
    interrupted before it. The interrupted change's ``what``, or "" when there was none."""
    root = root.resolve()
    journal = root / JOURNAL
    if not journal.is_dir():
        return ""
    if not (journal / PLAN).is_file():
        shutil.rmtree(journal, ignore_errors=True)  # nothing in docs/ was touched
        return ""
    try:
        what = _finish(root, journal)
    except (OSError, ValueError, KeyError) as err:
        raise ProjectError(
            f"En ändring som avbröts ({journal}) kan inte slutföras: {err}. Kontrollera filerna med git status."
        ) from err
    print(f"lis: slutförde en ändring som avbröts: {what}.", file=sys.stderr)
    return what


@contextmanager
def edit(root: Path) -> Iterator[str]:
    """One editing command at a time per project; an interrupted change is finished first.

    Yields the ``what`` of a change this finished ("" when none)."""
    root = root.resolve()
    lock = root / LOCK
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = lock.open("a")
    except OSError as err:
        raise ProjectError(
            f"{lock.parent} kan inte skrivas ({err.strerror or err}), så ändringen kan inte göras säkert. "
            "Inget skrevs."
        ) from err
    with handle:
        try:
            import fcntl
        except ImportError:  # Windows: no lock
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield resume(root)
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)
