"""The GitHub Actions workflows in .github/workflows: valid (linted), and doing what the README says.

Pull requests run ``lis check --format github`` and ``lis build --strict``; main
builds and publishes the site and the Excel matrix; the SARIF upload is opt-in and
cannot fail its job; only the SARIF job may write security events.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SARIF_ACTION = "github/codeql-action/upload-sarif"

# The linters the test knows, each with options for a run that needs no network and
# gives the same answer on every machine (no shellcheck or pyflakes found on PATH by
# chance). unpinned-uses is left out: pinning actions to commit SHAs is a choice for
# each organisation (with Dependabot to keep them current), not a mistake.
LINTERS = {
    "jactionlint": ["--no-color", "--no-online", "--shellcheck=", "--pyflakes=", "--ignore=unpinned-uses"],
    "actionlint": ["-no-color", "-shellcheck=", "-pyflakes="],
}


def _linter() -> list[str] | None:
    for name, options in LINTERS.items():
        beside_python = Path(sys.executable).parent / name
        found = str(beside_python) if beside_python.exists() else shutil.which(name)
        if found:
            return [found, *options]
    return None


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True
    if True in data:
        data["on"] = data.pop(True)
    return data


def _workflows() -> dict[str, dict[str, Any]]:
    return {path.name: _load(path) for path in WORKFLOWS}


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def _runs(job: dict[str, Any]) -> str:
    return "\n".join(str(step.get("run", "")) for step in _steps(job))


def _jobs_running(command: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(workflow, job) for each job with a step whose script runs ``command``."""
    return [
        (flow, job)
        for flow in _workflows().values()
        for job in flow["jobs"].values()
        if any(line.strip().startswith(command) for line in _runs(job).splitlines())
    ]


def _runs_on_pull_requests(flow: dict[str, Any], job: dict[str, Any]) -> bool:
    condition = str(job.get("if", ""))
    return "pull_request" in flow["on"] and ("github.event_name != 'pull_request'" not in condition)


def _runs_on_main(flow: dict[str, Any], job: dict[str, Any]) -> bool:
    condition = str(job.get("if", ""))
    on_push = flow["on"].get("push") or {}
    return "main" in on_push.get("branches", []) and "github.event_name == 'pull_request'" not in condition


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"build.yml", "check.yml"}


def test_workflows_pass_the_linter() -> None:
    command = _linter()
    if command is None:
        pytest.skip("Varken jactionlint eller actionlint finns installerat: installera testberoendena med "
                    "pip install -e \".[test]\" för att granska arbetsflödena.")
    result = subprocess.run(
        [*command, *(str(path) for path in WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pull_requests_run_the_check_and_the_strict_build() -> None:
    checks = _jobs_running("lis check --format github")
    assert checks and all(_runs_on_pull_requests(flow, job) for flow, job in checks)
    strict = _jobs_running("lis build --strict")
    assert strict and all(_runs_on_pull_requests(flow, job) for flow, job in strict)


def test_main_goes_red_on_findings_and_publishes_the_site_and_matrix() -> None:
    # the check job runs on main too, and nothing hides its exit code
    check = [(flow, job) for flow, job in _jobs_running("lis check --format github") if _runs_on_main(flow, job)]
    assert check
    for _, job in check:
        step = next(s for s in _steps(job) if "lis check --format github" in str(s.get("run", "")))
        assert "||" not in step["run"] and not step.get("continue-on-error") and not job.get("continue-on-error")
    # main builds without --strict (the site shows the findings) and uploads site and matrix
    publish = [
        (flow, job)
        for flow, job in _jobs_running("lis build")
        if _runs_on_main(flow, job) and "--strict" not in _runs(job)
    ]
    assert publish
    _, job = publish[0]
    uploads = [s for s in _steps(job) if str(s.get("uses", "")).startswith("actions/upload-artifact@")]
    assert {s["with"]["path"] for s in uploads} == {"_build/html", "matris.xlsx"}
    assert "lis export matrix --format xlsx -o matris.xlsx" in _runs(job)


def test_sarif_upload_is_opt_in_and_cannot_fail_the_job() -> None:
    found = 0
    for flow in _workflows().values():
        for job in flow["jobs"].values():
            for step in _steps(job):
                if not str(step.get("uses", "")).startswith(SARIF_ACTION + "@"):
                    continue
                found += 1
                assert "vars.LIS_SARIF == 'true'" in str(job.get("if", "")) + str(step.get("if", ""))
                assert step.get("continue-on-error") is True or job.get("continue-on-error") is True
    assert found == 1


def test_permissions_are_minimal() -> None:
    for name, flow in _workflows().items():
        assert flow.get("permissions") == {"contents": "read"}, name
        for job_id, job in flow["jobs"].items():
            uploads_sarif = any(str(s.get("uses", "")).startswith(SARIF_ACTION + "@") for s in _steps(job))
            permissions = job.get("permissions", {})
            assert (permissions.get("security-events") == "write") == uploads_sarif, (name, job_id)
            assert all(value in ("read", "none") for key, value in permissions.items() if key != "security-events")


def test_the_weekly_todo_is_opt_in_and_writes_the_job_summary() -> None:
    todo = _jobs_running("lis export todo")
    assert len(todo) == 1
    flow, job = todo[0]
    assert "schedule" in flow["on"] and "workflow_dispatch" in flow["on"]
    assert "vars.LIS_ATT_GORA == 'true'" in str(job.get("if", ""))
    assert '>> "$GITHUB_STEP_SUMMARY"' in _runs(job) and "--days 30 --format md" in _runs(job)
