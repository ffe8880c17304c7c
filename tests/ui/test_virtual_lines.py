"""The virtual table's kept drawn lines and its choice of lines to draw ahead of the keys."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui_ledger.ui.widgets.virtual_lines import DrawnLines, joined, lines_to_warm


def test_drawn_lines_are_reused_only_for_the_same_row_object_and_the_least_used_go_first() -> None:
    lines: DrawnLines[object] = DrawnLines(capacity=2)
    first, second, third = object(), object(), object()
    lines.put((1, -1, 0, 80), first, Strip.blank(80))
    lines.put((2, -1, 0, 80), second, Strip.blank(80))
    assert lines.get((1, -1, 0, 80), first) is not None
    assert lines.get((1, -1, 0, 80), object()) is None, "the row was read again: draw it again"
    lines.put((3, -1, 0, 80), third, Strip.blank(80))
    assert lines.get((2, -1, 0, 80), second) is None, "least recently used, dropped"
    assert lines.get((1, -1, 0, 80), first) is not None
    assert len(lines) == 2


def test_the_cursor_rows_next_places_come_first_then_the_screens_around_and_the_ends() -> None:
    warm = list(lines_to_warm(count=1000, area=10, top=100, cursor=105, with_ends=True))
    assert warm[0] == ((106, 104, 115, 95, 0, 999), True)
    assert [(positions[0], positions[-1], on_cursor) for positions, on_cursor in warm[1:]] == [
        (110, 119, False),
        (90, 99, False),
        (0, 9, False),
        (990, 999, False),
    ]


def test_without_the_ends_and_at_the_edges_of_the_view_nothing_outside_it_is_drawn() -> None:
    warm = list(lines_to_warm(count=12, area=10, top=0, cursor=0, with_ends=False))
    assert warm[0] == ((1, 10, 11), True)
    assert [positions for positions, _ in warm[1:]] == [(10, 11), ()]


def test_joined_merges_plain_neighbours_of_one_style_and_keeps_what_the_line_shows() -> None:
    plain, bold = Style(color="red"), Style(bold=True)
    line = Strip(
        [
            Segment("☐ ", plain),
            Segment("Acme", plain),
            Segment(" ", plain),
            Segment("42", plain),
            Segment("Zoë…", plain),
            Segment("x", plain),
            Segment("USR", bold),
            Segment("y", plain),
        ]
    )
    result = joined(line)
    assert [(segment.text, segment.style) for segment in result] == [
        ("☐ ", plain),
        ("Acme 42", plain),
        ("Zoë…", plain),
        ("x", plain),
        ("USR", bold),
        ("y", plain),
    ]
    assert result.text == line.text
    assert result.cell_length == line.cell_length
