"""Which of the project's files the person is changing: git's view, when there is one.

A rule that finds two of something (an id used twice) blames the one being added,
not the untouched original: the one in a file with uncommitted changes (or, on a
pull request, changed by it). Without git, or when both or neither changed, the
order the files are read in decides, as before.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from checks import github_actions

GIT_TIMEOUT_SECONDS = 10


def _git(root: Path, *args: str) -> list[str]:
    try:
        result = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []
    return [name for name in result.stdout.decode("utf-8", errors="replace").split("\0") if name]


def changed_files(root: Path) -> frozenset[str]:
    """Files under ``root`` (relative, posix) changed since the last commit, new ones, and
    those a pull request changes; empty when ``root`` is not in a git repository."""
    # -z: names unquoted (å, ä, ö); --relative and ls-files: relative to root, as findings are
    edited = _git(root, "diff", "--name-only", "-z", "--relative", "HEAD", "--")
    added = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    return frozenset(edited) | frozenset(added) | github_actions.changed_files(root)
