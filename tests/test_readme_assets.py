"""The README's asset and processing examples, literally, on a copy of the real project.

Together with the README's routine example (RUT-009, which the asset's
access_routine names) they must pass ``lis check`` with no finding of their own.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from gatefixture import copy_real, pin_catalog, publish_catalog

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
    root = copy_real(tmp_path / "lis")
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
    code = main(["check", "--today", TODAY, "--format", "json"])
    out = capsys.readouterr().out
    assert code == 0, out
    # every finding one by one (the terminal's text groups repeated ones)
    assert [f for f in json.loads(out)["findings"] if f["file"] in written] == []


def test_readme_requirement_is_new_and_untraced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """"Lägga till ett krav": the example is a requirement the catalog does not have yet,
    so lis check says what the README promises (LIS010), not that the id is taken (LIS003)."""
    root = copy_real(tmp_path / "lis")
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Lägga till ett krav", 1)[1].split("\n## ", 1)[0]
    catalog = re.search(r"`((?:katalog/)?requirements/[\w.-]+\.yaml)`", section)
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert catalog and block
    entry = textwrap.dedent(block[1])
    new_id = re.search(r"- id: (\S+)", entry)[1]
    path = root / catalog[1]
    path.write_text(path.read_text(encoding="utf-8") + textwrap.indent(entry, "  "), encoding="utf-8")
    if catalog[1].startswith("katalog/"):
        # the city's catalog: published as a new version, which the office pins (step 3)
        publish_catalog(root / "katalog", "2026.99")
        pin_catalog(root, "2026.99")
        capsys.readouterr()
    main(["check", "--root", str(root), "--today", TODAY, "--format", "json"])
    found = [f for f in json.loads(capsys.readouterr().out)["findings"] if f["need_id"] == new_id]
    assert [f["code"] for f in found] == ["LIS010"]
