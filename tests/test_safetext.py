"""Control characters from content never reach a report or the terminal: they are shown escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from gatefixture import QUIET, copy_project

from checks.main import main
from checks.safetext import safe_line, safe_text


def test_controls_are_escaped_line_breaks_kept() -> None:
    assert safe_text("a\x1b[2Jb\x00c\x07d\x7fe\x85f\u202eg") == "a\\x1b[2Jb\\x00c\\x07d\\x7fe\\x85f\\u202eg"
    assert safe_text("rad 1\nrad 2\tå ä ö – ✓") == "rad 1\nrad 2\tå ä ö – ✓"
    assert safe_line("a\nb\tc\u2028d") == "a\\nb\\tc\\u2028d"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LIS_TODAY", "2026-11-29")
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(QUIET, tmp_path / "p")
    catalog = root / "requirements" / "quiet.yaml"
    text = catalog.read_text(encoding="utf-8")
    # a YAML escape makes the control characters: an escape sequence that clears the terminal, SOH
    catalog.write_text(text.replace("changed: 2025-12-30", 'changed: "2025-12-3\\e[2J\\x01"', 1), encoding="utf-8")
    return root


def _raw_controls(text: str) -> set[str]:
    return {c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0}


@pytest.mark.parametrize("fmt", ["text", "github", "json", "sarif", "junit"])
def test_no_report_carries_a_raw_control_character(
    project: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--root", str(project), "--format", fmt]) == 1
    out, err = capsys.readouterr()
    assert _raw_controls(out + err) == set()
    shown = "2025-12-3\\x1b[2J\\x01"  # the value, as written escaped (in JSON its backslashes escaped again)
    assert shown in out or shown.replace("\\", "\\\\") in out
    if fmt == "junit":
        ElementTree.fromstring(out)  # well-formed XML
