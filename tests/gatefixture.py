"""Shared by the gate's tests: fixture projects, where things are in them, and hashes.

tests/fixtures/check_fire is a small project where every rule of lis check fires
at a known place; tests/fixtures/check_quiet one where every rule is close to
firing and stays quiet. Tests that change a project work on a copy in tmp_path;
every gate run keeps its Sphinx cache in a temporary folder, never in the fixture.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
FIRE = FIXTURES / "check_fire"
QUIET = FIXTURES / "check_quiet"
TODAY = date(2026, 11, 29)


def copy_project(source: Path, dest: Path) -> Path:
    """A copy of a fixture project (without build output) at ``dest``."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return dest


def copy_real(dest: Path) -> Path:
    """A copy of the repository's real content (configuration, docs, catalogs) in ``dest``."""
    repo = Path(__file__).resolve().parents[1]
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("conf.py", "ubproject.toml", "pyproject.toml", "arshjul.yaml"):
        shutil.copy2(repo / name, dest / name)
    for name in ("docs", "requirements", "katalog", "locale"):
        shutil.copytree(repo / name, dest / name, ignore=shutil.ignore_patterns("_build", "__pycache__"))
    return dest


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def text_line(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    seen = 0
    for number, line in enumerate(_lines(path), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found {occurrence} time(s) in {path}")


def need_line(path: Path, need_id: str, occurrence: int = 1) -> int:
    """The line of the directive (``:::{type}``) whose ``:id:`` is ``need_id``."""
    lines = _lines(path)
    at = text_line(path, f":id: {need_id}", occurrence)
    for number in range(at - 1, 0, -1):
        if lines[number - 1].startswith(":::{"):
            return number
    raise AssertionError(f"no directive above {need_id} in {path}")


def yaml_line(path: Path, need_id: str, occurrence: int = 1) -> int:
    """The line of a requirement's ``- id:`` in a catalog."""
    return text_line(path, f"- id: {need_id}", occurrence)


def tree_hash(*folders: Path) -> dict[str, str]:
    """sha256 and mtime of every file under the folders, to prove nothing was written."""
    result = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                result[str(path)] = f"{digest}:{path.stat().st_mtime_ns}"
    return result


def publish_catalog(katalog: Path, version: str) -> None:
    """A catalog project's publication of ``version``: lis build, then the built needs.json
    kept beside its conf.py, where the next build reads the versions published before."""
    import re

    from checks.main import main

    conf = katalog / "conf.py"
    conf.write_text(re.sub(r'^version = (release = )?".*"$', f'version = release = "{version}"', conf.read_text(encoding="utf-8"), flags=re.M))
    assert main(["build", "--root", str(katalog), "--today", TODAY.isoformat(), "--strict"]) == 0
    shutil.copy2(katalog / "_build" / "html" / "needs.json", katalog / "needs.json")


def pin_catalog(office: Path, version: str) -> None:
    """The office's shared_catalog pinned to ``version`` (file or address unchanged)."""
    import re

    pyproject = office / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r'(shared_catalog = \{.*version = )"[^"]*"', rf'\1"{version}"', text), encoding="utf-8")
