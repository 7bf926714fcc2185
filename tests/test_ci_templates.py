"""The templates for GitLab CI and Azure Pipelines, and the pre-commit hook.

Linted offline as far as a library can: each file against its platform's JSON schema
from schemastore, as check-jsonschema ships it (``vendor.gitlab-ci``,
``vendor.azure-pipelines``, with the transforms check-jsonschema applies for each
platform's YAML), then read for what the README says they do. The hook manifest and
the README's snippets are validated with pre-commit's own schemas
(``pre_commit.clientlib``), and the local snippet is run by pre-commit itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pre_commit.clientlib import load_config, load_manifest

from gatefixture import FIRE, QUIET, copy_project

ROOT = Path(__file__).resolve().parents[1]
GITLAB = ROOT / ".gitlab-ci.yml"
AZURE = ROOT / "azure-pipelines.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
# check-jsonschema's options for each file: its builtin (vendored) schema, the transform of
# the platform's YAML (GitLab's !reference tags, Azure's template expressions) and, for
# Azure's schema, the regex dialect its hook uses.
SCHEMAS = {
    GITLAB: ["--builtin-schema", "vendor.gitlab-ci", "--data-transform", "gitlab-ci"],
    AZURE: ["--builtin-schema", "vendor.azure-pipelines", "--data-transform", "azure-pipelines", "--regex-variant", "nonunicode"],
}


def _check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    tool = Path(sys.executable).parent / "check-jsonschema"
    command = [str(tool)] if tool.exists() else [sys.executable, "-m", "check_jsonschema"]
    return subprocess.run(
        [*command, "--no-cache", *SCHEMAS[path], str(path)], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("path", [GITLAB, AZURE], ids=lambda p: p.name)
def test_template_is_valid_against_its_platforms_schema(path: Path) -> None:
    result = _check_jsonschema(path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (GITLAB, "codequality: gl-code-quality-report.json", "codequality: [1, 2]"),
        (GITLAB, "stage: kontroll", "stage: kontroll\n  scrip: []"),
        (AZURE, "displayName: lis check", "displayName: lis check\n    timeoutMinutes: 5"),
    ],
    ids=["gitlab-report", "gitlab-key", "azure-key"],
)
def test_the_schema_check_can_fail(path: Path, old: str, new: str, tmp_path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    SCHEMAS[broken] = SCHEMAS[path]
    try:
        assert _check_jsonschema(broken).returncode == 1
    finally:
        del SCHEMAS[broken]


def _load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _script(job: dict[str, Any]) -> list[str]:
    return [str(line) for line in job.get("script", [])]


def test_gitlab_check_job_reports_code_quality_and_fails_on_errors() -> None:
    flow = _load(GITLAB)
    job = flow["kontroll"]
    script = _script(job)
    assert script[0] == "lis check --format gitlab --output gl-code-quality-report.json || status=$?"
    assert script[-1] == "exit ${status:-0}"
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"
    # the real date: no --today, no LIS_TODAY anywhere
    assert "--today" not in GITLAB.read_text(encoding="utf-8") and "LIS_TODAY" not in GITLAB.read_text(encoding="utf-8")


def test_gitlab_runs_on_merge_requests_and_publishes_the_default_branch() -> None:
    flow = _load(GITLAB)
    rules = [r["if"] for r in flow["workflow"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules
    strict = flow["bygg-strikt"]
    assert _script(strict) == ["lis build --strict"]
    assert [r["if"] for r in strict["rules"]] == ['$CI_PIPELINE_SOURCE == "merge_request_event"']
    pages = flow["pages"]
    assert [r["if"] for r in pages["rules"]] == ["$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"]
    assert "lis build" in _script(pages) and "public" in pages["artifacts"]["paths"]
    assert "rm -rf public && cp -r _build/html public" in _script(pages)
    assert "lis export matrix --format xlsx -o matris.xlsx" in _script(pages)
    assert "matris.xlsx" in pages["artifacts"]["paths"]
    assert flow["default"]["before_script"] == ["pip install --quiet -e ."]


def _azure_jobs() -> dict[str, dict[str, Any]]:
    return {job["job"]: job for job in _load(AZURE)["jobs"]}


def _azure_scripts(job: dict[str, Any]) -> list[str]:
    return [step["script"] for step in job["steps"] if "script" in step]


def test_azure_checks_with_logging_commands_and_builds_strictly_on_pull_requests() -> None:
    jobs = _azure_jobs()
    assert "lis check --format azure" in _azure_scripts(jobs["kontroll"])
    assert "condition" not in jobs["kontroll"]
    assert "lis build --strict" in _azure_scripts(jobs["bygg_strikt"])
    assert jobs["bygg_strikt"]["condition"] == "eq(variables['Build.Reason'], 'PullRequest')"
    assert "--today" not in AZURE.read_text(encoding="utf-8")


def test_azure_publishes_site_and_matrix_from_main() -> None:
    flow = _load(AZURE)
    assert flow["trigger"]["branches"]["include"] == ["main"]
    job = _azure_jobs()["publicera"]
    assert "refs/heads/main" in job["condition"] and "ne(variables['Build.Reason'], 'PullRequest')" in job["condition"]
    published = {s["inputs"]["artifact"]: s["inputs"]["targetPath"] for s in job["steps"] if s.get("task", "").startswith("PublishPipelineArtifact@")}
    assert published == {"lis-webbplats": "_build/html", "lis-matris": "$(Build.ArtifactStagingDirectory)/matris.xlsx"}
    assert "lis build" in _azure_scripts(job)


# --- pre-commit ------------------------------------------------------------------------


def test_hook_manifest_is_valid_for_pre_commit() -> None:
    (hook,) = load_manifest(str(HOOKS))
    assert hook["id"] == "lis-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "lis check"
    # the whole project once, not one run per file
    assert hook["pass_filenames"] is False and hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    for path in ("docs/rutiner/rut-001.md", "requirements/gdpr.yaml", "pyproject.toml", "ubproject.toml", "conf.py"):
        assert pattern.search(path), path
    for path in ("README.md", "checks/main.py", "docs_old.txt"):
        assert not pattern.search(path), path


def _readme_snippets() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Före varje commit (pre-commit)", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


def test_readme_snippets_are_valid_pre_commit_configs(tmp_path: Path) -> None:
    remote, local = _readme_snippets()
    for number, snippet in enumerate((remote, local)):
        path = tmp_path / f"config-{number}.yaml"
        path.write_text(snippet, encoding="utf-8")
        load_config(str(path))
    ids = {hook["id"] for hook in load_manifest(str(HOOKS))}
    assert {h["id"] for h in yaml.safe_load(remote)["repos"][0]["hooks"]} <= ids
    # the local hook does what the published one does
    (published,) = load_manifest(str(HOOKS))
    (own,) = yaml.safe_load(local)["repos"][0]["hooks"]
    for key in ("entry", "pass_filenames", "require_serial", "files"):
        assert own[key] == published[key], key


@pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")
@pytest.mark.parametrize(("fixture", "passes"), [(QUIET, True), (FIRE, False)], ids=["quiet", "fire"])
def test_pre_commit_runs_lis_check_on_a_commit(fixture: Path, passes: bool, tmp_path: Path) -> None:
    root = copy_project(fixture, tmp_path / "p")
    (root / ".pre-commit-config.yaml").write_text(_readme_snippets()[1], encoding="utf-8")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "LIS_TODAY": "2026-11-29",
        "LIS_CACHE_DIR": str(tmp_path / "cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=300, check=False)

    assert run("git", "init", "-q").returncode == 0
    assert run("git", "add", "-A").returncode == 0
    result = run(sys.executable, "-m", "pre_commit", "run", "--all-files")
    assert ("lis check" in result.stdout), result.stdout + result.stderr
    assert (result.returncode == 0) is passes, result.stdout + result.stderr
    if not passes:
        assert "LIS0" in result.stdout and "Traceback" not in result.stdout
