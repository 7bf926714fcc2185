"""checks/gate/memory.py: no collections while Sphinx loads the environment or reads in
parallel, what exists then frozen for the run, and everything as before when the run ends."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest

from checks.gate.memory import environment_kept


class _App:
    def __init__(self, parallel: int = 2) -> None:
        self.parallel = parallel
        self.listeners: dict[str, tuple[Any, int]] = {}

    def connect(self, event: str, callback: Any, priority: int = 500) -> None:
        self.listeners[event] = (callback, priority)

    def emit(self, event: str, *args: Any) -> None:
        self.listeners[event][0](self, *args)


PAGES = [f"page-{n}" for n in range(20)]


class _Node:
    parent: Any = None


def _cycle() -> Any:
    """A weak reference to an object only a reference cycle keeps: garbage for the collector."""
    node = _Node()
    node.parent = node
    return weakref.ref(node)


def _objects() -> list[list[Any]]:
    return [[] for _ in range(100)]  # objects the collector tracks


def test_off_while_loading_and_reading_in_parallel_and_frozen_after_each() -> None:
    app = _App(parallel=2)
    with environment_kept() as started:
        # Sphinx starts and loads the saved environment
        assert not gc.isenabled()
        loaded = _objects()
        started(app)
        assert gc.isenabled() and gc.get_freeze_count() >= len(loaded)
        # after the run's own listener, which may switch to reading in the main process (500)
        assert app.listeners["env-before-read-docs"][1] > 500
        # after the facts and the rules (500) and the gate's own listener (900)
        assert app.listeners["write-started"][1] > 900
        frozen = gc.get_freeze_count()
        app.emit("env-before-read-docs", None, PAGES)
        assert not gc.isenabled()
        read, garbage = _objects(), _cycle()
        app.emit("env-updated", None)
        assert gc.isenabled()
        # what reading left is frozen, its garbage collected first
        assert gc.get_freeze_count() >= frozen + len(read)
        assert garbage() is None
        frozen = gc.get_freeze_count()
        survivor = _objects()
        app.emit("write-started", None)
        assert gc.get_freeze_count() >= frozen + len(survivor)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


@pytest.mark.parametrize(("parallel", "pages"), [(1, PAGES), (2, PAGES[:3])])
def test_on_while_reading_in_the_main_process(parallel: int, pages: list[str]) -> None:
    app = _App(parallel=parallel)
    with environment_kept() as started:
        started(app)
        app.emit("env-before-read-docs", None, pages)
        assert gc.isenabled()
        frozen = gc.get_freeze_count()
        app.emit("env-updated", None)
        # nothing frozen (the count may fall: in the full suite another thread of the process,
        # the browser tests' server, can free a frozen object meanwhile)
        assert gc.get_freeze_count() <= frozen


def test_as_before_when_the_run_stops_with_an_error() -> None:
    with pytest.raises(RuntimeError), environment_kept():
        raise RuntimeError("Sphinx could not start")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    app = _App()
    with pytest.raises(RuntimeError), environment_kept() as started:
        started(app)
        app.emit("env-before-read-docs", None, PAGES)
        raise RuntimeError("the build stopped while reading")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), environment_kept() as started:
        started(app)
        app.emit("write-started", None)
        raise RuntimeError("the build stopped while writing")
    assert gc.isenabled() and gc.get_freeze_count() == 0
