"""The editing commands as transactions: killed at any write, a rerun completes; ids under a lock.

Each command runs in a process of its own that is killed (``os._exit``) at its
n-th write step: a file staged in the journal, the journal's plan, a file moved
into docs/. After each kill docs/ holds no temporary file, and running the same
command again ends with exactly the files an uninterrupted run writes: one
decision for a closed review, never two.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gatefixture import QUIET, copy_project

from checks import transaction
from checks.errors import ProjectError

TODAY = "2026-11-29"
FIXTURE_IMPORT = Path(__file__).parent / "fixtures" / "import_assets"

# Runs lis with every write step of checks.transaction counted; at step KILL_AT the process dies.
_KILLED = """
import os, sys
from checks import transaction
limit = int(os.environ.get("KILL_AT", "0"))
steps = [0]
def counted(function):
    def step(*args, **kwargs):
        steps[0] += 1
        if steps[0] == limit:
            os._exit(137)
        return function(*args, **kwargs)
    return step
transaction._stage = counted(transaction._stage)
transaction._install = counted(transaction._install)
from checks.main import main
code = main(sys.argv[1:])
sys.stderr.write(f"steps={steps[0]}\\n")
sys.exit(code)
"""


def lis(root: Path, cache: Path, *argv: str, kill_at: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LIS_CACHE_DIR": str(cache), "LIS_TODAY": TODAY, "KILL_AT": str(kill_at)}
    return subprocess.run(
        [sys.executable, "-c", _KILLED, *argv], env=env, capture_output=True, text=True, cwd=root, timeout=300
    )


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "docs").rglob("*")) if p.is_file()}


def hidden(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in (root / "docs").rglob(".*")]


def _steps(done: subprocess.CompletedProcess[str]) -> int:
    return int(done.stderr.rsplit("steps=", 1)[1].split()[0])


def _kill_at_every_step(tmp_path: Path, source: Path, argv: list[str], prepare=None) -> dict[str, bytes]:
    """Run ``argv`` whole once, then killed at each of its write steps and again: the same files."""
    reference = copy_project(source, tmp_path / "ref")
    if prepare:
        prepare(reference)
    done = lis(reference, tmp_path / "cache", *argv, "--root", str(reference))
    assert done.returncode == 0, done.stderr
    expected = contents(reference)
    steps = _steps(done)
    assert steps >= 3
    for n in range(1, steps + 1):
        root = copy_project(source, tmp_path / f"k{n}")
        if prepare:
            prepare(root)
        before = contents(root)
        killed = lis(root, tmp_path / "cache", *argv, "--root", str(root), kill_at=n)
        assert killed.returncode == 137, (n, killed.stderr)
        assert hidden(root) == [], n
        if n <= (steps - 1) // 2 + 1:  # killed while staging or writing the plan: docs/ untouched
            assert contents(root) == before, n
        again = lis(root, tmp_path / "cache", *argv, "--root", str(root))
        assert again.returncode == 0, (n, again.stderr)
        assert "Traceback" not in again.stderr
        assert contents(root) == expected, n
        assert not (root / transaction.JOURNAL).exists()
    return expected


def test_review_close_killed_at_each_write_completes_with_one_decision(tmp_path: Path) -> None:
    argv = ["review", "close", "LG-2026", "--date", TODAY, "--case-number", "DNR 2026/1", "--today", TODAY]
    expected = _kill_at_every_step(tmp_path, QUIET, argv)
    decisions = expected["docs/beslut/index.md"].decode("utf-8")
    assert decisions.count(":adopts: LG-2026") == 1
    assert ":status: fastställd" in expected["docs/genomgang.md"].decode("utf-8")
    assert "docs/genomgang/2026/snapshot.json" in expected


def test_new_killed_at_each_write_completes(tmp_path: Path) -> None:
    expected = _kill_at_every_step(tmp_path, QUIET, ["new", "activity", "--title", "Ny aktivitet", "--owner", "Chef", "--today", TODAY],
                                   prepare=lambda r: (r / "docs" / "aktiviteter").mkdir())
    assert len([p for p in expected if p.startswith("docs/aktiviteter/")]) == 1  # one page, never two


def test_import_killed_at_each_write_completes(tmp_path: Path) -> None:
    sheet = FIXTURE_IMPORT / "inventory.csv"
    expected = _kill_at_every_step(tmp_path, FIXTURE_IMPORT, ["import", "assets", str(sheet)])
    assert "docs/tillgangar/sys-gis-kartstod.md" in expected


def test_a_close_whose_decision_is_already_written_writes_no_second(tmp_path: Path) -> None:
    """The decision exists (the journal was lost with _build/): the rerun takes it as the decision."""
    root = copy_project(QUIET, tmp_path / "p")
    page = root / "docs" / "genomgang.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\n:::{decision} Fastställande\n:id: BES-2026-02\n:date: 2026-11-29\n"
        ":decided_by: förvaltningschef\n:adopts: LG-2026\n\nText.\n:::\n",
        encoding="utf-8",
    )
    done = lis(root, tmp_path / "cache", "review", "close", "LG-2026", "--date", TODAY, "--case-number", "D-1",
               "--today", TODAY, "--root", str(root))
    assert done.returncode == 0, done.stderr
    assert "BES-2026-02 fastställer redan LG-2026" in done.stderr
    assert not (root / "docs" / "beslut").exists()
    assert page.read_text(encoding="utf-8").count(":adopts: LG-2026") == 1


@pytest.mark.parametrize("value", ["DNR 1\n:status: utkast", "DNR 1\u2028:status: utkast", "DNR\x1b[2J"])
def test_an_option_value_is_one_line(tmp_path: Path, value: str) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    before = contents(root)
    done = lis(root, tmp_path / "cache", "review", "close", "LG-2026", "--date", TODAY, "--case-number", value,
               "--today", TODAY, "--root", str(root))
    assert done.returncode == 2 and "--case-number" in done.stderr, done.stderr
    assert contents(root) == before


@pytest.mark.parametrize(("option", "value"), [("--title", "Ny\u2028:id: RUT-999"), ("--owner", "Chef\n:status: gällande")])
def test_new_refuses_a_second_line(tmp_path: Path, option: str, value: str) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    (root / "docs" / "rutiner").mkdir()
    argv = ["new", "routine", "--title", "Ny rutin", "--owner", "Chef", "--today", TODAY, "--root", str(root)]
    argv[argv.index(option) + 1] = value
    done = lis(root, tmp_path / "cache", *argv)
    assert done.returncode == 2 and option in done.stderr, done.stderr
    assert list((root / "docs" / "rutiner").iterdir()) == []


def test_two_new_started_together_take_two_ids(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    (root / "docs" / "aktiviteter").mkdir()
    env = {**os.environ, "LIS_TODAY": TODAY}
    started = [
        subprocess.Popen(
            [sys.executable, "-m", "checks.main", "new", "activity", "--title", f"Samtidig {n}", "--owner", "Chef",
             "--root", str(root)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(4)
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in started]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    pages = sorted(p.name for p in (root / "docs" / "aktiviteter").iterdir())
    ids = sorted(name[: len("akt-2026-00")] for name in pages)
    assert len(set(ids)) == 4 and len(pages) == 4, pages


def test_no_write_through_a_symlink_out_of_the_project(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (root / "docs" / "rutiner").symlink_to(outside, target_is_directory=True)
    done = lis(root, tmp_path / "cache", "new", "routine", "--title", "Ny rutin", "--owner", "Chef", "--root", str(root))
    assert done.returncode == 2 and "utanför projektets docs/" in done.stderr, done.stderr
    assert list(outside.iterdir()) == []


def test_a_target_that_is_a_symlink_is_refused(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lank.md").symlink_to(tmp_path / "annan.md")
    with pytest.raises(ProjectError, match="symbolisk länk"):
        transaction.commit(tmp_path, [transaction.Write(tmp_path / "docs" / "lank.md", b"x")], (tmp_path / "docs",), "t")
    assert not (tmp_path / "annan.md").exists()


def test_a_journal_without_its_plan_is_discarded(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    journal = tmp_path / transaction.JOURNAL
    journal.mkdir(parents=True)
    (journal / "0.data").write_bytes(b"halv")
    assert transaction.resume(tmp_path) == ""
    assert not journal.exists() and list((tmp_path / "docs").iterdir()) == []


@pytest.mark.parametrize(("argv", "option"), [
    (["new", "routine", "--title", "Rutin för Anna 850714-1284", "--owner", "Chef"], "--title"),
    (["new", "routine", "--title", "Ny rutin", "--owner", "Anna 19850714-1284"], "--owner"),
    (["review", "close", "LG-2026", "--date", TODAY, "--case-number", "850714-1284", "--today", TODAY], "--case-number"),
])
def test_no_editing_command_writes_a_personnummer(tmp_path: Path, argv: list[str], option: str) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    (root / "docs" / "rutiner").mkdir()
    before = contents(root)
    done = lis(root, tmp_path / "cache", *argv, "--root", str(root))
    assert done.returncode == 2 and f"{option} innehåller ett personnummer" in done.stderr, done.stderr
    assert "850714" not in done.stderr
    assert contents(root) == before
