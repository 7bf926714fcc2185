"""Shared by every test: a run of the suite inside GitHub Actions, GitLab CI or Azure Pipelines
behaves as one outside them."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _outside_github_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    # `lis check --format github` appends to $GITHUB_STEP_SUMMARY and asks git for the
    # pull request's files when GITHUB_BASE_REF is set; tests set them when they mean to.
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    # without --format, lis check writes the format of the CI platform these name
    # (checks.ci_platform); `--format azure` writes its summary into AGENT_TEMPDIRECTORY
    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "TF_BUILD", "AGENT_TEMPDIRECTORY"):
        monkeypatch.delenv(name, raising=False)
    # the fixtures are a dozen pages: reading them in one process is faster than forking;
    # tests/test_parallel_read.py reads in parallel on purpose
    monkeypatch.setenv("LIS_JOBS", "1")
