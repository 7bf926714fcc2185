"""The project's own files only: what a page, a directive or the build may read.

Everything the site publishes comes from files inside the project root (a
catalog from inside ``requirements/``). A path that resolves outside it (``..``,
an absolute path, a symlink that leaves the project), anything that is not a
regular file (a device such as /dev/zero, a FIFO, a socket) and a file over
:data:`MAX_FILE_BYTES` is refused before it is opened, never followed (LIS042).
Reasons never name a path outside the project.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# No page, catalog, image or included file of an ISMS is anywhere near this; a
# file that is, is a mistake (or a symlink to a device) and would fill memory.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILE_TEXT = "5 MB"


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (already resolved) lies in ``folder`` (already resolved)."""
    return path == folder or folder in path.parents


def refusal(root: Path, path: Path | str, *, within: Path | None = None) -> str | None:
    """Why ``path`` may not be read (Swedish, without naming what lies outside), or None.

    ``path`` may be relative to the current directory or absolute; symlinks are
    resolved first, so a link that leaves the project is refused whatever its
    own name. ``within`` narrows the allowed folder (catalogs: requirements/).
    A path that does not exist is not refused here: the caller reports it as missing.
    """
    root = root.resolve()
    folder = (within or root).resolve()
    try:
        resolved = Path(path).resolve()
    except (OSError, RuntimeError):  # a symlink loop
        return "sökvägen går inte att följa (en symbolisk länk i en slinga)"
    if not inside(resolved, root):
        return "sökvägen pekar utanför projektet"
    if not inside(resolved, folder):
        return f"sökvägen pekar utanför {folder.relative_to(root).as_posix()}/"
    try:
        info = resolved.stat()
    except OSError:
        return None
    return _kind_refusal(info)


def _kind_refusal(info: os.stat_result) -> str | None:
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return "det är ingen vanlig fil (en enhet, en FIFO eller en socket)"
    if info.st_size > MAX_FILE_BYTES:
        return f"filen är större än {MAX_FILE_TEXT}"
    return None


@dataclass(frozen=True)
class Entry:
    """One entry of a walked folder: a file that may be read, or one that is refused."""

    path: Path  # as found under the folder (not resolved)
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def walk(root: Path, folder: Path, *, skip: tuple[str, ...] = ()) -> Iterator[Entry]:
    """Every file under ``folder`` without following a symlink out of the project.

    A symlink (to a file or a folder) that leaves the project, a device, a FIFO or
    a socket and a file over the size limit come back as refused entries; a
    symlinked folder inside the project is walked once. ``skip`` names top-level
    entries of ``folder`` to leave out (build output).
    """
    root = root.resolve()
    seen: set[Path] = set()

    def visit(directory: Path, top: bool) -> Iterator[Entry]:
        real = directory.resolve()
        if real in seen:  # a link back up the tree
            return
        seen.add(real)
        try:
            children = sorted(directory.iterdir())
        except OSError:
            return
        for child in children:
            if top and child.name in skip:
                continue
            if child.is_symlink():
                problem = refusal(root, child)
                if problem:
                    yield Entry(child, problem)
                    continue
            try:
                info = child.stat()
            except OSError:
                if child.is_symlink():
                    yield Entry(child, "länken pekar på något som inte finns")
                continue
            if stat.S_ISDIR(info.st_mode):
                yield from visit(child, False)
                continue
            yield Entry(child, _kind_refusal(info))

    if folder.is_dir():
        yield from visit(folder, True)


def read_bounded(path: Path) -> bytes:
    """The bytes of a file that :func:`refusal` accepted, never more than the limit."""
    with path.open("rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]
