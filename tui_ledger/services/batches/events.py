"""What the batch workflows report while they work, for the Batches screen, the headless command and tests.

Two kinds of event go through one sink: `Step` for each change made (or refused, or failed) in ConnectWise or
the package — the screen lists them as they happen and the command prints them — and `Progress` for counted
reading (batches scanned by a search, documents compared by reconcile), with rate and ETA.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.services.progress import Progress


class StepState(StrEnum):
    STARTED = "started"
    DONE = "done"
    FAILED = "failed"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Step:
    action: str
    """`unbatch`, `rebatch`, `delete`, `reconcile`, `fix`, `find`."""
    text: str
    state: StepState = StepState.STARTED


BatchEvent = Step | Progress
BatchEventSink = Callable[[BatchEvent], None]


def ignore_events(_: BatchEvent) -> None:
    """The sink for callers that follow nothing."""
