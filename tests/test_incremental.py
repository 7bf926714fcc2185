"""checks/sphinxext/incremental.py: a cached check says what a clean check says."""

from __future__ import annotations

from pathlib import Path

from checks.gate import run_gate
from checks.project import load_project
from gatefixture import QUIET, TODAY, copy_project


def _verdict(root: Path, cache: Path) -> list[tuple[str, str, str, int]]:
    return [(f.code, f.need_id, f.file, f.line) for f in run_gate(load_project(root), TODAY, cache=cache)]


def test_a_need_moved_to_a_page_read_earlier(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    cache = tmp_path / "cache"
    assert _verdict(root, cache) == []
    # RUT-002 moves from rutiner.md to a new page that Sphinx reads first (a-…)
    page = root / "docs" / "rutiner.md"
    text = page.read_text(encoding="utf-8")
    start = text.index(":::{routine} Rutin under revidering")
    end = text.index(":::\n", text.index(":id: RUT-002")) + 4
    block = text[start:end]
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    (root / "docs" / "a-flyttad.md").write_text(f"# Flyttad rutin\n\n{block}", encoding="utf-8")
    index = root / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("krav\n", "a-flyttad\nkrav\n", 1), encoding="utf-8")
    cached = _verdict(root, cache)
    clean = _verdict(root, tmp_path / "clean")
    assert cached == clean == []
