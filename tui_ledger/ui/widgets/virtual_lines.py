"""Drawn lines of the virtual table, kept for reuse, and the lines worth drawing before they are asked for.

Drawing a row (formatting the cells in sight, styling, cropping to the scroll position) costs about as much
as Textual's own work to paint it. `DrawnLines` keeps the most recently used drawn rows, keyed by what their
look depends on, so a frame that shows rows already drawn (a cursor move, a page back, a jump to an end the
warm-up prepared) only paints. `lines_to_warm` says which rows the next keys are likely to show, most likely
first, so that the table can draw them between keys. `joined` makes a drawn line cheaper to paint again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from typing import Generic, TypeVar

from rich.segment import Segment
from textual.strip import Strip

RowT = TypeVar("RowT")

LineKey = tuple[int, int, int, int]
"""Row key, cursor cell (-1: not the cursor row), horizontal scroll, width."""


class DrawnLines(Generic[RowT]):
    """The last `capacity` drawn rows, least recently used dropped first.

    A line is reused for the row object it was drawn from, or for a row read again that is equal to it (rows
    are frozen dataclasses: equal means every value shown is the same); a row read again with a change (marked,
    edited) is drawn again.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._lines: OrderedDict[LineKey, tuple[RowT, Strip]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._lines)

    def get(self, key: LineKey, row: RowT) -> Strip | None:
        kept = self._lines.get(key)
        if kept is None or (kept[0] is not row and kept[0] != row):
            return None
        self._lines.move_to_end(key)
        return kept[1]

    def put(self, key: LineKey, row: RowT, line: Strip) -> None:
        self._lines[key] = (row, line)
        self._lines.move_to_end(key)
        while len(self._lines) > self.capacity:
            self._lines.popitem(last=False)

    def clear(self) -> None:
        self._lines.clear()


def joined(line: Strip) -> Strip:
    """The same line with neighbouring segments of one style joined, where their text is plain ASCII.

    Textual crops, divides and styles every line of every frame segment by segment, so a row drawn as two
    segments per column costs each frame more than one drawn as a few. Text with other characters (an
    ellipsis, an accented name) stays in a segment of its own: Rich measures such text character by character
    unless it has measured that exact text before, which a cell's text often is and a whole joined line never is.
    """
    segments: list[Segment] = []
    for segment in line:
        if segments and not segment.control and segment.text.isascii():
            last = segments[-1]
            same_style = last.style is segment.style or last.style == segment.style
            if same_style and not last.control and last.text.isascii():
                segments[-1] = Segment(last.text + segment.text, last.style)
                continue
        segments.append(segment)
    return Strip(segments, line.cell_length)


def lines_to_warm(
    count: int, area: int, top: int, cursor: int, with_ends: bool
) -> Iterator[tuple[tuple[int, ...], bool]]:
    """View positions to draw ahead, as (positions, drawn as the cursor row), most likely first.

    First the cursor row's next places (a line up or down, a screen up or down, either end), drawn with the
    cursor; then whole screens without it: the one below, the one above, and with `with_ends` the first and
    the last (left out while the count is unknown or a search is being typed).
    """
    places = (cursor + 1, cursor - 1, cursor + area, cursor - area, 0, count - 1)
    yield tuple(dict.fromkeys(p for p in places if 0 <= p < count and p != cursor)), True
    screens = [top + area, top - area]
    if with_ends:
        screens += [0, count - area]
    for first in screens:
        yield tuple(range(max(first, 0), min(first + area, count))), False
