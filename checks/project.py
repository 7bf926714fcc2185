"""Locating a lis project and reading its ``[tool.lis]`` settings."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class ProjectError(Exception):
    """The tool cannot run: no project at the given folder, or unreadable settings."""


@dataclass
class Project:
    root: Path
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def requirements(self) -> Path:
        return self.root / "requirements"


def load_project(root: Path | str) -> Project:
    """The project at ``root``: it must hold conf.py and docs/."""
    path = Path(root).resolve()
    if not (path / "conf.py").is_file() or not (path / "docs").is_dir():
        raise ProjectError(f"Inget lis-projekt i {path} (conf.py och docs/ saknas).")
    settings: dict[str, Any] = {}
    pyproject = path / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise ProjectError(f"{pyproject}: kan inte läsas: {err}") from err
        settings = data.get("tool", {}).get("lis", {})
    return Project(root=path, settings=settings)
