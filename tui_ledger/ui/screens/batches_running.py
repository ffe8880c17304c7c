"""The one action a Batches or Reconcile screen runs at a time: its App task, its progress line, its activity line.

Both screens run their work the same way: as an App task (so a failure reaches the App's one error handler), the
activity line saying what is running, the desk's `Progress` events drawn on the progress line part by part (the
parts are learned as they arrive: a search scans batches, reconcile reads them, then compares), its `Step`
events replacing the running text, and `escape` cancelling it between two steps.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui_ledger.services.batches import BatchEvent
from tui_ledger.services.progress import Progress
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.screens.batches_activity import ActivityLine
from tui_ledger.ui.widgets.progress import TaskProgress

T = TypeVar("T")


class RunningAction:
    """Runs one task at a time for `screen`, under the App task name `name`."""

    def __init__(self, screen: Screen[Any], name: str) -> None:
        self.screen = screen
        self.name = name
        self.title = ""
        self._worker: Worker[Any] | None = None
        self._parts: list[str] = []

    @property
    def busy(self) -> bool:
        return self._worker is not None and not self._worker.is_finished

    def start(
        self,
        title: str,
        work: Coroutine[Any, Any, T],
        done: Callable[[T], None],
        ended: Callable[[WorkerState], None],
    ) -> None:
        self.title = title
        self._parts = []
        app = ledger_app(self.screen)
        self.screen.query_one(ActivityLine).running(title, app.glyphs)
        self._worker = app.run_task(work, name=self.name, on_success=done, on_end=lambda state: self._end(state, ended))
        self.screen.refresh_bindings()

    def _end(self, state: WorkerState, ended: Callable[[WorkerState], None]) -> None:
        self.screen.query_one(TaskProgress).stop()
        self.screen.refresh_bindings()
        ended(state)

    def follow(self, event: BatchEvent) -> None:
        """A step or count of the running task; events outside a task (reading a batch to show it) are not shown."""
        if not self.busy:
            return
        if isinstance(event, Progress):
            progress = self.screen.query_one(TaskProgress)
            if event.task not in self._parts:
                self._parts.append(event.task)
                progress.start(self.title, self._parts)
            progress.report(event)
        else:
            self.screen.query_one(ActivityLine).running(event.text, ledger_app(self.screen).glyphs)

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
