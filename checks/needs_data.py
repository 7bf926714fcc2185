"""The need objects of a project, as sphinx-needs exports them (needs.json).

The gate, the matrix export and the site all read the same data sphinx-needs
builds, so there is one notion of what a need, a link and a field value is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def load_needs(json_path: Path) -> dict[str, dict[str, Any]]:
    """The needs of the current version of a needs.json file, by id."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    version = data.get("current_version", "")
    return dict(data["versions"][version]["needs"])
