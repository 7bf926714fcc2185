"""Where lis reaches into the internals of Sphinx, sphinx-needs, furo and docutils for speed.

Every such speed-up is named here (``SPEEDUPS``) and goes through three rules,
as myst-parser keeps its own overrides:

- One switch: ``LIS_SPEEDUPS=0`` turns every speed-up off, and the libraries run
  as they are; the pages come out the same, only slower (the tests build both
  ways and compare). ``LIS_SPEEDUPS=-navigation,-gc`` turns off only the named
  ones, to measure or to find a fault.
- Guarded: each speed-up names the internals it relies on, with the signature
  it was written against (:class:`Internal`). When one is missing or has
  another signature (a new version of the library), the speed-up turns itself
  off and says so in one Swedish line on standard error, once per process.
- Undone: what is replaced in a library is put back when the Sphinx run ends
  (:func:`restore`), so a process that builds again (the tests, ``lis serve``)
  starts from the library as it is and the switch can change between runs.

The versions are locked (constraints.txt), and pyproject.toml allows only the
versions a test run has seen.
"""

from __future__ import annotations

import importlib
import inspect
import os
import sys
from dataclasses import dataclass
from typing import Any

SWITCH = "LIS_SPEEDUPS"

# name → what it speeds up (the line that announces it turning off names it)
SPEEDUPS = {
    "needs-json": "needs.json skrivs i ett svep",
    "field-defaults": "fältens tomma standardvärden görs utan deepcopy",
    "schema-select": "schemakontrollens urval görs en gång per objekt",
    "box-empty-lines": "rutornas tomma rader tas bort",
    "box-html": "rutornas rader skrivs direkt som HTML",
    "navigation": "sidomenyn räknas ut en gång per mapp",
    "selective-write": "bara sidor vars innehåll ändrats skrivs om",
    "gc": "skräpsamlaren söker inte igenom det inlästa om och om igen",
    "check-shortcuts": "kontrollen ritar inga rutor och hänvisningar",
}

_announced: set[str] = set()


def enabled(name: str) -> bool:
    """Whether the speed-up ``name`` is on by the switch (not whether it can run)."""
    assert name in SPEEDUPS, name
    value = os.environ.get(SWITCH, "").strip()
    if value == "0":
        return False
    off = {part.strip()[1:] for part in value.split(",") if part.strip().startswith("-")}
    return name not in off


def _shape(function: Any) -> str:
    """A function's parameters as written, without annotations and defaults: 'self, line, *, flag'."""
    parts: list[str] = []
    star = False
    for parameter in inspect.signature(function).parameters.values():
        kind = parameter.kind
        if kind is parameter.VAR_POSITIONAL:
            parts.append(f"*{parameter.name}")
            star = True
        elif kind is parameter.VAR_KEYWORD:
            parts.append(f"**{parameter.name}")
        else:
            if kind is parameter.KEYWORD_ONLY and not star:
                parts.append("*")
                star = True
            parts.append(parameter.name)
    return ", ".join(parts)


@dataclass(frozen=True)
class Internal:
    """A name inside a library that a speed-up reads or replaces.

    ``shape`` is the signature the speed-up was written against (as
    :func:`_shape` writes it); None for a value that is no function.
    """

    path: str  # "package.module:Attribute.attribute"
    shape: str | None = None

    def get(self) -> Any:
        """The library's own value (not what a speed-up put in its place)."""
        module, _, attributes = self.path.partition(":")
        found: Any = importlib.import_module(module)
        for name in attributes.split(".") if attributes else ():
            found = original(found, name)
        return found

    def problem(self) -> str | None:
        """Why the speed-up cannot rely on it, in Swedish; None when it is as expected."""
        shown = self.path.replace(":", ".")
        try:
            found = self.get()
        except (ImportError, AttributeError):
            return f"{shown} finns inte"
        if self.shape is None:
            return None
        try:
            shape = _shape(found)
        except (TypeError, ValueError):
            return f"{shown} är ingen funktion"
        if shape != self.shape:
            return f"{shown} tar ({shape}), inte ({self.shape})"
        return None


def usable(name: str, *internals: Internal) -> bool:
    """Whether the speed-up ``name`` runs: on by the switch and every internal as expected.

    Says once per process on standard error when an internal is not as expected.
    """
    if not enabled(name):
        return False
    for internal in internals:
        problem = internal.problem()
        if problem is not None:
            announce(name, problem)
            return False
    return True


def announce(name: str, problem: str) -> None:
    if name in _announced:
        return
    _announced.add(name)
    print(
        f"lis: snabbvägen {name} ({SPEEDUPS[name]}) är avstängd: {problem}. "
        "Sidorna blir desamma, bygget långsammare.",
        file=sys.stderr,
    )


# (owner, attribute) → (the owner's own value, whether it had one, the value as read)
_originals: dict[tuple[Any, str], tuple[Any, bool, Any]] = {}


def replace(owner: Any, attribute: str, value: Any) -> None:
    """Set ``owner.attribute`` (a module's or a class's) to ``value`` until :func:`restore`."""
    key = (owner, attribute)
    if key not in _originals:
        _originals[key] = (vars(owner).get(attribute), attribute in vars(owner), getattr(owner, attribute))
    setattr(owner, attribute, value)


def original(owner: Any, attribute: str) -> Any:
    """The library's own ``owner.attribute``, as read before it was replaced."""
    key = (owner, attribute)
    return _originals[key][2] if key in _originals else getattr(owner, attribute)


def restore(*_args: Any) -> None:
    """Every replaced attribute as the library has it (a listener of ``build-finished``)."""
    for (owner, attribute), (value, had, _read) in reversed(list(_originals.items())):
        if had:
            setattr(owner, attribute, value)
        else:
            delattr(owner, attribute)
    _originals.clear()
