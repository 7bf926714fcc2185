"""checks/sphinxext/needs_json.py: needs.json is the same text, encoded at once."""

from __future__ import annotations

import io
import json

from checks.sphinxext.needs_json import _JsonDumpedAtOnce


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


def test_sphinx_needs_writes_needs_json_with_it() -> None:
    from sphinx_needs import needsfile

    from checks.sphinxext import needs_json

    needs_json.setup(None)  # type: ignore[arg-type]
    assert isinstance(needsfile.json, _JsonDumpedAtOnce)
