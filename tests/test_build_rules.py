"""checks/build_hook.py: the gate's rules inside a Sphinx build that is given a date."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gatefixture import FIRE, need_line, text_line, yaml_line


def sphinx(out: Path, *extra: str) -> str:
    """Build check_fire with the dummy builder (every page resolved, nothing written); stderr."""
    env = {k: v for k, v in os.environ.items() if k != "LIS_TODAY"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-b", "dummy", "-q", *extra, "-c", str(FIRE), str(FIRE / "docs"), str(out)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert "Traceback" not in result.stderr
    return result.stderr


def lis_warnings(stderr: str) -> set[tuple[str, str, int]]:
    """(code, file relative to the fixture, line) of each ``[lis.LISnnn]`` warning."""
    found = set()
    for m in re.finditer(r"^(?P<path>\S+?):(?P<line>\d+): WARNING: .*?\[lis\.(?P<code>LIS\d{3})\]$", stderr, re.M):
        found.add((m["code"], Path(m["path"]).resolve().relative_to(FIRE).as_posix(), int(m["line"])))
    return found


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> str:
    return sphinx(tmp_path_factory.mktemp("dated"), "-D", "lis_today=2026-11-29")


def test_errors_become_sphinx_warnings_at_the_source(dated: str) -> None:
    routines = FIRE / "docs" / "rutiner.md"
    catalog = FIRE / "requirements" / "fire.yaml"
    found = lis_warnings(dated)
    assert ("LIS020", "docs/rutiner.md", need_line(routines, "RUT-001")) in found
    assert ("LIS010", "requirements/fire.yaml", yaml_line(catalog, "FIRE-1")) in found
    assert ("LIS031", "docs/risker.md", need_line(FIRE / "docs" / "risker.md", "RISK-A-01")) in found
    assert ("LIS040", "docs/rutiner.md", text_line(routines, "121212-1212")) in found
    assert {code for code, _, _ in found} == {
        "LIS004", "LIS010", "LIS011", "LIS020", "LIS022", "LIS024", "LIS026", "LIS027", "LIS028", "LIS031",
        "LIS032", "LIS033", "LIS038", "LIS040", "LIS050", "LIS051", "LIS053", "LIS054", "LIS055", "LIS056", "LIS057", "LIS058",
    }


def test_warnings_do_not_fail_a_strict_build(dated: str) -> None:
    # LIS021, LIS023 and LIS030 are warnings of the gate: shown as info, never as Sphinx warnings
    assert not re.search(r"\[lis\.LIS0(21|23|25|29|30)\]", dated)


def test_without_a_date_the_build_runs_no_rules(tmp_path: Path) -> None:
    assert lis_warnings(sphinx(tmp_path)) == set()
