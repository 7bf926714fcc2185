"""The matrix downloads are written again when the matrix changed, and kept when it did not."""

from __future__ import annotations

from pathlib import Path

from checks.commands import build
from checks.project import load_project
from checks.sphinxext.matrix_page import CSV_NAME, XLSX_NAME
from exportfixture import FIXTURE
from gatefixture import TODAY, copy_project


def _stamps(out: Path) -> dict[str, tuple[int, bytes]]:
    return {name: ((out / name).stat().st_mtime_ns, (out / name).read_bytes()) for name in (XLSX_NAME, CSV_NAME)}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_downloads_follow_the_matrix(tmp_path: Path) -> None:
    root = copy_project(FIXTURE, tmp_path / "p")
    out = tmp_path / "site"
    build._build(load_project(root), TODAY, out)
    first = _stamps(out)
    # the start page's heading: the matrix is the same, the files are kept
    _edit(root / "docs" / "index.md", "# Exportkontoret", "# Exportkontoret i ny lydelse")
    build._build(load_project(root), TODAY, out)
    assert _stamps(out) == first
    # a routine that no longer applies: the matrix changes, and so do the files
    _edit(root / "docs" / "innehall.md", ":status: gällande\n", ":status: upphävd\n")
    build._build(load_project(root), TODAY, out)
    then = _stamps(out)
    assert all(then[name][1] != first[name][1] for name in then)
    # the output folder emptied: written again whatever the saved digest says
    (out / XLSX_NAME).unlink()
    _edit(root / "docs" / "index.md", "i ny lydelse", "i en annan lydelse")
    build._build(load_project(root), TODAY, out)
    assert (out / XLSX_NAME).read_bytes() == then[XLSX_NAME][1]
