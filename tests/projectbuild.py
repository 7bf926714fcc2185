"""Build a copy of a fixture project, for tests that edit the project between builds.

The copy lives in the test's temporary folder, so a test never writes into
tests/fixtures and a second build sees exactly the files the test changed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"

_READING = re.compile(r"reading sources\.\.\. \[\s*\d+%\] (\S+)")


def copy_fixture(name: str, dest: Path) -> Path:
    """A copy of tests/fixtures/<name> at ``dest/name``; its root."""
    root = dest / name
    shutil.copytree(FIXTURES / name, root)
    return root


def sphinx_build(root: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """An HTML build of ``root`` into ``out``, warnings as errors, in a process of its own.

    Not quiet: the progress lines ("reading sources... [ 50%] krav") tell which
    pages were read.
    """
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "--no-color", "-b", "html", "-W", "--keep-going",
         "-c", str(root), str(root / "docs"), str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def built(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"sphinx-build misslyckades:\n{result.stdout}\n{result.stderr}"
    return result


def docs_read(stdout: str) -> list[str]:
    """The docnames a build read, from its progress lines."""
    return _READING.findall(stdout)
