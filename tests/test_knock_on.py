"""checks/gate/knock_on.py: consequences of one mistake are listed under it, the cause first."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.findings import Finding
from checks.gate import run_gate
from checks.project import load_project
from checks.reporters import render
from gatefixture import QUIET, TODAY, copy_project, need_line


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(QUIET, tmp_path / "p")


def _check(root: Path, tmp_path: Path) -> list[Finding]:
    return run_gate(load_project(root), TODAY, cache=tmp_path / "cache")


def test_a_duplicated_routine_id_comes_before_the_requirements_it_leaves_untraced(project: Path, tmp_path: Path) -> None:
    page = project / "docs" / "rutiner.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":id: RUT-002\n", ":id: RUT-001\n", 1), encoding="utf-8")
    found = _check(project, tmp_path)
    codes = [(f.code, f.need_id) for f in found]
    cause = codes.index(("LIS003", "RUT-001"))
    knock = codes.index(("LIS010", "QUIET-5"))
    assert knock == cause + 1
    untraced = found[knock]
    assert untraced.cause == ("docs/rutiner.md", need_line(page, "RUT-001", occurrence=2), "LIS003")
    assert "Följd av LIS003 i docs/rutiner.md" in untraced.message
    text = render("text", found).splitlines()
    assert any(line.startswith("      ↳ requirements/quiet.yaml") and "LIS010" in line for line in text)


def test_an_emptied_catalog_comes_before_the_links_it_breaks(project: Path, tmp_path: Path) -> None:
    (project / "requirements" / "quiet.yaml").write_text("", encoding="utf-8")
    found = _check(project, tmp_path)
    empty = next(i for i, f in enumerate(found) if f.code == "LIS002" and f.file == "requirements/quiet.yaml")
    following = [f for f in found[empty + 1 :] if f.cause is not None]
    assert following and all(f.code == "LIS004" and f.cause == ("requirements/quiet.yaml", 1, "LIS002") for f in following)
    # every broken link to the catalog's requirements is one of them
    assert not [f for f in found if f.code == "LIS004" and f.cause is None and "QUIET-" in f.message]


def test_json_names_the_cause(project: Path, tmp_path: Path) -> None:
    import json

    (project / "requirements" / "quiet.yaml").write_text("", encoding="utf-8")
    data = json.loads(render("json", _check(project, tmp_path)))
    knocked = [f for f in data["findings"] if "cause" in f]
    assert knocked and knocked[0]["cause"] == {"file": "requirements/quiet.yaml", "line": 1, "code": "LIS002"}
