"""The last run's findings are read back only when none of its inputs changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from checks import gate
from checks.commands import build
from checks.gate import result_cache
from checks.main import main
from checks.project import load_project
from gatefixture import FIRE, QUIET, TODAY, copy_project

PAGE = "docs/rutiner.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(FIRE, tmp_path / "p")


def _no_sphinx(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Sphinx started although nothing changed")

    monkeypatch.setattr(gate, "run_sphinx", refuse)


def _sphinx_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = gate.run_sphinx

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(gate, "run_sphinx", counted)
    return runs


def test_nothing_changed_reads_the_findings_back(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = gate.check(load_project(project), TODAY)
    assert first and gate.REUSED not in capsys.readouterr().err
    _no_sphinx(monkeypatch)
    again = gate.check(load_project(project), TODAY)
    assert again == first
    assert gate.REUSED in capsys.readouterr().err


def test_an_edit_the_clock_cannot_see_is_still_seen(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Same size, same modification time: the sources are stamped by content."""
    first = gate.check(load_project(project), TODAY)
    page = project / PAGE
    text = page.read_text(encoding="utf-8")
    assert any(f.file == PAGE for f in first)
    info = page.stat()
    page.write_text(text.replace(":id: RUT-", ":id: RUX-", 1), encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    runs = _sphinx_runs(monkeypatch)
    gate.check(load_project(project), TODAY)
    assert runs == [1]


@pytest.mark.parametrize(
    "change",
    [
        "other day",
        "new page",
        "deleted page",
        "settings",
        "environment",
    ],
)
def test_any_input_changed_runs_the_gate(project: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    gate.check(load_project(project), TODAY)
    today = TODAY
    if change == "other day":
        today = TODAY.replace(year=TODAY.year + 1)
    elif change == "new page":
        (project / "docs" / "ny.md").write_text("# Ny\n", encoding="utf-8")
    elif change == "deleted page":
        (project / PAGE).unlink()
    elif change == "settings":
        with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
            handle.write("\n")
    else:
        monkeypatch.setenv("LIS_SOMETHING", "1")
    runs = _sphinx_runs(monkeypatch)
    gate.check(load_project(project), today)
    assert runs == [1]


def test_output_hidden_folders_and_byte_code_are_not_inputs(project: Path) -> None:
    key = result_cache.inputs_key(project, TODAY.isoformat(), {"command": "check"})
    for folder in ("_build/html", ".git", "docs/__pycache__"):
        (project / folder).mkdir(parents=True, exist_ok=True)
        (project / folder / "x").write_text("x", encoding="utf-8")
    assert result_cache.inputs_key(project, TODAY.isoformat(), {"command": "check"}) == key
    # Sphinx compiles a translation into its .mo on the first build: made by the run, not an input
    (project / "locale" / "sv" / "LC_MESSAGES").mkdir(parents=True)
    (project / "locale" / "sv" / "LC_MESSAGES" / "sphinx.mo").write_bytes(b"\x00")
    assert result_cache.inputs_key(project, TODAY.isoformat(), {"command": "check"}) == key
    (project / "docs" / "_static").mkdir(exist_ok=True)
    (project / "docs" / "_static" / "x.css").write_text("x", encoding="utf-8")
    assert result_cache.inputs_key(project, TODAY.isoformat(), {"command": "check"}) != key


def test_a_damaged_result_file_means_a_run(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = gate.check(load_project(project), TODAY)
    cache = gate.cache_dir(load_project(project))
    (cache / result_cache.RESULT_FILE).write_text('{"key": ', encoding="utf-8")
    runs = _sphinx_runs(monkeypatch)
    assert gate.check(load_project(project), TODAY) == first
    assert runs == [1]


def test_build_reuses_only_while_the_site_is_as_it_left_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the fire fixture holds a personnummer, which no build publishes
    project = copy_project(QUIET, tmp_path / "quiet")
    out = tmp_path / "site"
    first = build._build(load_project(project), TODAY, out)
    assert (out / "index.html").is_file()
    runs = _sphinx_runs(monkeypatch)
    assert build._build(load_project(project), TODAY, out).findings == first.findings
    assert runs == []
    # the published folder replaced or removed: built again
    (out / "index.html").unlink()
    build._build(load_project(project), TODAY, out)
    assert runs == [1] and (out / "index.html").is_file()


def test_the_report_a_check_writes_into_the_project_is_not_an_input(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`lis check -o rapport.sarif` and `lis check > rapport.txt` in the project folder."""
    args = ["check", "--root", str(project), "--today", TODAY.isoformat()]
    main([*args, "--format", "sarif", "-o", str(project / "rapport.sarif")])
    capsys.readouterr()
    main([*args, "--format", "sarif", "-o", str(project / "rapport.sarif")])
    assert gate.REUSED in capsys.readouterr().err
    for run in range(2):
        with (project / "rapport.txt").open("w", encoding="utf-8") as report:
            done = subprocess.run([str(Path(sys.executable).parent / "lis"), *args], stdout=report, stderr=subprocess.PIPE, text=True)
        assert done.returncode == 1 and (gate.REUSED in done.stderr) == (run == 1)
        assert "fel" in (project / "rapport.txt").read_text(encoding="utf-8")


def test_a_finding_found_while_writing_is_on_the_findings_page_of_the_same_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A broken reference is found while its page is written; the findings page is
    written after the other pages, so the same build lists it, and the site is reused."""
    project = copy_project(QUIET, tmp_path / "quiet")
    with (project / "docs" / "risker.md").open("a", encoding="utf-8") as handle:
        handle.write("\nSe {need}`RUT-998`.\n")
    (project / "docs" / "kontrollresultat.md").write_text(
        "---\norphan: true\n---\n# Kontrollresultat\n\n```{lis-findings}\n```\n", encoding="utf-8"
    )
    out = tmp_path / "site"
    first = build._build(load_project(project), TODAY, out)
    assert any("RUT-998" in f.message for f in first.findings)
    # "kontrollresultat" sorts before "risker": Sphinx alone would write it first
    assert "RUT-998" in (out / "kontrollresultat.html").read_text(encoding="utf-8")
    runs = _sphinx_runs(monkeypatch)
    build._build(load_project(project), TODAY, out)
    assert runs == []
