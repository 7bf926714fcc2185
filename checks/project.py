"""Locating a lis project and reading its ``[tool.lis]`` settings (validated once, here)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from checks.errors import ProjectError
from checks.settings import Settings


@dataclass
class Project:
    root: Path
    settings: Settings = field(default_factory=Settings)

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def requirements(self) -> Path:
        return self.root / "requirements"


def load_project(root: Path | str) -> Project:
    """The project at ``root``: it must hold conf.py and docs/. ProjectError otherwise."""
    path = Path(root).resolve()
    if not (path / "conf.py").is_file() or not (path / "docs").is_dir():
        raise ProjectError(f"Inget lis-projekt i {path} (conf.py och docs/ saknas).")
    return Project(root=path, settings=read_settings(path))


def read_settings(root: Path) -> Settings:
    """``[tool.lis]`` of ``root/pyproject.toml`` (defaults when there is none)."""
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        return Settings()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ProjectError(f"{pyproject}: kan inte läsas: {err}") from err
    return Settings.from_dict(data.get("tool", {}).get("lis", {}), pyproject)
