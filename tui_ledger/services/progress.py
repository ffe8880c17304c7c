"""Progress events every long workflow emits, so any front end (screen, headless command, test) can follow it.

Events replace each other: a consumer only needs the latest `Progress` per `task` to draw a bar with count,
rate and ETA. Workflows take a `ProgressSink` (any callable) rather than a Textual message pump so they stay
free of UI imports.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Progress:
    """`done` of `total` units of `task` finished; `total` is None while still unknown."""

    task: str
    done: int
    total: int | None
    started_at: float
    at: float = field(default_factory=time.monotonic)
    detail: str = ""

    @property
    def rate(self) -> float | None:
        """Units per second so far, or None before there is anything to measure."""
        elapsed = self.at - self.started_at
        return self.done / elapsed if elapsed > 0 and self.done else None

    @property
    def eta_seconds(self) -> float | None:
        rate = self.rate
        if rate is None or self.total is None:
            return None
        return max(self.total - self.done, 0) / rate


ProgressSink = Callable[[Progress], None]


def ignore_progress(_: Progress) -> None:
    """The sink for callers that do not show progress."""


class ProgressTracker:
    """Builds successive `Progress` events for one task and hands them to a sink."""

    def __init__(self, task: str, sink: ProgressSink, total: int | None = None) -> None:
        self.task = task
        self.total = total
        self.done = 0
        self._sink = sink
        self._started = time.monotonic()

    def set_total(self, total: int | None) -> None:
        self.total = total
        self._emit("")

    def advance(self, units: int = 1, detail: str = "") -> None:
        self.done += units
        self._emit(detail)

    def _emit(self, detail: str) -> None:
        self._sink(Progress(self.task, self.done, self.total, self._started, time.monotonic(), detail))
