"""The README's asset and processing examples, literally, on a copy of the real project.

Together with the README's routine example (RUT-009, which the asset's
access_routine names) they must pass ``lis check`` with no finding of their own.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gatefixture import copy_real_project

from checks.main import main

REPO = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"


def readme_example(heading: str, folder: str) -> tuple[str, str]:
    """The file and the Markdown of one README section's example."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.split(r"\n#{2,3} ", text.split(heading, 1)[1], maxsplit=1)[0]
    path = re.search(rf"`({folder}/[^`]+\.md)`", section)
    block = re.search(r"```markdown\n(.*?)```", section, re.DOTALL)
    assert path and block, f"README: the example under {heading!r} is missing"
    return path[1], block[1]


def test_readme_asset_and_processing_pass_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_real_project(tmp_path / "lis")
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(root)
    written = []
    for heading, folder in (
        ("## Lägga till en rutin", "docs/rutiner"),
        ("### Lägga till en informationstillgång", "docs/tillgangar"),
        ("### Lägga till en personuppgiftsbehandling", "docs/registerforteckning"),
    ):
        path, markdown = readme_example(heading, folder)
        assert not (root / path).exists()
        (root / path).write_text(markdown, encoding="utf-8")
        written.append(path)
    # the README's step after the routine: the proposal that named the logging gap no longer claims it
    proposals = root / "docs/aktiviteter/forslag.md"
    text = proposals.read_text(encoding="utf-8")
    proposals.write_text(re.sub(r"ISO27001-A-8-15(\[[^\]]*\])?, ", "", text, count=1), encoding="utf-8")
    code = main(["check", "--today", TODAY])
    out = capsys.readouterr().out
    assert code == 0, out
    for path in written:
        assert [line for line in out.splitlines() if line.strip().startswith(f"{path}:")] == []
