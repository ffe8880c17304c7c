"""Pilot tests of the virtual table: it draws only what is on screen, and its keys move, mark, sort and search."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual import events

from tui_ledger.ui.widgets.virtual_host import VirtualTableHost
from tui_ledger.ui.widgets.virtual_keys import GRID_COMMANDS
from tui_ledger.ui.widgets.virtual_list_source import ListRow, ListRowSource
from tui_ledger.ui.widgets.virtual_source import Badge, VirtualCell, VirtualColumn
from tui_ledger.ui.widgets.virtual_table import VirtualTable

ROWS = 10_000
SIZE = (60, 10)
"""60 columns, 10 lines: a header and 9 rows."""


class CountingSource(ListRowSource):
    """Records every window asked for, to prove the table reads only around the screen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked: list[tuple[int, int]] = []

    def window(self, offset: int, limit: int) -> list[ListRow]:
        self.asked.append((offset, limit))
        return super().window(offset, limit)


def make_rows(count: int = ROWS) -> list[ListRow]:
    return [
        ListRow(
            key,
            {"name": f"Org {key % 13:02d}", "amount": (key * 37) % 1000, "ref": f"R{key:05d}"},
            markable=key % 10 != 0,
        )
        for key in range(1, count + 1)
    ]


COLUMNS: tuple[VirtualColumn[ListRow], ...] = (
    VirtualColumn("ref", "Ref", 8, lambda row: VirtualCell(row["ref"])),
    VirtualColumn(
        "name", "Name", 10, lambda row: VirtualCell(row["name"], badge=Badge.USER if row.key % 7 == 0 else None)
    ),
    VirtualColumn("amount", "Amount", 8, lambda row: VirtualCell(str(row["amount"])), align="right"),
    VirtualColumn("wide", "Wide", 30, lambda row: VirtualCell(f"far right {row.key}")),
)


def table_for(source: ListRowSource) -> VirtualTable[ListRow]:
    return VirtualTable(source, COLUMNS)


def screen_lines(table: VirtualTable[Any]) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def painted_lines(pilot: Any) -> list[str]:
    """The screen as last painted by the compositor (Textual's cached lines, not a fresh render)."""
    return ["".join(segment.text for segment in strip) for strip in pilot.app.screen._compositor.render_strips()]


def refs_on_screen(table: VirtualTable[Any]) -> list[str]:
    return [line[table.mark_width :].split()[0] for line in screen_lines(table)[1:] if line.strip()]


