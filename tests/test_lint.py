"""The code passes ruff and mypy as configured in pyproject.toml ([tool.ruff], [tool.mypy])."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(tool: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *tool], cwd=ROOT, capture_output=True, text=True, timeout=300)


def _installed(module: str) -> None:
    found = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    assert found.returncode == 0, (
        f"{module} är inte installerat. Installera testberoendena: "
        '.venv/bin/pip install -c constraints.txt -e ".[test,browser]"'
    )


def test_ruff() -> None:
    _installed("ruff")
    result = _run(["ruff", "check", "--output-format", "concise", "."])
    assert result.returncode == 0, (
        "ruff hittade problem. Se dem med: .venv/bin/ruff check .  "
        "(inställningarna står i [tool.ruff] i pyproject.toml)\n" + result.stdout + result.stderr
    )


def test_mypy() -> None:
    _installed("mypy")
    result = _run(["mypy"])
    assert result.returncode == 0, (
        "mypy hittade typfel. Se dem med: .venv/bin/mypy  "
        "(filerna och inställningarna står i [tool.mypy] i pyproject.toml)\n" + result.stdout + result.stderr
    )
