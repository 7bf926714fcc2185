"""Pages read in parallel processes give the same findings, at the same places, as read in one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.builders import Builder

from checks.gate import run_gate
from checks.gate.sphinx_run import jobs
from checks.project import load_project
from gatefixture import FIRE, TODAY, copy_project


def test_parallel_and_serial_reading_agree_also_after_an_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(FIRE, tmp_path / "p")
    parallel_reads: list[int] = []
    read_parallel = Builder._read_parallel

    def counted(self: Builder, docnames: list[str], nproc: int) -> None:
        parallel_reads.append(nproc)
        read_parallel(self, docnames, nproc)

    monkeypatch.setattr(Builder, "_read_parallel", counted)

    def gate(processes: int) -> list:
        monkeypatch.setenv("LIS_JOBS", str(processes))
        return run_gate(load_project(root), TODAY, cache=tmp_path / f"cache{processes}")

    serial, parallel = gate(1), gate(2)
    assert parallel_reads == [2]
    # reading warnings (LIS001, LIS004 …) are kept per page also when another process read the page
    assert parallel == serial and any(f.code.stage.name == "SPHINX" for f in serial)
    page = root / "docs" / "rutiner.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSe {need}`RUT-998`.\n", encoding="utf-8")
    assert gate(2) == gate(1) != serial


def test_lis_jobs_chooses_the_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIS_JOBS", "3")
    assert jobs() == 3
    monkeypatch.setenv("LIS_JOBS", "")
    assert 1 <= jobs() <= 4
