"""The users' workflow templates (checks/workflows): an office's (written by lis init),
the catalog project's and the city overview's. Linted like .github/workflows and
checked for what the README says they do."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_workflows import _linter

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "checks" / "workflows"


def _filled(path: Path) -> str:
    return path.read_text(encoding="utf-8").replace("{{office}}", "Stadsbyggnadskontoret")


def _load(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    if True in data:
        data["on"] = data.pop(True)
    return data


def _flow(name: str) -> dict[str, Any]:
    return _load(_filled(TEMPLATES / name))


def _runs(flow: dict[str, Any]) -> str:
    return "\n".join(str(s.get("run", "")) for job in flow["jobs"].values() for s in job.get("steps", []))


def test_the_templates_pass_the_linter(tmp_path: Path) -> None:
    command = _linter()
    if command is None:
        pytest.skip("Varken jactionlint eller actionlint finns installerat (pip install -e \".[test]\").")
    files = []
    for path in sorted(TEMPLATES.glob("*.yml")):
        target = tmp_path / ".github" / "workflows" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_filled(path), encoding="utf-8")
        files.append(str(target))
    assert len(files) == 4
    result = subprocess.run([*command, *files], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.yml")))
def test_permissions_are_minimal_and_lis_comes_from_a_declared_address(name: str) -> None:
    flow = _flow(name)
    assert flow["permissions"] == {"contents": "read"}
    text = _filled(TEMPLATES / name)
    # the address lis is installed from is the organisation's, never guessed here; and an
    # expression is never pasted into a script (it goes through env)
    assert 'pip install "$LIS_PACKAGE"' in text and "LIS_PACKAGE: ${{ vars.LIS_PACKAGE }}" in text
    for job in flow["jobs"].values():
        for step in job.get("steps", []):
            assert "${{" not in str(step.get("run", "")), (name, step)


def test_an_office_checks_pull_requests_and_publishes_its_needs_json() -> None:
    check, site = _flow("kontor-kontroll.yml"), _flow("kontor-webbplats.yml")
    assert "pull_request" in check["on"] and "lis check --format github" in _runs(check)
    assert "lis build --strict" in _runs(site)
    publish = site["jobs"]["publish"]
    upload = next(s for s in publish["steps"] if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "_build/html"  # with needs.json, which the overview reads


def test_the_catalog_refuses_a_changed_published_version() -> None:
    flow = _flow("katalog.yml")
    runs = _runs(flow)
    assert 'lis check --root "$CATALOG_ROOT" --format github' in runs
    assert 'lis build --root "$CATALOG_ROOT" --strict' in runs
    assert 'cmp -s "$CATALOG_ROOT/needs.json" "$CATALOG_ROOT/_build/html/needs.json"' in runs


def test_the_overview_runs_every_night() -> None:
    flow = _flow("stadsoversikt.yml")
    assert flow["on"]["schedule"] and "workflow_dispatch" in flow["on"]
    runs = _runs(flow)
    assert "lis overview --out _build/oversikt" in runs and "lis export overview --format xlsx" in runs


def test_this_repository_runs_the_catalog_template_for_its_catalog_folder() -> None:
    template = (TEMPLATES / "katalog.yml").read_text(encoding="utf-8")
    ours = (ROOT / ".github" / "workflows" / "katalog.yml").read_text(encoding="utf-8")
    assert ours == re.sub(r"^  CATALOG_ROOT: .*$", "  CATALOG_ROOT: katalog", template, flags=re.M)


def test_lis_init_writes_the_office_templates(tmp_path: Path) -> None:
    from checks.main import main

    assert main(["init", str(tmp_path / "kontor"), "--office", "Stadsbyggnadskontoret", "--board", "Nämnden"]) == 0
    for name, template in (("kontroll.yml", "kontor-kontroll.yml"), ("webbplats.yml", "kontor-webbplats.yml")):
        written = (tmp_path / "kontor" / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert written == _filled(TEMPLATES / template)
