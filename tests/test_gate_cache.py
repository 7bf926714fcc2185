"""A cache that cannot lie: content, not file times; a damaged cache rebuilt; no cache, still a check.

- a page restored with its old file time (``cp -p``, ``rsync -a``, ``tar -x``) is read again;
- a damaged file in the cache (a doctree that does not unpickle) means a rebuild, said in one line;
- a _build/ that cannot be written means a check without cache, said in one line;
- Ctrl+C is exit 130 and one Swedish line, never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from gatefixture import QUIET, copy_project

from checks.main import main

TODAY = "2026-11-29"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_TODAY", TODAY)
    monkeypatch.delenv("LIS_CACHE_DIR", raising=False)
    return copy_project(QUIET, tmp_path / "p")


def check(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = main(["check", "--root", str(project), "--format", "json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, [f["code"] for f in json.loads(out)["findings"]], err


def test_a_page_restored_with_its_old_time_is_read_again(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = project / "docs" / "rutiner.md"
    saved = tmp_path / "rutiner.md"
    shutil.copy2(page, saved)
    os.utime(saved, (1_500_000_000, 1_500_000_000))  # an old version, as a backup keeps it
    assert check(project, capsys)[:2] == (0, [])
    page.write_text(page.read_text(encoding="utf-8") + "\nSe [saknas](saknas.md).\n", encoding="utf-8")
    assert check(project, capsys)[:2] == (1, ["LIS005"])
    shutil.copy2(saved, page)  # cp -p: the content and the old time back
    assert check(project, capsys)[:2] == (0, [])


def test_a_damaged_doctree_means_a_rebuild(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "site"
    assert main(["build", "--root", str(project), "--out", str(out)]) == 0
    for doctree in (project / "_build" / "site" / "doctrees").glob("*.doctree"):
        doctree.write_bytes(b"\x80\x04 inte en pickle")
    page = project / "docs" / "risker.md"
    page.write_text(page.read_text(encoding="utf-8").replace("# ", "# Nya ", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--root", str(project), "--out", str(out)]) == 0
    output = "".join(capsys.readouterr())
    assert "lis: börjar om utan cache: en fil i cachen kunde inte läsas" in output
    assert "Sphinx stannade" not in output and "LIS001" not in output
    assert "Nya " in (out / "risker.html").read_text(encoding="utf-8")


def test_a_build_folder_that_cannot_be_written_means_a_check_without_cache(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "_build").write_text("en fil, ingen mapp\n", encoding="utf-8")  # read-only even for root
    code, found, err = check(project, capsys)
    assert (code, found) == (0, [])
    assert "kontrollerar utan cache" in err and "ett oväntat fel" not in err
    # the site cannot be written there: said so (exit 2), and elsewhere it can
    assert main(["build", "--root", str(project)]) == 2
    assert "Webbplatsen kan inte skrivas" in capsys.readouterr().err
    assert main(["build", "--root", str(project), "--out", str(tmp_path / "site")]) == 0
    assert main(["export", "matrix", "--root", str(project), "-o", str(tmp_path / "m.csv")]) == 0


# lis as a program (argv[0] "lis"), with Ctrl+C pressed when its Sphinx run starts
_INTERRUPTED = """
import os, signal, sys
sys.argv[0] = "lis"
import checks.main
from checks.gate import sphinx_run
def pressed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGINT)
    return real(*args, **kwargs)
real, sphinx_run.run_sphinx = sphinx_run.run_sphinx, pressed
import checks.gate
checks.gate.run_sphinx = pressed
sys.exit(checks.main.main(sys.argv[1:]))
"""


def test_ctrl_c_is_exit_130_and_one_line(project: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED, "check", "--root", str(project)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "LIS_CACHE_DIR": str(tmp_path / "cache")},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    assert done.returncode == 130, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "lis: avbrutet med Ctrl+C. Det som redan var skrivet är helt; en avbruten ändring slutförs av nästa "
        "redigerande kommando."
    ]