async def test_the_first_frame_reads_only_the_rows_on_screen() -> None:
    source = CountingSource(make_rows(), searchable=["name", "ref"])
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert table.row_count == ROWS
        assert table.virtual_size.height == ROWS + 1
        assert source.asked[0] == (0, 64), "the first frame reads one block around the screen"
        assert source.asked[1:] == [((ROWS - 1) // 64 * 64, 64)], "the warm-up then reads the last screen's block"
        lines = screen_lines(table)
        assert lines[0].split()[:3] == ["Ref", "Name", "Amount"]
        assert refs_on_screen(table) == [f"R{key:05d}" for key in range(1, 10)]


async def test_moving_the_cursor_scrolls_and_reads_only_new_blocks() -> None:
    source = CountingSource(make_rows(), searchable=["name"])
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.press("down", "down", "down")
        assert table.cursor_row == 3
        await pilot.press("pagedown")
        assert table.cursor_row == 12
        assert 12 in table.visible_positions()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == ROWS - 1
        assert refs_on_screen(table)[-1] == f"R{ROWS:05d}"
        near_either_end = {0, 64, (ROWS - 2 * 9) // 64 * 64, (ROWS - 1) // 64 * 64}
        assert {offset for offset, _ in source.asked} <= near_either_end, "blocks of the screens shown and next"
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("g", "end")
        assert table.cursor_row == ROWS - 1


async def test_after_the_warm_up_paging_and_jumping_to_the_end_read_nothing_in_the_frame() -> None:
    source = CountingSource(make_rows(), searchable=["name"])
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await pilot.pause()
        asked = list(source.asked)
        table.action_page_down()
        assert refs_on_screen(table) == [f"R{key:05d}" for key in range(3, 12)]
        assert source.asked == asked, "the screen below was read during the warm-up"
        await pilot.pause()
        asked = list(source.asked)
        table.action_bottom()
        assert refs_on_screen(table)[-1] == f"R{ROWS:05d}"
        assert source.asked == asked, "the last screen was read during the warm-up"


async def test_a_new_row_count_resizes_the_scroll_bar_and_hides_it_when_every_row_fits() -> None:
    source = ListRowSource(make_rows(), searchable=["name", "ref"])
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert table.show_vertical_scrollbar
        table.apply_search("org 03")
        await pilot.pause()
        shown = sum(row["name"] == "Org 03" for row in make_rows())
        assert table.virtual_size.height == shown + 1
        assert table.vertical_scrollbar.window_virtual_size == shown + 1, "the scroll bar follows the new count"
        table.apply_search("R00001")
        await pilot.pause()
        assert table.row_count == 1
        assert not table.show_vertical_scrollbar, "one row fits: no scroll bar"
        table.apply_search("")
        await pilot.pause()
        assert table.show_vertical_scrollbar
        assert table.vertical_scrollbar.window_virtual_size == ROWS + 1


async def test_space_s_and_u_mark_and_unmark_but_never_a_locked_row() -> None:
    source = ListRowSource(make_rows(30))
    table = table_for(source)
    posted: list[VirtualTable.MarksChanged] = []

    def hook(message: object) -> None:
        if isinstance(message, VirtualTable.MarksChanged) and not any(seen is message for seen in posted):
            posted.append(message)

    async with VirtualTableHost(table).run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert source.marked_count() == 1
        assert screen_lines(table)[1].startswith(table.glyphs.checked)
        await pilot.press("space")
        assert source.marked_count() == 0
        await pilot.press("s", "s")
        assert source.marked_count() == 2
        assert table.cursor_row == 2
        await pilot.press("up", "u")
        assert source.marked_count() == 1
        table.move_cursor(9)
        await pilot.press("space")
        await pilot.pause()
        assert source.marked_count() == 1, "row 10 is locked (synced)"
        cursor_line = table.cursor_row - int(table.scroll_offset.y) + 1
        assert screen_lines(table)[cursor_line].startswith(table.glyphs.posted)
        assert [message.marked for message in posted] == [1, 0, 1, 2, 1]


class LinkedMarks(ListRowSource):
    """Marking a row marks the next one too, as marking a document marks its lines on the Export screen."""

    def set_marked(self, key: int, marked: bool) -> bool:
        changed = super().set_marked(key, marked)
        super().set_marked(key + 1, marked)
        return changed


async def test_a_mark_that_changes_other_rows_shows_on_them_too() -> None:
    source = LinkedMarks(make_rows(30))
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = screen_lines(table)
        await pilot.press("space")
        await pilot.pause()
        after = screen_lines(table)
        assert after[1].startswith(table.glyphs.checked)
        assert after[2].startswith(table.glyphs.checked), "the next row was marked with it"
        assert after[3:] == before[3:], "the rows the mark did not change look the same"


class GrowingSource(ListRowSource):
    """Rows can be taken away from the front, as an edit elsewhere changes what a view holds."""

    def drop_first(self, count: int) -> None:
        for key in self._order[:count]:
            del self._rows[key]
        self._order = self._order[count:]
        self._view = None


async def test_reload_redraws_every_row_on_screen_when_the_rows_changed_elsewhere() -> None:
    source = GrowingSource(make_rows(100))
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.press("down")
        await pilot.pause()
        assert refs_on_screen(table)[0] == "R00001"
        source.drop_first(2)
        table.reload()
        await pilot.pause()
        assert table.row_count == 98
        assert refs_on_screen(table) == [f"R{key:05d}" for key in range(3, 12)]
        shown = [line[table.mark_width :].split()[0] for line in painted_lines(pilot)[1:9]]
        assert shown == [f"R{key:05d}" for key in range(3, 11)], "what is painted, not only what render_line says"


class PreparingSource(ListRowSource):
    """A source with reading left to do after it opens: records when and on which thread its job ran."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.windows = 0
        self.runs: list[tuple[int, bool]] = []
        """(windows read before the job ran, whether it ran on the event loop's thread)."""

    def window(self, offset: int, limit: int) -> list[ListRow]:
        self.windows += 1
        return super().window(offset, limit)

    def background_preparation(self) -> Callable[[], None] | None:
        if self.runs:
            return None

        def prepare() -> None:
            self.runs.append((self.windows, threading.current_thread() is threading.main_thread()))

        return prepare


async def test_a_source_prepares_once_in_a_worker_thread_after_the_first_frame() -> None:
    source = PreparingSource(make_rows(100))
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert len(source.runs) == 1
        windows_before, on_main_thread = source.runs[0]
        assert windows_before >= 1, "the first rows were read (and drawn) before the preparation started"
        assert not on_main_thread
        await pilot.press("pagedown", "down", "end")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert len(source.runs) == 1, "prepared once, not after every frame"
        other = PreparingSource(make_rows(50))
        table.set_source(other)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        assert len(other.runs) == 1, "a new source is prepared too"


async def test_g_s_marks_every_row_shown_and_g_u_unmarks_them() -> None:
    source = ListRowSource(make_rows(130), searchable=["name"])
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        table.apply_search("org 03")
        await pilot.press("g", "s")
        shown = [row for row in make_rows(130) if row["name"] == "Org 03"]
        assert source.marked_count() == sum(row.markable for row in shown)
        table.apply_search("")
        await pilot.press("g", "u")
        assert source.marked_count() == 0
        await pilot.press("s")
        assert source.marked_count() == 1, "after g then u, s is an ordinary mark again"


class PrefixHandlingHost(VirtualTableHost):
    """A host that handles the grid's `g`-prefixed keys, as the Invoice Lines screen does for `g` then `e`."""

    def __init__(self, table: VirtualTable[Any]) -> None:
        super().__init__(table)
        self.prefixed: list[str] = []

    def on_virtual_table_prefixed_key(self, message: VirtualTable.PrefixedKey) -> None:
        self.prefixed.append(message.key)


async def test_an_unknown_key_after_g_goes_to_the_host_and_does_not_run_its_own_binding() -> None:
    source = ListRowSource(make_rows(30))
    table = table_for(source)
    host = PrefixHandlingHost(table)
    async with host.run_test(size=SIZE) as pilot:
        await pilot.press("g", "e")
        await pilot.press("g", "s")
        await pilot.press("g", "escape", "s")
        await pilot.press("g", "space")
        await pilot.pause()
        assert host.prefixed == ["e", "space"], "g then s is the grid's own; escape cancels the prefix silently"
        assert source.marked_count() == sum(row.markable for row in make_rows(30)), "g s marked all, once"
        assert table.cursor_row == 1, "the s after g-escape marked and moved down; g-space did not toggle a mark"


def type_at_once(app: Any, *characters: str) -> None:
    """Keys that reach the app together, as a fast typist's or a paste's do: all queued before any is handled."""
    for character in characters:
        key = {"/": "slash", " ": "space"}.get(character, character)
        app.post_message(events.Key(key, character))


async def test_g_then_a_key_typed_at_once_still_reads_as_the_prefix() -> None:
    source = ListRowSource(make_rows(30))
    table = table_for(source)
    host = PrefixHandlingHost(table)
    async with host.run_test(size=SIZE) as pilot:
        type_at_once(host, "g", "e", "g", "s")
        await pilot.pause()
        assert host.prefixed == ["e"]
        assert source.marked_count() == sum(row.markable for row in make_rows(30)), "g s marked every line"
        assert table.cursor_row == 0, "s ran as g's follow-up, not as mark-and-move-down"


async def test_a_search_typed_at_once_after_slash_is_all_search_text() -> None:
    source = ListRowSource(make_rows(30))
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        type_at_once(pilot.app, "/", "s", "u", "g")
        await pilot.pause()
        assert table.search_text == "sug"
        assert source.marked_count() == 0, "s and u were letters of the search, not mark and unmark"


async def test_brackets_sort_by_the_cursor_column() -> None:
    source = ListRowSource(make_rows(50))
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "left_square_bracket")
        await pilot.pause()
        amounts = [row["amount"] for row in source.window(0, 50)]
        assert amounts == sorted(amounts)
        assert table.order == ("amount", False)
        assert "Amount ▲" in screen_lines(table)[0]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert [row["amount"] for row in source.window(0, 50)] == sorted(amounts, reverse=True)
        assert "Amount ▼" in screen_lines(table)[0]


async def test_slash_searches_as_you_type_enter_keeps_and_escape_clears() -> None:
    source = ListRowSource(make_rows(200), searchable=["name"])
    table = table_for(source)
    views: list[VirtualTable.ViewChanged] = []

    def hook(message: object) -> None:
        if isinstance(message, VirtualTable.ViewChanged) and not any(seen is message for seen in views):
            views.append(message)

    async with VirtualTableHost(table).run_test(size=SIZE, message_hook=hook) as pilot:
        await pilot.press("slash", "o", "r", "g", "space", "0", "4")
        await pilot.pause()
        assert table.search_text == "org 04"
        assert table.row_count == sum(1 for row in make_rows(200) if row["name"] == "Org 04")
        assert screen_lines(table)[-1].startswith("/org 04")
        assert source.marked_count() == 0
        await pilot.press("backspace")
        assert table.search_text == "org 0"
        await pilot.press("enter")
        await pilot.pause()
        assert table.search_text == "org 0"
        assert not screen_lines(table)[-1].startswith("/")
        await pilot.press("slash", "escape")
        assert table.search_text == ""
        assert table.row_count == 200
        assert views[-1].count == 200


async def test_a_search_that_matches_nothing_says_so() -> None:
    table = table_for(ListRowSource(make_rows(20), searchable=["name"]))
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.press("slash", "z", "z", "enter")
        await pilot.pause()
        assert table.row_count == 0
        assert "No lines match the search." in screen_lines(table)[1]


async def test_quote_shows_marked_rows_only_and_back() -> None:
    source = ListRowSource(make_rows(40))
    table = table_for(source)
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.press("s", "down", "down", "s")
        await pilot.press("quotation_mark")
        await pilot.pause()
        assert table.marked_only
        assert table.row_count == 2
        assert refs_on_screen(table) == ["R00001", "R00004"]
        await pilot.press("quotation_mark")
        assert table.row_count == 40


async def test_horizontal_scrolling_keeps_the_mark_column_fixed() -> None:
    table = table_for(ListRowSource(make_rows(20)))
    async with VirtualTableHost(table).run_test(size=(30, 6)) as pilot:
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert table.cursor_column == 3
        assert table.scroll_offset.x > 0
        lines = screen_lines(table)
        assert "Wide" in lines[0]
        assert lines[1].startswith(table.glyphs.unchecked)
        assert "far right 1" in lines[1]
        await pilot.press("left", "left", "left")
        await pilot.pause()
        assert table.scroll_offset.x == 0
        assert screen_lines(table)[0].split()[0] == "Ref"


async def test_badges_are_drawn_as_short_tags_after_the_value() -> None:
    table = table_for(ListRowSource(make_rows(10)))
    async with VirtualTableHost(table).run_test(size=SIZE) as pilot:
        await pilot.pause()
        line_of_row_7 = screen_lines(table)[7]
        assert "Org 07 USR" in line_of_row_7
        assert "USR" not in screen_lines(table)[6]


def test_every_grid_key_has_an_id_and_a_help_text() -> None:
    ids = [command.id for command in GRID_COMMANDS]
    assert len(ids) == len(set(ids))
    assert all(command.id.startswith("grid.") and command.help for command in GRID_COMMANDS)
    keys = {command.key for command in GRID_COMMANDS}
    assert {"space", "s", "u", "g", "[", "]", "/", '"'} <= keys


def test_a_table_needs_columns() -> None:
    with pytest.raises(ValueError, match="at least one column"):
        VirtualTable(ListRowSource([]), [])
