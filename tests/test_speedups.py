"""checks/sphinxext/speedups.py: Sphinx's and sphinx-needs' helpers, faster, with the same result."""

from __future__ import annotations

import copy
import io
import json

import pytest

from checks.sphinxext import internals, speedups
from checks.sphinxext.speedups import _JsonDumpedAtOnce


def test_dump_writes_what_json_dump_writes() -> None:
    data = {
        "versions": {"": {"needs": {"RUT-002": {"title": "Åtgärd – \"citat\" <b>", "links": ["B", "A"], "n": 1.5}}}},
        "created": None,
        "b": [True, False, 0, -1e100, "\u2028"],
    }
    for kwargs in ({"sort_keys": True}, {}, {"indent": 2}, {"ensure_ascii": False, "sort_keys": True}):
        theirs, ours = io.StringIO(), io.StringIO()
        json.dump(data, theirs, **kwargs)
        _JsonDumpedAtOnce().dump(data, ours, **kwargs)
        assert ours.getvalue() == theirs.getvalue()


def test_everything_else_is_the_standard_json() -> None:
    assert _JsonDumpedAtOnce().loads('{"a": [1]}') == {"a": [1]}
    assert _JsonDumpedAtOnce().JSONDecodeError is json.JSONDecodeError


class _App:
    def connect(self, *args: object, **kwargs: object) -> None:
        pass


def test_sphinx_needs_uses_them_until_the_run_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(internals.SWITCH, raising=False)
    from sphinx_needs import needsfile
    from sphinx_needs.api import need as need_api
    from sphinx_needs.schema import core

    theirs = (needsfile.json, core._check_select_match)
    try:
        speedups.setup(_App())  # type: ignore[arg-type]
        assert isinstance(needsfile.json, _JsonDumpedAtOnce)
        assert isinstance(core._check_select_match, speedups._SelectMatches)
        assert need_api.deepcopy is not copy.deepcopy
    finally:
        internals.restore()
    assert (needsfile.json, core._check_select_match) == theirs
    assert need_api.deepcopy is copy.deepcopy


def test_with_the_switch_off_sphinx_needs_is_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx_needs import needsfile
    from sphinx_needs.schema import core

    monkeypatch.setenv(internals.SWITCH, "0")
    speedups.setup(_App())  # type: ignore[arg-type]
    assert needsfile.json is json and not isinstance(core._check_select_match, speedups._SelectMatches)


def test_a_need_is_projected_once_per_validation_with_the_same_matches() -> None:
    from sphinx_needs.schema import core

    check = internals.original(core, "_check_select_match")
    matches = speedups._SelectMatches(check)
    projected = []

    class _Need(dict):  # type: ignore[type-arg]
        def items(self):  # type: ignore[no-untyped-def]
            projected.append(self["id"])
            return super().items()

    config = type("C", (), {"schema_debug_active": False})()
    names = frozenset({"id", "type", "status"})
    routine = core.compile_validator({"properties": {"type": {"const": "routine"}}})
    activity = core.compile_validator({"properties": {"type": {"const": "activity"}}, "required": ["status"]})
    needs = [
        _Need(id="RUT-001", type="routine", status="gällande", owner=None),
        _Need(id="AKT-2025-01", type="activity", status=None),
        _Need(id="AKT-2025-02", type="activity", status="planerad", extra="x"),
    ]
    def ask(ask_with, validator, need):  # type: ignore[no-untyped-def]
        return ask_with(need, validator, select_field_names=names, config=config, schema_path=[], need_path=[need["id"]])

    ours = [ask(matches, validator, need) for validator in (routine, activity) for need in needs]
    assert len(projected) == 3  # once per need, for both schemas
    assert ours == [ask(check, validator, need) for validator in (routine, activity) for need in needs]
    assert ours == [True, False, False, False, False, True]
    # the next validation's needs may have changed
    matches.forget()
    ask(matches, routine, needs[0])
    assert projected.count("RUT-001") == 2 + 2  # ours twice, the original's twice


def test_a_default_is_copied_as_deepcopy_copies_it() -> None:
    from sphinx_needs.needs_schema import FieldLiteralValue, LinksLiteralValue

    deepcopy = speedups._default_copier((FieldLiteralValue, LinksLiteralValue))
    shared: list[str] = ["delad"]
    defaults = [
        LinksLiteralValue(value=[]),
        FieldLiteralValue(value=""),
        FieldLiteralValue(value=None),
        FieldLiteralValue(value=12),
        FieldLiteralValue(value=[]),
        FieldLiteralValue(value=["a", "b"]),  # not empty: deepcopy's own
        FieldLiteralValue(value=shared),
        ["a"],
        None,
    ]
    for default in defaults:
        copied = deepcopy(default)
        assert copied == copy.deepcopy(default) and type(copied) is type(default)
        # a new object, with nothing mutable shared with the default
        assert default is None or copied is not default
        if isinstance(default, (FieldLiteralValue, LinksLiteralValue)) and isinstance(default.value, list):
            assert copied.value is not default.value
