"""What the virtual table reads: a row source answering in windows, rows with a key and a mark, and columns.

The table never holds the rows. It asks a `RowSource` how many rows the current view has and for the few
rows around the screen, and tells it how to arrange them (sort, search, marked only) and which to mark. The
invoice-lines store answers those questions with SQLite queries over a million lines; `ListRowSource` answers
them over a Python list for small tables and tests. Both satisfy the same protocol, so the widget cannot tell.

A source whose count can be slow (a search over a million lines) may also offer a background count
(`CountsInBackground`): the table then draws the first rows at once and shows the count when it arrives. A
source that opens before reading all it will need (`PreparesInBackground`) reads the rest in a worker thread
after the first frame.

Columns turn a row into display cells (text, an optional tone for its colour, an optional badge tag); they
know nothing of Textual, so any screen can describe its rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Generic, Literal, Protocol, TypeVar, runtime_checkable


class VirtualRow(Protocol):
    """A row as the table needs it: a stable key (what marks refer to), whether it is marked, whether it may be."""

    @property
    def key(self) -> int: ...

    @property
    def marked(self) -> bool: ...

    @property
    def markable(self) -> bool: ...


RowT = TypeVar("RowT", bound=VirtualRow)
RowT_co = TypeVar("RowT_co", bound=VirtualRow, covariant=True)


class RowSource(Protocol[RowT_co]):
    """Rows of a view, answered in windows; the view is arranged by `sort`, `search` and `show_marked_only`."""

    def count(self) -> int:
        """Rows in the current view."""

    def window(self, offset: int, limit: int) -> Sequence[RowT_co]:
        """Rows `[offset, offset + limit)` of the current view, in view order."""

    def sort(self, column: str | None, descending: bool = False) -> None:
        """Order by a column key (None: the source's natural order)."""

    def search(self, text: str) -> None:
        """Keep only rows matching `text`; blank keeps all."""

    def show_marked_only(self, on: bool) -> None: ...

    def set_marked(self, key: int, marked: bool) -> bool:
        """Mark or unmark one row; False when nothing changed (already so, or the row may not be marked)."""

    def mark_all(self, marked: bool) -> int:
        """Mark or unmark every row of the current view that may be; returns how many changed."""

    def marked_count(self) -> int: ...


class CountJob(Protocol):
    """Counts the rows of one view; safe to run in a worker thread, and to cancel from any thread."""

    def __call__(self) -> int | None:
        """The view's row count, or None when cancelled."""

    def cancel(self) -> None: ...


@runtime_checkable
class CountsInBackground(Protocol):
    """A row source whose `count()` may take long; it can hand out a job counting in another thread instead."""

    def background_count(self) -> CountJob | None:
        """A job counting the current view, or None when `count()` answers at once.

        Until the job has answered, `window()` must answer without counting (the rows of the view from its start).
        """


@runtime_checkable
class PreparesInBackground(Protocol):
    """A row source that opens before it has read everything later keys need, and can read the rest in a thread."""

    def background_preparation(self) -> Callable[[], object] | None:
        """A job reading ahead what later keys need (a search's texts), or None when nothing is left to read.

        The table runs it once, in a worker thread, after its first frame is painted; meanwhile the source must
        keep answering `window()` and every other question on its own (reading what it lacks at once).
        """


class Badge(Enum):
    """Who set a cell's value, shown as a short tag after it (seed 003's System Updated / User Updated)."""

    SYSTEM = "SYS"
    USER = "USR"


@dataclass(frozen=True, slots=True)
class VirtualCell:
    """One cell as shown: its text, an optional tone (a component-class suffix such as `error`), a badge."""

    text: str
    tone: str | None = None
    badge: Badge | None = None


@dataclass(frozen=True, slots=True)
class VirtualColumn(Generic[RowT]):
    """A column: its key (also the sort key handed to the source), title, width, and how a row becomes a cell."""

    key: str
    title: str
    width: int
    cell: Callable[[RowT], VirtualCell]
    align: Literal["left", "right"] = "left"
    sortable: bool = True

    def __post_init__(self) -> None:
        if self.width < 1:
            raise ValueError(f"column {self.key!r} needs a width of at least 1, got {self.width}")
