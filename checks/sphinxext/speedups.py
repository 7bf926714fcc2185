"""Work that Sphinx and sphinx-needs do on every build, done faster with the same result.

Each is a small helper of theirs that a profile of a clean build at 10,000
needs found slow for a reason that has nothing to do with its result; none of
them has a setting for it, so each is replaced here with one that gives the
same result (tests/test_speedups.py compares them). Each is one speed-up of
checks.sphinxext.internals: off with LIS_SPEEDUPS=0, and off with a line
saying so when what it replaces is missing or has another signature.

- needs.json: sphinx-needs writes it with ``json.dump``, which always encodes in
  pure Python (the C encoder serves only ``json.dumps``); the 28 MB file took
  several seconds. Its module gets a ``json`` whose ``dump`` is ``dumps`` and
  one write: the same text.
- sphinx-needs' schema validation decides which needs a schema with ``select``
  applies to by making each need's fields into a dict, once per need and schema
  (nine schemas: 90,000 dicts at 10,000 needs); it is made once per need.
- sphinx-needs gives each need a deep copy of every field's default while it
  reads the need; ``copy.deepcopy`` of its frozen value objects is slow (a
  dozen link types with the default "no links": 120,000 copies at 10,000
  needs). An empty or immutable default is made anew directly.

Each gains a few per cent of a clean build at 2000 needs (benchmarks/README.md);
three others that gained nothing measurable there (node matching with one
isinstance, search stems remembered for the build, a {need} role's text made
once per need) were taken out.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import IO, Any

from sphinx.application import Sphinx

from checks.sphinxext.internals import Internal, announce, original, replace, usable


class _JsonDumpedAtOnce:
    """The ``json`` module, with ``dump`` encoding the whole document in C first."""

    def __getattr__(self, name: str) -> Any:
        return getattr(json, name)

    @staticmethod
    def dump(obj: Any, fp: IO[str], **kwargs: Any) -> None:
        fp.write(json.dumps(obj, **kwargs))


class _SelectMatches:
    """sphinx-needs' ``schema.core._check_select_match``, each need's fields projected once per validation.

    Kept by ``id()``, with the need, so that a new need that gets a forgotten
    one's id is not given its projection. Forgotten once the validation has run
    (it runs when writing starts) and when a build ends.
    """

    def __init__(self, check: Callable[..., bool]) -> None:
        self.original = check
        self._made: dict[tuple[int, frozenset[str]], tuple[Any, dict[str, Any]]] = {}

    def forget(self, *_args: Any) -> None:
        self._made.clear()

    def __call__(self, need: Any, validator: Any, *, select_field_names: frozenset[str], config: Any, **kwargs: Any) -> bool:
        if config.schema_debug_active:  # sphinx-needs writes a file per need: its own way
            return self.original(need, validator, select_field_names=select_field_names, config=config, **kwargs)

        key = (id(need), select_field_names)
        found = self._made.get(key)
        if found is None or found[0] is not need:
            # what the original projects: the fields a select may read, without the unset ones
            projected = {k: v for k, v in need.items() if k in select_field_names and v is not None}
            found = self._made[key] = (need, projected)
        return bool(validator.compiled.is_valid(instance=found[1]))


def _default_copier(literals: tuple[type, ...]) -> Callable[..., Any]:
    """``copy.deepcopy`` for sphinx-needs' field defaults: a literal of nothing or of an immutable value made anew."""
    immutable = (str, int, float, bool, type(None))

    def deepcopy(value: Any, memo: Any = None) -> Any:
        if type(value) in literals:
            inner = value.value
            if type(inner) is list and not inner:
                return type(value)(value=[])
            if type(inner) in immutable:
                return type(value)(value=inner)
        return copy.deepcopy(value, memo)

    return deepcopy


_SELECT = Internal(
    "sphinx_needs.schema.core:_check_select_match", "need, validator, *, select_field_names, config, schema_path, need_path"
)
_DEFAULTS = (
    Internal("sphinx_needs.api.need:deepcopy", "x, memo, _nil"),
    Internal("sphinx_needs.needs_schema:FieldLiteralValue", "value"),
    Internal("sphinx_needs.needs_schema:LinksLiteralValue", "value"),
)


def setup(app: Sphinx) -> None:
    from sphinx_needs import needs_schema, needsfile
    from sphinx_needs.api import need as need_api
    from sphinx_needs.schema import core as schema_core

    if usable("needs-json", Internal("sphinx_needs.needsfile:json")):
        if original(needsfile, "json") is json:
            replace(needsfile, "json", _JsonDumpedAtOnce())
        else:
            announce("needs-json", "sphinx_needs.needsfile.json är inte Pythons json")
    if usable("field-defaults", *_DEFAULTS):
        if original(need_api, "deepcopy") is copy.deepcopy:
            replace(need_api, "deepcopy", _default_copier((needs_schema.FieldLiteralValue, needs_schema.LinksLiteralValue)))
        else:
            announce("field-defaults", "sphinx_needs.api.need.deepcopy är inte copy.deepcopy")
    if usable("schema-select", _SELECT):
        matches = _SelectMatches(original(schema_core, "_check_select_match"))
        replace(schema_core, "_check_select_match", matches)
        # sphinx-needs validates at write-started (priority 500)
        app.connect("write-started", matches.forget, priority=501)
        app.connect("build-finished", matches.forget)
