"""A row source over rows held in a Python list: for small tables, and to test the virtual table alone.

It arranges rows the way the store's grid does (sort by a column's value with ties by key, search by a text
contained in any searchable value, marked only), so a screen can show a few hundred rows in the same widget
as a million, with the same keys.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, replace
from numbers import Number
from typing import Any


@dataclass(frozen=True, slots=True)
class ListRow:
    """A plain row: a key, values by column key, and its mark."""

    key: int
    values: dict[str, Any]
    marked: bool = False
    markable: bool = True

    def __getitem__(self, column: str) -> Any:
        return self.values[column]


class ListRowSource:
    """`RowSource` over a list of `ListRow`; `searchable` names the columns a search looks in."""

    def __init__(
        self,
        rows: Sequence[ListRow],
        searchable: Sequence[str] = (),
        sort_value: Callable[[Any], Hashable] | None = None,
    ) -> None:
        self._rows = {row.key: row for row in rows}
        self._order = [row.key for row in rows]
        self._searchable = tuple(searchable)
        self._sort_value = sort_value or _natural
        self._column: str | None = None
        self._descending = False
        self._text = ""
        self._marked_only = False
        self._view: list[int] | None = None
        self.windows_read = 0

    def count(self) -> int:
        return len(self._current())

    def window(self, offset: int, limit: int) -> list[ListRow]:
        self.windows_read += 1
        keys = self._current()[max(offset, 0) : max(offset, 0) + max(limit, 0)]
        return [self._rows[key] for key in keys]

    def sort(self, column: str | None, descending: bool = False) -> None:
        self._column, self._descending = column, descending
        self._view = None

    def search(self, text: str) -> None:
        self._text = text
        self._view = None

    def show_marked_only(self, on: bool) -> None:
        self._marked_only = on
        self._view = None

    def set_marked(self, key: int, marked: bool) -> bool:
        row = self._rows[key]
        if row.marked == marked or (marked and not row.markable):
            return False
        self._rows[key] = replace(row, marked=marked)
        if self._marked_only:
            self._view = None
        return True

    def mark_all(self, marked: bool) -> int:
        changed = sum(self.set_marked(key, marked) for key in list(self._current()))
        self._view = None
        return changed

    def marked_count(self) -> int:
        return sum(row.marked for row in self._rows.values())

    def _current(self) -> list[int]:
        if self._view is None:
            needle = self._text.strip().casefold()
            keys = [key for key in self._order if self._shown(self._rows[key], needle)]
            if self._column is not None:
                column = self._column
                keys.sort(key=lambda key: (self._sort_value(self._rows[key][column]), key), reverse=self._descending)
            self._view = keys
        return self._view

    def _shown(self, row: ListRow, needle: str) -> bool:
        if self._marked_only and not row.marked:
            return False
        return not needle or any(needle in str(row[column]).casefold() for column in self._searchable)


def _natural(value: Any) -> Hashable:
    """Sort numbers as numbers and everything else as case-folded text; None first."""
    if value is None:
        return (0, "")
    if isinstance(value, Number):
        return (1, value)
    return (2, str(value).casefold())
