"""The batch list of the Batches screen: ConnectWise's GL batches, open and closed, newest first.

The title counts them the way k9s does — what is shown, under which filter, and how many are open and closed — so
the user knows at a glance whether a closed batch is hiding behind the filter. `f` steps the filter through all,
open only and closed only; the list is read once and filtered here, so the counts stay right for every filter.
Closed batches are marked as such (they are read-only: seed 000).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from rich.text import Text
from textual.widgets import DataTable

from tui_ledger.services.batches import BatchSummary

COLUMNS = ("Batch", "Status", "Entered", "Holds")


class BatchFilter(StrEnum):
    ALL = "all"
    OPEN = "open"
    CLOSED = "closed"

    def admits(self, summary: BatchSummary) -> bool:
        if self is BatchFilter.ALL:
            return True
        return summary.closed is (self is BatchFilter.CLOSED)

    @property
    def next(self) -> BatchFilter:
        order = list(BatchFilter)
        return order[(order.index(self) + 1) % len(order)]


def list_title(summaries: Sequence[BatchSummary], chosen: BatchFilter, separator: str) -> str:
    """`Batches(open)[5] · open 5 · closed 1`."""
    shown = sum(1 for summary in summaries if chosen.admits(summary))
    closed = sum(1 for summary in summaries if summary.closed)
    opened = len(summaries) - closed
    return f"Batches({chosen.value})[{shown}] {separator} open {opened} {separator} closed {closed}"


def holds(summary: BatchSummary) -> str:
    """What the identifier says the batch holds: one document (seed 000's form), or what another tool put in it."""
    if summary.one_document is not None:
        return summary.one_document.title
    return "another tool's batch"


def batch_cells(summary: BatchSummary) -> tuple[Text, ...]:
    status = Text("closed", style="bold") if summary.closed else Text("open")
    entered = summary.entered_at.date().isoformat() if summary.entered_at is not None else ""
    return (Text(summary.identifier), status, Text(entered), Text(holds(summary)))


class BatchListTable(DataTable[Text]):
    """One row per batch; the row key is the batch id."""

    HELP = """\
## Batches

ConnectWise's GL batches, newest first; the title counts what is shown, and how many are open and closed.
Moving the cursor shows the batch's records below; `enter` moves to them.

- `f` shows all batches, only open ones, or only closed ones.
- `d` deletes the highlighted batch (every record returns to unposted; the dialog lists them and asks about the
  copies in the accounting package). Closed batches are read-only: closing cannot be undone (seed 000).
- `/` finds a record's batch; `c` reconciles with the accounting package; `F5` reads the batches again.
"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.summaries: tuple[BatchSummary, ...] = ()
        self.filter = BatchFilter.ALL

    def on_mount(self) -> None:
        for title in COLUMNS:
            self.add_column(title, key=title)

    def show(self, summaries: Sequence[BatchSummary], chosen: BatchFilter) -> None:
        """List the batches the filter admits, the cursor kept on the batch it was on when it is still listed."""
        kept = self.highlighted
        self.summaries = tuple(summaries)
        self.filter = chosen
        self.clear()
        shown = [summary for summary in self.summaries if chosen.admits(summary)]
        for summary in shown:
            self.add_row(*batch_cells(summary), key=str(summary.id))
        if kept is not None:
            row = next((index for index, summary in enumerate(shown) if summary.id == kept.id), None)
            if row is not None:
                self.move_cursor(row=row)

    @property
    def shown(self) -> list[BatchSummary]:
        return [summary for summary in self.summaries if self.filter.admits(summary)]

    @property
    def highlighted(self) -> BatchSummary | None:
        shown = self.shown
        if not shown or not 0 <= self.cursor_row < len(shown):
            return None
        return shown[self.cursor_row]
