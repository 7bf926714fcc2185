"""A page is written again when what it shows changed, and only then; the site equals a clean build's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from checks.commands import build
from checks.project import load_project
from checks.sphinxext.internals import SWITCH
from gatefixture import QUIET, TODAY, copy_project


# sphinx-needs gives each need's box a random id: not part of what a reader sees
_RANDOM_ID = re.compile(rb"SNCB-[0-9a-f]{8}")


def _site(root: Path, out: Path, today: dt.date = TODAY) -> dict[str, tuple[int, bytes]]:
    result = build._build(load_project(root), today, out)
    assert not (result.unreadable or result.refused)
    return {
        p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, _RANDOM_ID.sub(b"SNCB-", p.read_bytes()))
        for p in out.rglob("*.html")
        if not p.relative_to(out).as_posix().startswith("_")
    }


def _clean(tmp_path: Path, root: Path, today: dt.date = TODAY) -> dict[str, bytes]:
    """The same sources built from nothing."""
    fresh = copy_project(root, tmp_path / "ren")
    return {name: body for name, (_, body) in _site(fresh, tmp_path / "ren-site", today).items()}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(QUIET, tmp_path / "p")
    # a page that names a routine on another page in its text
    with (root / "docs" / "risker.md").open("a", encoding="utf-8") as handle:
        handle.write("\nSe även {need}`RUT-002`.\n")
    return root


def _title_line(path: Path, need_id: str) -> str:
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip() == f":id: {need_id}")
    return next(line for line in reversed(lines[:at]) if line.startswith(":::{"))


def test_a_title_edit_rewrites_the_pages_that_show_it_and_no_other(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the speed-up under test is on whatever LIS_SPEEDUPS says (without it every page is written)
    monkeypatch.delenv(SWITCH, raising=False)
    out = tmp_path / "site"
    before = _site(project, out)
    line = _title_line(project / "docs" / "rutiner.md", "RUT-002")
    _replace(project / "docs" / "rutiner.md", line, f"{line} i ny lydelse")
    after = _site(project, out)
    changed = {name for name in after if after[name][0] != before[name][0]}
    # its own page, and the page whose {need} role shows its title
    assert {"rutiner.html", "risker.html"} <= changed
    assert "i ny" in after["risker.html"][1].decode()  # the role shortens long titles
    # a page that shows nothing of it is left as it was
    assert "aktiviteter.html" not in changed
    clean = _clean(tmp_path, project)
    assert {name: body for name, (_, body) in after.items()} == clean


def _edited(project: Path, tmp_path: Path, page: str, old: str, new: str) -> tuple[dict, dict]:
    """The site before and after one edit; after it, the site is the one a clean build makes."""
    out = tmp_path / "site"
    before = _site(project, out)
    _replace(project / "docs" / page, old, new)
    after = _site(project, out)
    assert {n: b for n, (_, b) in after.items()} == _clean(tmp_path, project)
    return before, after


def test_a_new_link_rewrites_the_target_page(project: Path, tmp_path: Path) -> None:
    """The box of the need linked to shows the link back: its page is written again."""
    before, after = _edited(project, tmp_path, "tillgangar.md", ":id: SYS-B-01", ":id: SYS-B-01\n:treats: RISK-A-01")
    assert after["risker.html"][0] != before["risker.html"][0]


def test_a_later_date_rewrites_the_pages_whose_banners_change(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    before = _site(project, out)
    later = TODAY.replace(year=TODAY.year + 3)
    after = _site(project, out, later)
    assert after["rutiner.html"][1] != before["rutiner.html"][1]
    assert "lis-banner" in after["rutiner.html"][1].decode()
    assert {n: b for n, (_, b) in after.items()} == _clean(tmp_path, project, later)


def test_a_status_edit_rewrites_the_catalog_page_whose_coverage_changes(project: Path, tmp_path: Path) -> None:
    """The coverage line is filled in after reading: the catalog page is written again, not read."""
    before, after = _edited(project, tmp_path, "aktiviteter.md", ":status: planerad\n:owner:", ":status: struken\n:owner:")
    assert after["krav.html"][1] != before["krav.html"][1]


def test_a_tag_that_changes_a_requirements_state_rewrites_its_page(project: Path, tmp_path: Path) -> None:
    """'ärvd' shows nowhere in the routine's links, only in the requirement's state and the coverage line."""
    before, after = _edited(project, tmp_path, "rutiner.md", ":fulfils: QUIET-5\n", ":fulfils: QUIET-5\n:tags: ärvd\n")
    assert after["krav.html"][1] != before["krav.html"][1]


def test_a_build_abandoned_before_publishing_leaves_no_signatures_behind(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The signatures live with the pages they describe: an abandoned copy takes its own along."""
    out = tmp_path / "site"
    _site(project, out)
    line = _title_line(project / "docs" / "rutiner.md", "RUT-002")
    _replace(project / "docs" / "rutiner.md", line, f"{line} i ny lydelse")

    def interrupted(_staging: Path, _out: Path) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(build, "_replace", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build._build(load_project(project), TODAY, out)
    after = _site(project, out)
    assert "i ny" in after["risker.html"][1].decode()
    assert {n: b for n, (_, b) in after.items()} == _clean(tmp_path, project)
