"""``lis check --format github`` on GitHub Actions: the pull request's files, the job summary."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from checks.github_actions import append_step_summary, changed_files, step_summary_path
from checks.main import main
from gatefixture import QUIET, copy_project, need_line

TODAY = "2026-11-29"


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clone as GitHub checks it out for a pull request into main: origin/main and one commit on top
    that makes RUT-001 overdue (docs/rutiner.md) and adds a file with å in its name."""
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("LIS_TODAY", raising=False)
    root = copy_project(QUIET, tmp_path / "p")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "bas")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(root, "checkout", "-q", "-b", "granskning")
    page = root / "docs" / "rutiner.md"
    page.write_text(page.read_text(encoding="utf-8").replace(":reviewed: 2025-12-30", ":reviewed: 2023-12-30", 1), encoding="utf-8")
    (root / "anteckningar-åäö.txt").write_text("x\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "ändring")
    return root


def test_changed_files_of_the_pull_request(pull_request: Path) -> None:
    assert changed_files(pull_request, {"GITHUB_BASE_REF": "main"}) == {"docs/rutiner.md", "anteckningar-åäö.txt"}
    # relative to the project root, as findings are, when the project is a subfolder
    assert changed_files(pull_request / "docs", {"GITHUB_BASE_REF": "main"}) == {"rutiner.md"}


def test_changed_files_fail_quietly(pull_request: Path, tmp_path: Path) -> None:
    assert changed_files(pull_request, {}) == frozenset()  # not a pull request
    assert changed_files(pull_request, {"GITHUB_BASE_REF": "saknas"}) == frozenset()  # base not fetched
    assert changed_files(tmp_path / "ingen", {"GITHUB_BASE_REF": "main"}) == frozenset()  # no such folder
    (tmp_path / "ej-git").mkdir()
    assert changed_files(tmp_path / "ej-git", {"GITHUB_BASE_REF": "main"}) == frozenset()


def test_step_summary_is_appended(tmp_path: Path) -> None:
    assert step_summary_path({}) is None
    summary = tmp_path / "summary.md"
    summary.write_text("# Ett tidigare steg\n", encoding="utf-8")
    assert step_summary_path({"GITHUB_STEP_SUMMARY": str(summary)}) == summary
    assert append_step_summary(summary, "## lis check") == ""
    assert summary.read_text(encoding="utf-8") == "# Ett tidigare steg\n## lis check\n"
    problem = append_step_summary(tmp_path / "saknas" / "summary.md", "x")
    assert "jobbsammanfattningen kan inte skrivas" in problem


def test_check_on_a_pull_request(
    pull_request: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("# Ett tidigare steg\n\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_BASE_REF", "main")
    code = main(["check", "--root", str(pull_request), "--today", TODAY, "--format", "github"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    line = need_line(pull_request / "docs" / "rutiner.md", "RUT-001")
    lines = out.splitlines()
    assert lines[0].startswith(f"::error file=docs/rutiner.md,line={line},title=LIS020::")
    assert "GitHub visar högst 10 fel och 10 varningar som anteckningar; alla 2 finns i jobbsammanfattningen." in lines
    assert lines[-2:] == ["Kontrollerat per 2026-11-29 (angivet med --today).", "1 fel, 1 varning"]
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("# Ett tidigare steg\n\n## lis check\n")
    assert "| Kod | Allvarlighet | Fil | Rad | Id | Meddelande |" in written
    assert f"| LIS020 | fel | docs/rutiner.md | {line} | RUT-001 |" in written
    assert "**1 fel, 1 varning**" in written


def test_check_goes_on_when_the_summary_cannot_be_written(
    pull_request: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "saknas" / "summary.md"))
    code = main(["check", "--root", str(pull_request), "--today", TODAY, "--format", "github"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert "jobbsammanfattningen kan inte skrivas" in err
    assert "alla 2 finns i loggen ovan." in out
