"""Python's garbage collector during one Sphinx run: what is read stays, so it is not searched again.

Python frees most objects when the last reference goes; the cyclic collector
is for objects that point at each other, and a full collection walks every
object there is. A Sphinx run keeps a great deal: at 10,000 needs the
environment (every page's needs, titles, toctrees) is a million objects that
live until the run ends. Three phases paid for walking them again and again:

- Loading the saved environment (a check or build after an edit): unpickling a
  million objects set off full collections that had nothing to free, and so
  did the checks after reading the edited page (2.7 s of a 17 s build after an
  edit at 10,000 needs). So the collector is off while Sphinx starts and loads
  it, and what is loaded is frozen.
- Reading in parallel: the main process only merges what each reading process
  sends back, and every merge set off collections that found nothing to free
  (a quarter of the reading time at 10,000 needs). So while pages are read in
  parallel the collector is off, in the main process and in the reading
  processes it starts. When reading ends, what the merges left behind is
  collected once (1.5 million objects at 10,000 needs) and what remains, the
  environment, is frozen before the collector is on again: the checks that
  follow (sphinx-needs' links and schemas, lis's rules) set off full
  collections that walked the whole environment, 0.4 s each, and found nothing.
  Reading one page after an edit is done in the main process, with the
  collector on.
- Writing: each page's doctree is cyclic garbage once written (docutils nodes
  point at their parents), which only a full collection frees; one such
  collection took a second and came every two to three seconds. So when writing
  starts (after every ``write-started`` listener: the facts and the rules are
  computed by then), the garbage so far is collected once and what remains is
  frozen (``gc.freeze``): later collections walk only what writing makes, and
  still free every page.

Everything is as before when the run ends: the collector on (if it was) and
nothing frozen, so a process that runs Sphinx again (the tests, ``lis serve``)
keeps collecting. This is the run's business, not the extension's: a plain
``sphinx-build`` with lis's conf.py collects as Python does by default. It is
the speed-up "gc" of checks.sphinxext.internals: off with LIS_SPEEDUPS=0.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from checks.sphinxext.internals import usable

# after the run's own env-before-read-docs listener, which decides whether to read in parallel
_AFTER_READING_IS_PLANNED = 900
# after every other write-started listener (Sphinx's default priority is 500)
_AFTER_WRITE_STARTED = 990
# Sphinx reads in parallel only above this many pages (sphinx.builders.Builder.read)
_SPHINX_PARALLEL_MIN = 5


@contextmanager
def environment_kept() -> Iterator[Callable[[Any], None]]:
    """For one Sphinx run, from starting Sphinx to the end of ``app.build()``.

    Gives the function to call with the app once Sphinx has started (and loaded
    the saved environment): no collections until then, none while reading in
    parallel, and a freeze when reading ends and when writing starts.
    """
    if not usable("gc"):
        yield lambda _app: None
        return
    was_enabled = gc.isenabled()
    gc.disable()

    def reading(app: Any, _env: Any, docnames: list[str]) -> None:
        if was_enabled and app.parallel > 1 and len(docnames) > _SPHINX_PARALLEL_MIN:
            gc.disable()

    def read(_app: Any, _env: Any) -> None:
        if was_enabled and not gc.isenabled():
            gc.collect()
            gc.freeze()
            gc.enable()

    def writing(_app: Any, _builder: Any) -> None:
        gc.collect()
        gc.freeze()

    def started(app: Any) -> None:
        # what Sphinx loaded lives until the run ends
        gc.freeze()
        if was_enabled:
            gc.enable()
        app.connect("env-before-read-docs", reading, priority=_AFTER_READING_IS_PLANNED)
        app.connect("env-updated", read, priority=1)
        app.connect("write-started", writing, priority=_AFTER_WRITE_STARTED)

    try:
        yield started
    finally:
        if was_enabled:
            gc.enable()
        gc.unfreeze()
