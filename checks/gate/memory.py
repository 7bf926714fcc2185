"""Python's garbage collector during one Sphinx run: what is read stays, so it is not searched again.

Once the pages are read, the environment (every page's needs, titles, toctrees)
lives until the run ends: at 10,000 needs a million objects. The pages are then
resolved and written one at a time, and each page's doctree is cyclic garbage
(docutils nodes point at their parents) that only a full collection frees. Every
full collection walks every object, the environment's too: at 10,000 needs one
took about a second and came every two to three seconds of writing, a third of a
clean build.

So when writing starts (after every ``write-started`` listener: the facts and
the rules are computed by then), the garbage so far is collected once and what
remains is frozen (``gc.freeze``): later collections walk only what the writing
makes, and still free every page. Frozen objects are unfrozen when the run ends,
so a process that runs Sphinx again (the tests, ``lis serve``) keeps collecting
them. This is the run's business, not the extension's: a plain ``sphinx-build``
with lis's conf.py collects as Python does by default.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# after every other write-started listener (Sphinx's default priority is 500)
_AFTER_WRITE_STARTED = 990


@contextmanager
def read_environment_kept(app: Any) -> Iterator[None]:
    """For the length of ``app.build()``: freeze what exists when writing starts."""

    def freeze(_app: Any, _builder: Any) -> None:
        gc.collect()
        gc.freeze()

    app.connect("write-started", freeze, priority=_AFTER_WRITE_STARTED)
    try:
        yield
    finally:
        gc.unfreeze()
