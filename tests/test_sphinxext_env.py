"""checks/sphinxext/__init__.py: ENV_VERSION follows what lis keeps on Sphinx's environment.

A cache from the last version of lis holds an environment without what a new
collector keeps; Sphinx starts afresh only when the extension's ``env_version``
changes. Without that, the start page of a site built on an old cache lost its
widgets (the placeholder collector's new set was empty).
"""

from __future__ import annotations

import pickle
from dataclasses import fields
from pathlib import Path

import pytest

from checks.gate import run_gate
from checks.project import load_project
from checks.sphinxext import ENV_VERSION
from checks.sphinxext.env_state import EnvState
from gatefixture import QUIET, TODAY, copy_project

# What each ENV_VERSION keeps: a new name here needs a new version (and the old ones stay).
KEPT = {
    2: {"lis_coverage_sources", "lis_need_refs", "lis_placeholder_docs", "lis_placeholder_holders", "lis_summary_docs"},
    # one typed object (checks.sphinxext.env_state.EnvState) with these fields
    3: {"lis_state.placeholder_docs", "lis_state.placeholder_holders", "lis_state.need_refs", "lis_state.coverage_sources", "lis_state.summary_docs"},
}


def test_what_lis_keeps_on_the_environment_has_its_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIS_CACHE_DIR", str(tmp_path / "cache"))
    root = copy_project(QUIET, tmp_path / "p")
    run_gate(load_project(root), TODAY)
    [pickled] = (tmp_path / "cache").rglob("environment.pickle")
    with pickled.open("rb") as handle:
        env = pickle.load(handle)
    kept = {name for name in vars(env) if name.startswith("lis_")}
    assert kept == {"lis_state"}, "what lis keeps on the environment belongs in EnvState"
    assert isinstance(env.lis_state, EnvState)
    kept = {f"lis_state.{f.name}" for f in fields(EnvState)}
    assert kept == KEPT[ENV_VERSION], "lis keeps something new on the environment: raise ENV_VERSION"
    assert env.version["checks.sphinxext"] == ENV_VERSION
