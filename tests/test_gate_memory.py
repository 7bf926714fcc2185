"""checks/gate/memory.py: no collections while reading in parallel, what exists when writing
starts frozen for the run, and everything as before when the run ends."""

from __future__ import annotations

import gc
from typing import Any

import pytest

from checks.gate.memory import read_environment_kept


class _App:
    def __init__(self, parallel: int = 2) -> None:
        self.parallel = parallel
        self.listeners: dict[str, tuple[Any, int]] = {}

    def connect(self, event: str, callback: Any, priority: int = 500) -> None:
        self.listeners[event] = (callback, priority)

    def emit(self, event: str, *args: Any) -> None:
        self.listeners[event][0](self, *args)


PAGES = [f"page-{n}" for n in range(20)]


def test_off_while_reading_in_parallel_then_frozen_when_writing_starts() -> None:
    app = _App(parallel=2)
    with read_environment_kept(app):
        # after the run's own listener, which may switch to reading in the main process (500)
        assert app.listeners["env-before-read-docs"][1] > 500
        # after the facts and the rules (500) and the gate's own listener (900)
        assert app.listeners["write-started"][1] > 900
        app.emit("env-before-read-docs", None, PAGES)
        assert not gc.isenabled()
        app.emit("env-updated", None)
        assert gc.isenabled()
        survivor = [object() for _ in range(100)]
        assert gc.get_freeze_count() == 0
        app.emit("write-started", None)
        assert gc.get_freeze_count() >= len(survivor)
    assert gc.get_freeze_count() == 0 and gc.isenabled()


@pytest.mark.parametrize(("parallel", "pages"), [(1, PAGES), (2, PAGES[:3])])
def test_on_while_reading_in_the_main_process(parallel: int, pages: list[str]) -> None:
    app = _App(parallel=parallel)
    with read_environment_kept(app):
        app.emit("env-before-read-docs", None, pages)
        assert gc.isenabled()


def test_as_before_when_the_run_stops_with_an_error() -> None:
    app = _App()
    with pytest.raises(RuntimeError), read_environment_kept(app):
        app.emit("env-before-read-docs", None, PAGES)
        raise RuntimeError("the build stopped while reading")
    assert gc.isenabled() and gc.get_freeze_count() == 0
    with pytest.raises(RuntimeError), read_environment_kept(app):
        app.emit("write-started", None)
        raise RuntimeError("the build stopped while writing")
    assert gc.isenabled() and gc.get_freeze_count() == 0
