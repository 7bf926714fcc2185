"""Writing a file so that a reader never sees half of it (and reading back a state file so written)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``.

    The rename is atomic on one file system, so ``path`` holds either the old
    content or the new, never a part; on any error the temporary file is removed
    and the error raised (OSError).
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); an export is an ordinary file.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_json_atomic(path: Path, data: object, *, indent: int | None = None) -> None:
    """``data`` as UTF-8 JSON, written whole or not at all (a cache's state files), its folder made."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=indent).encode("utf-8"))


def read_json_state(path: Path) -> dict[str, Any] | None:
    """A state file written by ``write_json_atomic``: its object, or None when it is missing,
    unreadable or not a JSON object (a cache then starts over, it never fails the run)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
