"""checks/sphinxext/internals.py: one switch for every speed-up, guards that check signatures, undone after a run."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

from checks.sphinxext import internals
from checks.sphinxext.internals import SPEEDUPS, SWITCH, Internal, enabled, replace, restore, usable

REPO = Path(__file__).resolve().parent.parent
CONTENT_AS_OF = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["lis"]["content_as_of"]

# the modules that reach into libraries' internals
MODULES = [
    "checks.sphinxext.speedups",
    "checks.sphinxext.need_boxes",
    "checks.sphinxext.navigation",
    "checks.sphinxext.selective_write",
    "checks.sphinxext.check_builder",
]


def _declared() -> list[Internal]:
    found = []
    for name in MODULES:
        for value in vars(importlib.import_module(name)).values():
            found += [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, Internal)]
    return found


def test_every_internal_is_as_written_against_on_the_locked_versions() -> None:
    declared = _declared()
    assert len(declared) > 20
    assert [(i.path, i.problem()) for i in declared if i.problem() is not None] == []


def test_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SWITCH, raising=False)
    assert all(enabled(name) for name in SPEEDUPS)
    monkeypatch.setenv(SWITCH, "0")
    assert not any(enabled(name) for name in SPEEDUPS)
    monkeypatch.setenv(SWITCH, "-navigation, -gc")
    assert [name for name in SPEEDUPS if not enabled(name)] == ["navigation", "gc"]


def test_a_missing_internal_or_another_signature_turns_it_off_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(SWITCH, raising=False)
    monkeypatch.setattr(internals, "_announced", set())
    assert usable("navigation", Internal("furo.navigation:get_navigation_tree", "toctree_html"))
    assert not usable("navigation", Internal("furo.navigation:get_navigation_tree", "toctree_html, *, depth"))
    assert not usable("navigation", Internal("furo:finns_inte", "context"))
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "lis: snabbvägen navigation (sidomenyn räknas ut en gång per mapp) är avstängd: "
        "furo.navigation.get_navigation_tree tar (toctree_html), inte (toctree_html, *, depth). "
        "Sidorna blir desamma, bygget långsammare."
    ]
    assert not usable("gc", Internal("furo:finns_inte"))
    assert "furo.finns_inte finns inte" in capsys.readouterr().err


def test_off_by_the_switch_says_nothing(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(SWITCH, "0")
    monkeypatch.setattr(internals, "_announced", set())
    assert not usable("navigation", Internal("furo:finns_inte"))
    assert capsys.readouterr().err == ""


def test_what_is_replaced_is_put_back_and_the_guard_reads_the_original() -> None:
    module = types.ModuleType("lib")
    module.f = lambda a, b: a + b  # type: ignore[attr-defined]
    theirs = module.f  # type: ignore[attr-defined]

    class Handler:
        def parse(self, line: str) -> str:
            return line

    class Sub(Handler):
        pass

    replace(module, "f", lambda a: a)
    replace(module, "f", lambda a, b, c: a)  # again: the library's own stays the original
    replace(Sub, "parse", lambda self: "")  # inherited, not its own
    assert internals.original(module, "f") is theirs
    restore()
    assert module.f is theirs  # type: ignore[attr-defined]
    assert "parse" not in vars(Sub) and Sub().parse("x") == "x"


def _run(args: list[str], cache: Path, speedups: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "checks.main", *args, "--root", str(REPO), "--today", CONTENT_AS_OF],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "LIS_CACHE_DIR": str(cache), SWITCH: speedups},
    )


def _files(out: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".html":
            data = re.sub(rb"SNCB-[0-9a-f]{8}", b"SNCB", data)  # sphinx-needs' random id of a box
        files[str(path.relative_to(out))] = data
    return files


def test_the_real_site_and_its_check_are_the_same_without_the_speedups(tmp_path: Path) -> None:
    sites = {}
    for speedups in ("", "0"):
        built = _run(["build", "--out", str(tmp_path / f"site{speedups}")], tmp_path / f"cache{speedups}", speedups)
        assert built.returncode == 0, built.stderr
        assert "snabbvägen" not in built.stderr  # no speed-up turned itself off
        checked = _run(["check", "--format", "json"], tmp_path / f"cache{speedups}", speedups)
        sites[speedups] = (_files(tmp_path / f"site{speedups}"), checked.returncode, checked.stdout)
    (on, on_code, on_check), (off, off_code, off_check) = sites[""], sites["0"]
    # the pages' signatures exist only where pages are written selectively; needs.json and
    # the schema report carry the time they were made
    del on[".lis-pages.json"]
    for name in ("needs.json", "schema_violations.json"):
        assert len(on.pop(name)) == len(off.pop(name))
    assert sum(name.endswith(".html") for name in on) > 50
    assert on.keys() == off.keys()
    assert [name for name in on if on[name] != off[name]] == []
    assert (on_code, json.loads(on_check)) == (off_code, json.loads(off_check))
