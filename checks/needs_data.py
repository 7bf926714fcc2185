"""The need objects of a project, as sphinx-needs exports them (needs.json).

The gate, the matrix export and the site all read the same data sphinx-needs
builds, so there is one notion of what a need, a link and a field value is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from checks.project import Project


def load_needs(json_path: Path) -> dict[str, dict[str, Any]]:
    """The needs of the current version of a needs.json file, by id."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    version = data.get("current_version", "")
    return dict(data["versions"][version]["needs"])


def build_needs_json(project: Project, outdir: Path | None = None, quiet: bool = True) -> Path:
    """Run the ``needs`` builder over the project; the path of needs.json.

    The output goes to ``_build/needs`` by default (kept between runs, so a
    second run after editing one page rebuilds only that page).
    """
    from sphinx.cmd.build import build_main

    out = outdir or project.root / "_build" / "needs"
    args = ["-b", "needs", "-c", str(project.root), str(project.docs), str(out)]
    if quiet:
        args = ["-q", *args]
    build_main(args)
    return out / "needs.json"
