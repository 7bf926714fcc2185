"""checks/gate/memory.py: what exists when writing starts is frozen for the run, and only for the run."""

from __future__ import annotations

import gc
from typing import Any

from checks.gate.memory import read_environment_kept


class _App:
    def __init__(self) -> None:
        self.listeners: list[tuple[str, Any, int]] = []

    def connect(self, event: str, callback: Any, priority: int = 500) -> None:
        self.listeners.append((event, callback, priority))


def test_frozen_when_writing_starts_and_unfrozen_after_the_run() -> None:
    app = _App()
    kept_before = gc.get_freeze_count()
    with read_environment_kept(app):
        ((event, freeze, priority),) = app.listeners
        # after the facts and the rules (default priority 500) and the gate's own listener (900)
        assert event == "write-started" and priority > 900
        survivor = [object() for _ in range(100)]
        assert gc.get_freeze_count() == kept_before
        freeze(app, None)
        assert gc.get_freeze_count() >= kept_before + len(survivor)
    assert gc.get_freeze_count() == 0


def test_unfrozen_when_the_run_stops_with_an_error() -> None:
    app = _App()
    try:
        with read_environment_kept(app):
            app.listeners[0][1](app, None)
            raise RuntimeError("the build stopped")
    except RuntimeError:
        pass
    assert gc.get_freeze_count() == 0
