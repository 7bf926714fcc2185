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
- sphinx-needs finds its nodes in every page with a test per node that loops over
  the node types in Python; ``isinstance`` with a tuple does the same in C.
- Sphinx's search index stems each word of a page (Swedish: a pure-Python
  stemmer), remembering the stems for that page only; the same words come back
  on every page, so the stems are remembered for the build.
- sphinx-needs turns every field of a ``{need}`` role's target into text for
  each role, though most roles point at a few needs (the latest review, a
  routine): the text is made once per need and build, and each role gets a copy.
- sphinx-needs' schema validation decides which needs a schema with ``select``
  applies to by making each need's fields into a dict, once per need and schema
  (nine schemas: 90,000 dicts at 10,000 needs); it is made once per need.
- sphinx-needs gives each need a deep copy of every field's default while it
  reads the need; ``copy.deepcopy`` of its frozen value objects is slow (a
  dozen link types with the default "no links": 120,000 copies at 10,000
  needs). An empty or immutable default is made anew directly.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from functools import lru_cache
from typing import IO, Any

from docutils import nodes
from sphinx.application import Sphinx

from checks.sphinxext.internals import Internal, announce, original, replace, usable


class _JsonDumpedAtOnce:
    """The ``json`` module, with ``dump`` encoding the whole document in C first."""

    def __getattr__(self, name: str) -> Any:
        return getattr(json, name)

    @staticmethod
    def dump(obj: Any, fp: IO[str], **kwargs: Any) -> None:
        fp.write(json.dumps(obj, **kwargs))


def node_match(node_types: Any) -> Callable[[nodes.Node], bool]:
    """sphinx-needs' ``utils.node_match``: a findall condition for a type or a list of types."""
    types = tuple(node_types) if isinstance(node_types, list) else (node_types,)

    def condition(node: nodes.Node) -> bool:
        return isinstance(node, types)

    return condition


class _PerNeed:
    """Values made once per need object until forgotten.

    Kept by ``id()``, with the need, so that a new need that gets a forgotten
    one's id is not given its value.
    """

    def __init__(self) -> None:
        self._made: dict[Any, tuple[Any, Any]] = {}

    def made(self, need: Any, make: Callable[[], Any], *key: Any) -> Any:
        found = self._made.get((id(need), *key))
        if found is None or found[0] is not need:
            found = self._made[(id(need), *key)] = (need, make())
        return found[1]

    def forget(self, *_args: Any) -> None:
        self._made.clear()


class _NeedTexts(_PerNeed):
    """sphinx-needs' ``transform_need_to_dict``, made once per need while pages are written.

    The needs are final once writing starts; a new build has new ones.
    """

    def __init__(self, transform: Callable[[Any], dict[str, str]]) -> None:
        super().__init__()
        self.original = transform

    def __call__(self, need: Any) -> dict[str, str]:
        # sphinx-needs changes the dict it gets (the id of a part, a shortened title)
        return dict(self.made(need, lambda: self.original(need)))


class _SelectMatches(_PerNeed):
    """sphinx-needs' ``schema.core._check_select_match``, each need's fields projected once per validation.

    Forgotten once the validation has run (it runs when writing starts) and when a build ends.
    """

    def __init__(self, check: Callable[..., bool]) -> None:
        super().__init__()
        self.original = check

    def __call__(self, need: Any, validator: Any, *, select_field_names: frozenset[str], config: Any, **kwargs: Any) -> bool:
        if config.schema_debug_active:  # sphinx-needs writes a file per need: its own way
            return self.original(need, validator, select_field_names=select_field_names, config=config, **kwargs)

        def project() -> dict[str, Any]:
            # what the original projects: the fields a select may read, without the unset ones
            return {k: v for k, v in need.items() if k in select_field_names and v is not None}

        return bool(validator.compiled.is_valid(instance=self.made(need, project, select_field_names)))


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


def _remember_stems(app: Sphinx, _doctree: nodes.document, _docname: str) -> None:
    # the search index exists once writing has started; a page is resolved before it is indexed
    lang = getattr(getattr(app.builder, "indexer", None), "lang", None)
    if lang is not None and not getattr(lang.stem, "_lis_remembered", False):
        remembered = lru_cache(maxsize=None)(lang.stem)
        remembered._lis_remembered = True  # type: ignore[attr-defined]
        lang.stem = remembered


_SEARCH_STEM = Internal("sphinx.search:SearchLanguage.stem", "self, word")
_NODE_MATCH = Internal("sphinx_needs.needs:node_match", "node_types")
_NEED_TEXT = Internal("sphinx_needs.roles.need_ref:transform_need_to_dict", "need")
_SELECT = Internal(
    "sphinx_needs.schema.core:_check_select_match", "need, validator, *, select_field_names, config, schema_path, need_path"
)
_DEFAULTS = (
    Internal("sphinx_needs.api.need:deepcopy", "x, memo, _nil"),
    Internal("sphinx_needs.needs_schema:FieldLiteralValue", "value"),
    Internal("sphinx_needs.needs_schema:LinksLiteralValue", "value"),
)


def setup(app: Sphinx) -> None:
    from sphinx_needs import needs as needs_module
    from sphinx_needs import needs_schema, needsfile
    from sphinx_needs.api import need as need_api
    from sphinx_needs.roles import need_ref
    from sphinx_needs.schema import core as schema_core

    if usable("needs-json", Internal("sphinx_needs.needsfile:json")):
        if original(needsfile, "json") is json:
            replace(needsfile, "json", _JsonDumpedAtOnce())
        else:
            announce("needs-json", "sphinx_needs.needsfile.json är inte Pythons json")
    if usable("node-match", _NODE_MATCH):
        replace(needs_module, "node_match", node_match)
    if usable("search-stems", _SEARCH_STEM):
        app.connect("doctree-resolved", _remember_stems)
    if usable("need-role-text", _NEED_TEXT):
        texts = _NeedTexts(original(need_ref, "transform_need_to_dict"))
        replace(need_ref, "transform_need_to_dict", texts)
        app.connect("write-started", texts.forget)
        app.connect("build-finished", texts.forget)
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
