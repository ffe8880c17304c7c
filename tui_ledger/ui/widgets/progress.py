"""One line that shows a running task: a bar, each part's count, the overall rate and the time left.

Fed by `Progress` events (services/progress.py), the newest per part; the line is honest about what is
unknown: a part whose total has not arrived yet shows `120/?`, and the ETA appears only once every total
is known.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

from tui_ledger.services.progress import Progress
from tui_ledger.ui.context import ledger_app


@dataclass(frozen=True, slots=True)
class Overall:
    """All parts of a task together."""

    done: int
    total: int | None
    rate: float | None
    eta_seconds: float | None


def combine(parts: Iterable[Progress]) -> Overall:
    """Sum the newest progress of each part; rate over the time since the first part started."""
    parts = list(parts)
    done = sum(part.done for part in parts)
    totals = [part.total for part in parts]
    total = sum(t for t in totals if t is not None) if parts and None not in totals else None
    elapsed = max((part.at for part in parts), default=0.0) - min((part.started_at for part in parts), default=0.0)
    rate = done / elapsed if done and elapsed > 0 else None
    eta = max(total - done, 0) / rate if rate and total is not None else None
    return Overall(done=done, total=total, rate=rate, eta_seconds=eta)


def format_duration(seconds: float) -> str:
    """`42s`, `3m 05s`, `1h 02m`: short enough for one line at 80 columns."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole}s"
    if whole < 3600:
        return f"{whole // 60}m {whole % 60:02d}s"
    return f"{whole // 3600}h {whole % 3600 // 60:02d}m"


def describe(parts: dict[str, Progress], separator: str) -> str:
    """`Invoices 120/340 . Expenses 40/40 . Purchases 10/?   85/s . 3s left`."""
    counts = f" {separator} ".join(
        f"{task} {part.done}/{part.total if part.total is not None else '?'}" for task, part in parts.items()
    )
    overall = combine(parts.values())
    tail = []
    if overall.rate is not None:
        tail.append(f"{overall.rate:,.0f}/s")
    if overall.eta_seconds is not None:
        tail.append(f"{format_duration(overall.eta_seconds)} left")
    return counts + (f"   {f' {separator} '.join(tail)}" if tail else "")


class TaskProgress(Horizontal):
    """A bar and a line of counts for one running task (hidden when nothing runs)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._parts: dict[str, Progress] = {}
        self._order: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="progress-title")
        yield ProgressBar(show_eta=False, id="progress-bar")
        yield Static("", id="progress-counts", markup=False)

    def start(self, title: str, parts: Iterable[str]) -> None:
        """Show the line for a new run; `parts` fixes the order the parts are listed in."""
        self._parts = {}
        self._order = list(parts)
        glyphs = ledger_app(self).glyphs
        self.query_one("#progress-title", Static).update(f"{glyphs.running} {title}")
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one("#progress-counts", Static).update("starting...")
        self.display = True

    def report(self, progress: Progress) -> None:
        self._parts[progress.task] = progress
        ordered = {task: self._parts[task] for task in self._order if task in self._parts}
        overall = combine(ordered.values())
        complete = len(ordered) == len(self._order)
        self.query_one(ProgressBar).update(total=overall.total if complete else None, progress=overall.done)
        separator = ledger_app(self).glyphs.separator
        self.query_one("#progress-counts", Static).update(describe(ordered, separator))

    def stop(self) -> None:
        self.display = False
