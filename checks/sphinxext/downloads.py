"""The site's downloads (the matrix and the SoA as Excel and CSV), written when their data changed.

A workbook takes seconds to render on a large project, and after most edits the
matrix is what it was: the file already in the output folder is kept when the
same lis wrote it there from the same data (a digest of the data's ``repr``,
which the frozen dataclasses of checks.matrix and checks.soa spell out in full).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx

from checks import __version__
from checks.exporters.atomic import read_json_state, write_atomic, write_json_atomic

# beside the files, in the output folder (see checks.sphinxext.selective_write)
STATE_FILE = ".lis-downloads.json"


def _state_path(app: Sphinx) -> Path:
    return Path(app.outdir) / STATE_FILE


def _state(app: Sphinx) -> dict[str, str]:
    files = (read_json_state(_state_path(app)) or {}).get("files")
    return files if isinstance(files, dict) else {}


def write_download(app: Sphinx, name: str, data: object, render: Callable[[], bytes]) -> None:
    """``render()`` into the output folder as ``name``, unless the file there came from ``data``."""
    target = Path(app.outdir) / name
    key = hashlib.sha256(f"{__version__}\0{name}\0{data!r}".encode()).hexdigest()
    files = _state(app)
    if target.is_file() and files.get(name) == key:
        return
    write_atomic(target, render())
    files[name] = key
    write_json_atomic(_state_path(app), {"files": files})
