"""The need objects of a project, as sphinx-needs exports them (needs.json).

The gate, the matrix export and the site all read the same data sphinx-needs
builds, so there is one notion of what a need, a link and a field value is.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any


def load_needs(json_path: Path) -> dict[str, dict[str, Any]]:
    """The needs of the current version of a needs.json file, by id."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    version = data.get("current_version", "")
    return dict(data["versions"][version]["needs"])


def needs_of(app: Any) -> dict[str, dict[str, Any]]:
    """The resolved needs of a Sphinx build as needs.json-shaped dicts (all types, own and external)."""
    from sphinx_needs.data import SphinxNeedsData

    return {need_id: dict(need.items()) for need_id, need in SphinxNeedsData(app.env).get_needs_view().items()}


# ---------------------------------------------------------------- field values


def as_date(value: Any) -> dt.date | None:
    """A date from a needs.json value ('2025-12-01' or a date); None if missing or invalid."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def id_list(value: Any) -> list[str]:
    """A link field as a list of ids (needs.json has lists; be lenient with strings)."""
    if not value:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return [str(v) for v in value]
