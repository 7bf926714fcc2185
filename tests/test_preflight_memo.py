"""The pre-flight's scans are kept by file and content: the same findings, without scanning again."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks import personnummer
from checks.gate.preflight import ScanMemo, preflight
from checks.locations import catalog_index
from checks.project import load_project
from gatefixture import FIRE, copy_project


def _run(root: Path, memo_file: Path) -> list:
    project = load_project(root)
    memo = ScanMemo(memo_file, project.settings)
    found = preflight(project, project.settings, catalog_index(root), memo).findings
    memo.save()
    return sorted(found, key=lambda f: (f.file, f.line, f.code.name, f.message))


def test_kept_scans_give_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(FIRE, tmp_path / "p")
    memo = tmp_path / "scans.json"
    project = load_project(root)
    plain = sorted(
        preflight(project, project.settings, catalog_index(root)).findings,
        key=lambda f: (f.file, f.line, f.code.name, f.message),
    )
    assert _run(root, memo) == plain
    assert any(f.code.name == "LIS040" for f in plain)

    def no_scan(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("scanned again although the text is the same")

    monkeypatch.setattr(personnummer, "find", no_scan)
    assert _run(root, memo) == plain


def test_an_edited_page_is_scanned_again(tmp_path: Path) -> None:
    root = copy_project(FIRE, tmp_path / "p")
    memo = tmp_path / "scans.json"
    before = _run(root, memo)
    page = root / "docs" / "los-sida.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nKontakt: 811228-9874\n", encoding="utf-8")
    after = _run(root, memo)
    new = [f for f in after if f not in before]
    assert [f.code.name for f in new] == ["LIS040"] and new[0].file == "docs/los-sida.md"
    assert "811228" not in new[0].message
