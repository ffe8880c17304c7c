"""Where each column of the virtual table sits, which columns are in sight, and how a text fits its cell.

Columns have fixed widths (a million rows cannot be measured), so their positions are computed once; the
table then formats only the columns in sight, a handful of twenty-odd, for every row it draws.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len, set_cell_size

from tui_ledger.ui.widgets.virtual_source import VirtualColumn

SEPARATOR = " "


class ColumnLayout:
    """Start of every column in cells (separators included) and the width of all of them together."""

    def __init__(self, columns: Sequence[VirtualColumn[Any]]) -> None:
        if not columns:
            raise ValueError("a virtual table needs at least one column")
        self.columns = tuple(columns)
        starts: list[int] = []
        position = 0
        for column in self.columns:
            starts.append(position)
            position += column.width + len(SEPARATOR)
        self.starts = starts
        self.width = starts[-1] + self.columns[-1].width

    def span(self, index: int) -> tuple[int, int]:
        """Cells `[start, end)` of column `index`."""
        start = self.starts[index]
        return start, start + self.columns[index].width

    def in_sight(self, left: int, visible: int) -> tuple[int, int]:
        """First and last column index that show in `visible` cells starting at `left`."""
        right = left + max(visible, 1)
        first = max(bisect_right(self.starts, left) - 1, 0)
        last = max(bisect_left(self.starts, right) - 1, first)
        return first, last

    def index_of(self, key: str) -> int:
        return next(index for index, column in enumerate(self.columns) if column.key == key)


def fit(text: str, width: int, align: str, ellipsis: str) -> str:
    """Exactly `width` cells: cut with an ellipsis when too long, padded on the left or right when short."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        keep = max(width - cell_len(ellipsis), 0)
        return set_cell_size(set_cell_size(text, keep) + ellipsis, width)
    padding = " " * (width - cell_len(text))
    return padding + text if align == "right" else text + padding
