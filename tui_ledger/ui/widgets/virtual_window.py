"""The few rows around the viewport, fetched from a row source in aligned blocks and kept a little while.

Rendering asks for one line at a time; fetching one row per line would cost a query per line per frame. The
cache fetches a block of rows (aligned, so neighbouring lines share it) on the first line that needs it and
keeps the most recent blocks, so moving the cursor or scrolling a few lines costs nothing, and paging costs
one query. It never grows beyond `blocks * block_size` rows, whatever the size of the view. It keeps enough
blocks for the screen, the screens above and below it, and the first and last screens of the view, which the
table reads ahead of the keys that show them (see `VirtualTable`'s warm-up).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Generic

from tui_ledger.ui.widgets.virtual_source import RowSource, RowT

BLOCK_SIZE = 64
KEPT_BLOCKS = 16


class RowWindow(Generic[RowT]):
    """Rows of a source by view position, fetched in blocks and cached (see the module docstring)."""

    def __init__(self, source: RowSource[RowT], block_size: int = BLOCK_SIZE, blocks: int = KEPT_BLOCKS) -> None:
        self.source = source
        self._block_size = block_size
        self._blocks = blocks
        self._cache: OrderedDict[int, Sequence[RowT]] = OrderedDict()
        self.fetches = 0
        """How many windows were read from the source (tests check that rendering reads only what it shows)."""

    def row(self, position: int) -> RowT | None:
        """The row at `position` in the view, or None past its end."""
        block, index = divmod(position, self._block_size)
        rows = self._block(block)
        return rows[index] if index < len(rows) else None

    def rows_up_to(self, limit: int) -> int:
        """How many rows the view has, counting no further than `limit` (reads the blocks up to there)."""
        found = 0
        for block in range((limit + self._block_size - 1) // self._block_size):
            rows = len(self._block(block))
            found += rows
            if rows < self._block_size:
                break
        return min(found, limit)

    def forget(self) -> None:
        """Drop every cached row (after the view changed)."""
        self._cache.clear()

    def forget_position(self, position: int) -> None:
        """Drop the block holding `position` (after rows in it changed)."""
        self._cache.pop(position // self._block_size, None)

    def _block(self, block: int) -> Sequence[RowT]:
        rows = self._cache.get(block)
        if rows is not None:
            self._cache.move_to_end(block)
            return rows
        rows = self.source.window(block * self._block_size, self._block_size)
        self.fetches += 1
        self._cache[block] = rows
        while len(self._cache) > self._blocks:
            self._cache.popitem(last=False)
        return rows
