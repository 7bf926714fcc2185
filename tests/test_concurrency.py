"""Two ``lis check`` runs at the same time on the same project share one cache safely.

The Sphinx run holds an fcntl lock on its cache folder (checks.gate.sphinx_run),
so the second run waits for the first; both must print the findings of a run on
its own, and the cache must still be trusted afterwards (no "börjar om" note).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from gatefixture import QUIET, copy_project

TODAY = "2026-11-29"


def _lis() -> str:
    candidate = Path(sys.executable).parent / "lis"
    return str(candidate) if candidate.is_file() else "lis"


def _start(root: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [_lis(), "check", "--root", str(root), "--today", TODAY, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _findings(proc: subprocess.Popen[str]) -> tuple[int, list[object], str]:
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in out + err
    return proc.returncode, json.loads(out)["findings"], err


def test_two_checks_at_once_agree_and_leave_a_sound_cache(tmp_path: Path) -> None:
    root = copy_project(QUIET, tmp_path / "p")
    page = root / "docs" / "rutiner.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[trasig](saknas.md)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("LIS_CACHE_DIR", "LIS_TODAY")}
    alone = _findings(_start(root, {**env, "LIS_CACHE_DIR": str(tmp_path / "alone")}))
    assert alone[0] == 1 and alone[1]

    shared = {**env, "LIS_CACHE_DIR": str(tmp_path / "shared")}
    first, second = _start(root, shared), _start(root, shared)
    a, b = _findings(first), _findings(second)
    assert a[:2] == alone[:2] and b[:2] == alone[:2]
    # the cache both wrote is whole: the next run trusts it and agrees
    again = _findings(_start(root, shared))
    assert again[:2] == alone[:2]
    assert "börjar om" not in again[2]
    # and after an edit, two runs at once again agree with a run on its own
    page.write_text(page.read_text(encoding="utf-8").replace("[trasig](saknas.md)", "[hel](aktiviteter.md)"), encoding="utf-8")
    first, second = _start(root, shared), _start(root, shared)
    a, b = _findings(first), _findings(second)
    assert a[0] == b[0] == 0 and a[1] == b[1] == []
