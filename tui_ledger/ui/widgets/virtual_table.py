"""The big grid: a table over any number of rows that draws only the lines on screen (DESIGN.md §8).

Textual's DataTable keeps every row (and its rendered cells) in memory; at a million invoice lines that is
gigabytes and seconds per sort. `VirtualTable` keeps none: it is a line-API `ScrollView` whose virtual height
is the row count, and `render_line` asks a `RowWindow` for the row at that position, which reads blocks of rows
from a `RowSource` (SQLite windows, for invoice lines) around the viewport. Sorting, searching and marking are
requests to the source; the widget only re-counts and redraws.

What it draws: a fixed header row, a fixed mark column (check box glyph, or the posted glyph for rows that may
not be marked), the columns scrolled horizontally, a row cursor with a cell cursor, badges as short tags, and
while searching a prompt on the bottom line. Colours come from component classes, so themes apply.

Keys follow VisiData's row grammar (see `virtual_keys`); while searching, typed keys edit the search (Enter
keeps it, Escape clears it). Column positions and text fitting live in `virtual_layout`.

Speed: a key's frame should cost little more than Textual's own repaint. Drawn lines are kept per row,
cursor cell and horizontal scroll (`virtual_lines`); a cursor move repaints the two lines that changed. A mark
reads the rows on screen again (marking a row may change others: a document marks its lines) and draws again
only those whose content changed.
After each painted frame the table *warms up*: in a worker of its own it reads and draws the lines the next
keys are likely to show (the cursor's next places, the screens above and below, the first and last screens),
giving way to the event loop every few lines so that a key pressed meanwhile is not kept waiting. Paging and
jumping to the end then find their lines drawn already; only sort and search, whose lines cannot be known ahead,
draw in the frame. A source that can count in the background (`CountsInBackground`) is not waited for: the
first rows are drawn at once, `count_pending` is True and the count reads "counting…" until it arrives, then
`ViewChanged` is posted again with the final count. A key that needs the count (End, paging past the rows
known) counts at once. A source that opens before reading all that later keys need (`PreparesInBackground`:
the invoice lines read a search's texts later) reads the rest in a worker thread after the first frame.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import ClassVar, Generic

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_ledger.ui.glyphs import Glyphs, glyphs_for
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.widgets.virtual_keys import AFTER_G, GRID_COMMANDS
from tui_ledger.ui.widgets.virtual_layout import SEPARATOR, ColumnLayout, fit
from tui_ledger.ui.widgets.virtual_lines import DrawnLines, joined, lines_to_warm
from tui_ledger.ui.widgets.virtual_source import (
    Badge,
    CountJob,
    CountsInBackground,
    PreparesInBackground,
    RowSource,
    RowT,
    VirtualCell,
    VirtualColumn,
)
from tui_ledger.ui.widgets.virtual_window import BLOCK_SIZE, RowWindow

MODE_ACTIONS = frozenset({"all_prefix", "start_search"})
"""The grid's actions that change how the following keys are read: `g` (all) and `/` (search)."""

TONES = ("error", "posted", "ready", "running", "muted")
"""Cell tones a column may ask for; each is a component class `virtual-table--<tone>`."""

KEPT_SCREENS_OF_LINES = 8
"""Drawn lines kept, in screens: the screen, the four the warm-up prepares, and some just left."""

WARM_UP_STEP = 8
"""Lines the warm-up draws before giving way to the event loop (about a millisecond of work)."""

WARM_UP_WAITS = 3
"""Times the warm-up waits for the next refresh when the change it follows is not painted yet."""


class _CountArrived(Message, bubble=False):
    """A background count answered: `count` rows in the view of `generation`."""

    def __init__(self, generation: int, count: int) -> None:
        super().__init__()
        self.generation = generation
        self.count = count


class VirtualTable(ScrollView, Generic[RowT], can_focus=True):
    """A virtual table over a `RowSource` (see the module docstring)."""

    BINDINGS: ClassVar = bindings_for(GRID_COMMANDS)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--header-sorted",
        "virtual-table--cursor",
        "virtual-table--cursor-cell",
        "virtual-table--mark",
        "virtual-table--marked",
        "virtual-table--locked",
        "virtual-table--badge-system",
        "virtual-table--badge-user",
        "virtual-table--search",
        "virtual-table--empty",
        *(f"virtual-table--{tone}" for tone in TONES),
    }

    DEFAULT_CSS = """
    VirtualTable {
        height: 1fr;
        background: $surface;
        color: $foreground;
    }
    VirtualTable > .virtual-table--header { background: $panel; color: $foreground; text-style: bold; }
    VirtualTable > .virtual-table--header-sorted { background: $panel; color: $accent; text-style: bold; }
    VirtualTable > .virtual-table--cursor { background: $primary 20%; }
    VirtualTable:focus > .virtual-table--cursor { background: $primary 35%; }
    VirtualTable > .virtual-table--cursor-cell { background: $primary 60%; color: $text; }
    VirtualTable > .virtual-table--mark { color: $accent; }
    VirtualTable > .virtual-table--marked { background: $accent 15%; }
    VirtualTable > .virtual-table--locked { color: $text-muted; }
    VirtualTable > .virtual-table--badge-system { color: $status-system-updated; text-style: bold; }
    VirtualTable > .virtual-table--badge-user { color: $status-user-updated; text-style: bold; }
    VirtualTable > .virtual-table--search { background: $boost; color: $accent; text-style: bold; }
    VirtualTable > .virtual-table--empty { color: $text-muted; text-style: italic; }
    VirtualTable > .virtual-table--error { color: $status-error; }
    VirtualTable > .virtual-table--posted { color: $status-posted; }
    VirtualTable > .virtual-table--ready { color: $status-ready; }
    VirtualTable > .virtual-table--running { color: $status-running; }
    VirtualTable > .virtual-table--muted { color: $text-muted; }
    """

    class ViewChanged(Message):
        """The rows shown changed (sort, search, marked only, reload): `count` rows now.

        With `pending` the count is still being counted and `count` is only the rows known so far; another
        `ViewChanged` follows with the final count.
        """

        def __init__(self, table: VirtualTable, count: int, pending: bool = False) -> None:
            super().__init__()
            self.table = table
            self.count = count
            self.pending = pending

        @property
        def control(self) -> VirtualTable:
            return self.table

    class MarksChanged(Message):
        """Marks changed; `marked` rows are marked in the whole source (not only in the view)."""

        def __init__(self, table: VirtualTable, marked: int) -> None:
            super().__init__()
            self.table = table
            self.marked = marked

        @property
        def control(self) -> VirtualTable:
            return self.table

    class CursorMoved(Message):
        """The cursor is on row `position` of the view."""

        def __init__(self, table: VirtualTable, position: int) -> None:
            super().__init__()
            self.table = table
            self.position = position

        @property
        def control(self) -> VirtualTable:
            return self.table

    class PrefixedKey(Message):
        """`g` then `key`, where `key` is not one of the grid's own follow-ups (`AFTER_G`): the host's to handle.

        VisiData's `g` prefix means "the same, for all/marked rows", and some of those forms belong to the screen,
        not the grid (on Invoice Lines, `g` then `e` is Bulk Update of the marked lines). The grid cannot know
        them, so it posts this message (it bubbles) and swallows the key, so that `e` alone does not also run.
        A screen handles it in `on_virtual_table_prefixed_key` and looks at `key` (Textual's key name, e.g.
        "e", "ctrl+d"). Escape after `g` only cancels the prefix and posts nothing.
        """

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> VirtualTable:
            return self.table

    def __init__(
        self,
        source: RowSource[RowT],
        columns: Sequence[VirtualColumn[RowT]],
        *,
        glyphs: Glyphs | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._layout = ColumnLayout(columns)
        self._columns = self._layout.columns
        self._glyphs = glyphs
        self._source = source
        self._window: RowWindow[RowT] = RowWindow(source)
        self._count = 0
        self._cursor_row = 0
        self._cursor_column = 0
        self._order: tuple[int, bool] | None = None
        self._search_text = ""
        self._searching = False
        self._marked_only = False
        self._prefix_armed = False
        self._strips: DrawnLines[RowT] = DrawnLines(KEPT_SCREENS_OF_LINES * 16)
        self._header: tuple[tuple[object, ...], Strip] | None = None
        self._style_cache: dict[str, Style] = {}
        self._warm_up_pending = False
        self._changes = 0
        self._painted_changes = 0
        self._view_generation = 0
        self._counting: CountJob | None = None
        self._count_started = False
        self._preparation_started = False

    # -- public API -----------------------------------------------------------------------------------------

    @property
    def source(self) -> RowSource[RowT]:
        return self._source

    @property
    def columns(self) -> tuple[VirtualColumn[RowT], ...]:
        return self._columns

    @property
    def row_count(self) -> int:
        """Rows in the view; while `count_pending`, only the rows known so far."""
        return self._count

    @property
    def count_pending(self) -> bool:
        """The view's count is being counted in the background (`row_count` is not final yet)."""
        return self._counting is not None

    @property
    def cursor_row(self) -> int:
        return self._cursor_row

    @property
    def cursor_column(self) -> int:
        return self._cursor_column

    @property
    def search_text(self) -> str:
        return self._search_text

    @property
    def marked_only(self) -> bool:
        return self._marked_only

    @property
    def order(self) -> tuple[str, bool] | None:
        """The sort column's key and whether it is descending, or None for the source's natural order."""
        if self._order is None:
            return None
        index, descending = self._order
        return self._columns[index].key, descending

    @property
    def window(self) -> RowWindow[RowT]:
        return self._window

    @property
    def current_row(self) -> RowT | None:
        return self._window.row(self._cursor_row) if self._count else None

    def set_source(self, source: RowSource[RowT]) -> None:
        """Show another source (another period); sort, search and marked-only are applied to it."""
        self._source = source
        self._window = RowWindow(source)
        self._preparation_started = False
        if self._order is not None:
            index, descending = self._order
            source.sort(self._columns[index].key, descending)
        source.search(self._search_text)
        source.show_marked_only(self._marked_only)
        self._view_changed(keep_cursor=False)

    def reload(self) -> None:
        """Re-read the source after its rows changed elsewhere (an edit, a sync), keeping the cursor."""
        self._view_changed(keep_cursor=True)

    def apply_search(self, text: str) -> None:
        """Show only rows matching `text` (blank shows all); what `/` typing does, for a screen's search box."""
        self._search_text = text
        self._source.search(text)
        self._view_changed(keep_cursor=False)

    def sort_by(self, column_key: str | None, descending: bool = False) -> None:
        """Sort by the column with this key (None: the source's natural order)."""
        if column_key is None:
            self._order = None
        else:
            self._order = (self._layout.index_of(column_key), descending)
        self._source.sort(column_key, descending)
        self._view_changed(keep_cursor=False)

    def show_marked_only(self, on: bool) -> None:
        self._marked_only = on
        self._source.show_marked_only(on)
        self._view_changed(keep_cursor=False)

    def move_cursor(self, position: int) -> None:
        """Put the cursor on row `position` of the view (clamped) and scroll it into sight.

        A move inside the screen repaints the two lines that changed; a move that scrolls repaints all (the
        scroll itself asks for that; a second full refresh would only throw Textual's line cache away twice).
        """
        if self._counting is not None and position >= self._count - 1:
            self._settle_count()
        previous = self._cursor_row
        self._cursor_row = max(0, min(position, self._count - 1))
        area = self._rows_area()
        top = int(self.scroll_offset.y)
        if self._cursor_row < top:
            top = self._cursor_row
        elif self._cursor_row >= top + area:
            top = self._cursor_row - area + 1
        if top == int(self.scroll_offset.y):
            self._refresh_rows({previous, self._cursor_row})
        else:
            self.scroll_to(y=top, animate=False)
            if int(self.scroll_offset.y) != top:
                self.refresh()
        self._schedule_warm_up()
        self.post_message(self.CursorMoved(self, self._cursor_row))

    def move_to_column(self, column_key: str) -> None:
        """Put the cell cursor on the column with this key, scrolling it into sight."""
        self._move_column(self._layout.index_of(column_key))

    def visible_positions(self) -> range:
        """Positions of the rows currently on screen."""
        top = int(self.scroll_offset.y)
        return range(top, min(top + self._rows_area(), self._count))

    # -- Textual hooks --------------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if hasattr(self.app, "glyphs") and self._glyphs is None:
            self.watch(self.app, "glyphs", self._glyphs_changed, init=False)
        self._view_changed(keep_cursor=False)

    def on_unmount(self) -> None:
        self._cancel_count()

    def notify_style_update(self) -> None:
        self._style_cache.clear()
        self._forget_drawn_lines()
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._update_virtual_size()
        self._schedule_warm_up()

    async def on_key(self, event: events.Key) -> None:
        """Typing while searching, and the key after `g`, are handled here before any binding sees them.

        After `g`, the grid's own follow-ups (`AFTER_G`) run here; any other key goes to the host screen as a
        `PrefixedKey` message. Either way the key is consumed, so it never also runs its un-prefixed binding.
        """
        if self._searching:
            if self._search_key(event):
                event.stop()
                event.prevent_default()
            return
        action = None if self._prefix_armed else self._own_action(event.key)
        if action in MODE_ACTIONS:
            # Run `g` or `/` here, not when the key's binding is reached after the event bubbled to the app: keys
            # that arrive together (a fast typist, a paste, `ge` read in one go) are queued on this widget first,
            # so the next key would be handled before a binding had armed the prefix or opened the search.
            event.stop()
            event.prevent_default()
            getattr(self, f"action_{action}")()
            return
        if self._prefix_armed:
            self._prefix_armed = False
            event.stop()
            event.prevent_default()
            action = AFTER_G.get(event.key)
            if action is not None:
                getattr(self, f"action_{action}")()
            elif event.key != "escape":
                self.post_message(self.PrefixedKey(self, event.key))

    def _own_action(self, key: str) -> str | None:
        """The action this grid binds `key` to, after the user's `[keys]` remapping; None when it binds nothing."""
        bindings = self._bindings.copy()
        if self.app._keymap:
            bindings.apply_keymap(self.app._keymap)
        found = bindings.key_to_bindings.get(key)
        return found[0].action if found else None

    def render_line(self, y: int) -> Strip:
        self._painted_changes = self._changes
        width = self.size.width
        if y == 0:
            return self._header_strip(width)
        if self._searching and y == self.size.height - 1:
            return self._search_strip(width)
        position = int(self.scroll_offset.y) + y - 1
        if position >= self._count:
            if self._count == 0 and y == 1:
                return self._empty_strip(width)
            return Strip.blank(width, self._style("base"))
        row = self._window.row(position)
        if row is None:
            return Strip.blank(width, self._style("base"))
        return self._row_strip(row, position == self._cursor_row, width)

    # -- actions ----------------------------------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor_row - self._rows_area())

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor_row + self._rows_area())

    def action_top(self) -> None:
        self.move_cursor(0)

    def action_bottom(self) -> None:
        self._settle_count()
        self.move_cursor(self._count - 1)

    def action_cursor_left(self) -> None:
        self._move_column(self._cursor_column - 1)

    def action_cursor_right(self) -> None:
        self._move_column(self._cursor_column + 1)

    def action_toggle_mark(self) -> None:
        row = self.current_row
        if row is not None:
            self._set_mark(row, not row.marked)

    def action_mark(self) -> None:
        row = self.current_row
        if row is not None:
            self._set_mark(row, True)
            self.move_cursor(self._cursor_row + 1)

    def action_unmark(self) -> None:
        row = self.current_row
        if row is not None:
            self._set_mark(row, False)
            self.move_cursor(self._cursor_row + 1)

    def action_all_prefix(self) -> None:
        self._prefix_armed = True

    def action_mark_all(self) -> None:
        self._mark_all(True)

    def action_unmark_all(self) -> None:
        self._mark_all(False)

    def action_sort(self, descending: bool) -> None:
        column = self._columns[self._cursor_column]
        if not column.sortable:
            self.notify(f"{column.title} cannot be sorted", severity="warning")
            return
        self.sort_by(column.key, descending)

    def action_start_search(self) -> None:
        self._searching = True
        self._update_virtual_size()
        self.refresh()

    def action_toggle_marked_only(self) -> None:
        self.show_marked_only(not self._marked_only)

    # -- behaviour --------------------------------------------------------------------------------------------

    def _search_key(self, event: events.Key) -> bool:
        """Edit the search; True when the key was used."""
        if event.key == "escape":
            self._searching = False
            self.apply_search("")
        elif event.key == "enter":
            self._searching = False
            self._update_virtual_size()
            self.refresh()
            self._schedule_warm_up()
        elif event.key == "backspace":
            self.apply_search(self._search_text[:-1])
        elif event.is_printable and event.character:
            self.apply_search(self._search_text + event.character)
        else:
            return False
        return True

    def _set_mark(self, row: RowT, marked: bool) -> None:
        if marked and not row.markable:
            self.notify("This line is synced: it cannot be marked.", severity="warning")
            return
        if not self._source.set_marked(row.key, marked):
            return
        if self._marked_only:
            self._view_changed(keep_cursor=True)
        else:
            self._window.forget()
            self.refresh()
            self._schedule_warm_up()
        self.post_message(self.MarksChanged(self, self._source.marked_count()))

    def _mark_all(self, marked: bool) -> None:
        self._source.mark_all(marked)
        self._view_changed(keep_cursor=True)
        self.post_message(self.MarksChanged(self, self._source.marked_count()))

    def _view_changed(self, keep_cursor: bool) -> None:
        self._view_generation += 1
        self._cancel_count()
        self._window.forget()
        self._forget_drawn_lines()
        job = None if keep_cursor else self._background_count()
        if job is None:
            self._count = self._source.count()
        else:
            self._count = self._window.rows_up_to(BLOCK_SIZE)
            if self._count < BLOCK_SIZE:
                job.cancel()
            else:
                self._counting, self._count_started = job, False
        self._update_virtual_size()
        if keep_cursor:
            self.move_cursor(self._cursor_row)
        else:
            self._cursor_row = 0
            self.scroll_to(y=0, animate=False)
            self._schedule_warm_up()
        self.refresh()
        self.post_message(self.ViewChanged(self, self._count, pending=self._counting is not None))

    # -- counting in the background -------------------------------------------------------------------------------

    def _background_count(self) -> CountJob | None:
        if self.is_mounted and isinstance(self._source, CountsInBackground):
            return self._source.background_count()
        return None

    def _start_count(self, job: CountJob) -> None:
        """Run `job` in a worker thread; its answer comes back as a message to this table's own task.

        Started once the frame showing the first rows is painted (with the warm-up), so that on a busy machine
        the count never competes with drawing that frame.
        """
        self._count_started = True
        generation = self._view_generation

        def count() -> None:
            counted = job()
            if counted is not None:
                self.post_message(_CountArrived(generation, counted))

        self.run_worker(count, name="count", group="count", thread=True, exclusive=True)

    def _start_preparation(self) -> None:
        """Run the source's background preparation once, in a worker thread, after the first painted frame.

        The source opened without reading everything (the invoice lines' texts, which only a search needs in
        full), so that the first frame came sooner; the rest is read while the user looks at it.
        """
        self._preparation_started = True
        if isinstance(self._source, PreparesInBackground):
            job = self._source.background_preparation()
            if job is not None:
                self.run_worker(job, name="prepare", group="prepare", thread=True)

    @on(_CountArrived)
    def _count_arrived(self, message: _CountArrived) -> None:
        if message.generation != self._view_generation or self._counting is None:
            return
        self._counting = None
        self._count = self._source.count()
        self._update_virtual_size()
        self.refresh()
        self._schedule_warm_up()
        self.post_message(self.ViewChanged(self, self._count))

    def _settle_count(self) -> None:
        """Count now (a key needs the final count before the background count answered)."""
        if self._counting is None:
            return
        self._cancel_count()
        self._count = self._source.count()
        self._update_virtual_size()
        self.refresh()
        self.post_message(self.ViewChanged(self, self._count))

    def _cancel_count(self) -> None:
        if self._counting is not None:
            self._counting.cancel()
            self._counting = None

    def _move_column(self, index: int) -> None:
        self._cursor_column = max(0, min(index, len(self._columns) - 1))
        start, end = self._layout.span(self._cursor_column)
        visible = max(1, self.size.width - self.mark_width)
        left = int(self.scroll_offset.x)
        if start < left or end - start > visible:
            left = start
        elif end > left + visible:
            left = end - visible
        self.scroll_to(x=left, animate=False)
        self.refresh()
        self._schedule_warm_up()

    def _glyphs_changed(self) -> None:
        self._forget_drawn_lines()
        self._update_virtual_size()
        self.refresh()

    def _refresh_rows(self, positions: Iterable[int]) -> None:
        """Repaint only the lines of these view positions (those on screen)."""
        top = int(self.scroll_offset.y)
        width = self.size.width
        self.refresh(*(Region(0, position - top + 1, width, 1) for position in positions if position >= top))

    def _forget_drawn_lines(self) -> None:
        self._strips.clear()
        self._header = None

    def _update_virtual_size(self) -> None:
        """The scrollable size: every row, the header, and the search line while searching.

        Setting `virtual_size` makes Textual lay out the whole screen again, which costs a search keystroke
        about as much as drawing the grid. A new row count never changes the table's own size; it changes the
        layout only when the vertical scroll bar appears or goes. Otherwise only the scroll bars are updated
        (`_scroll_update`, what Textual's own size update does) and the layout pass is skipped.
        """
        extra_lines = 2 if self._searching else 1
        size = Size(self.mark_width + self._layout.width, self._count + extra_lines)
        old = self.virtual_size
        keeps_scroll_bars = (
            self.is_mounted and size.width == old.width and min(size.height, old.height) > self.size.height > 0
        )
        if size == old:
            return
        if keeps_scroll_bars:
            self.set_reactive(VirtualTable.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def _rows_area(self) -> int:
        return max(1, self.size.height - (2 if self._searching else 1))

    # -- warm-up: reading and drawing ahead of the keys ------------------------------------------------------------

    def _schedule_warm_up(self) -> None:
        """Warm up once the coming frame is painted (one warm-up however many changes this frame had)."""
        self._changes += 1
        if not self._warm_up_pending and self.is_mounted:
            self._warm_up_pending = True
            self.call_after_refresh(self._start_warm_up, WARM_UP_WAITS)

    def _start_warm_up(self, waits: int) -> None:
        """Run the warm-up as a worker: its own task, so the screen keeps handling messages and painting meanwhile.

        `call_after_refresh` may call back before the frame is painted (when the screen had not yet heard that
        this table needs repainting), so until `render_line` has drawn the latest change it waits for the next
        refresh again, a few times at most (a table on a hidden screen is not drawn). A newer warm-up cancels
        the one still running (same group, exclusive).
        """
        if self._painted_changes != self._changes and waits:
            self.call_after_refresh(self._start_warm_up, waits - 1)
            return
        self._warm_up_pending = False
        if self._counting is not None and not self._count_started:
            self._start_count(self._counting)
        if not self._preparation_started:
            self._start_preparation()
        self.run_worker(self._warm_up(), name="warm-up", group="warm-up", exclusive=True)

    async def _warm_up(self) -> None:
        """Read and draw the lines the next keys are likely to show (see the module docstring).

        Every `WARM_UP_STEP` lines it gives way to the event loop; if the view, the scroll position or the cursor
        changed meanwhile, it stops, as the change scheduled a warm-up of its own. While the search prompt is
        open the first and last screens are left out: each keystroke changes the view, and reading the end of a
        filtered, sorted view may cost more than the keystroke itself.
        """
        state = self._warm_state()
        warm = lines_to_warm(
            self._count,
            self._rows_area(),
            int(self.scroll_offset.y),
            self._cursor_row,
            with_ends=not self._searching and self._counting is None,
        )
        for positions, on_cursor in warm:
            for step in range(0, len(positions), WARM_UP_STEP):
                await asyncio.sleep(0)
                if self._warm_state() != state:
                    return
                width = self.size.width
                for position in positions[step : step + WARM_UP_STEP]:
                    row = self._window.row(position)
                    if row is not None:
                        self._row_strip(row, on_cursor, width)

    def _warm_state(self) -> tuple[int, int, int, float, float, int]:
        x, y = self.scroll_offset
        return self._view_generation, self._cursor_row, self._cursor_column, x, y, self.size.width

    # -- drawing ------------------------------------------------------------------------------------------------

    @property
    def glyphs(self) -> Glyphs:
        if self._glyphs is not None:
            return self._glyphs
        app_glyphs = getattr(self.app, "glyphs", None)
        return app_glyphs if isinstance(app_glyphs, Glyphs) else glyphs_for(True)

    @property
    def mark_width(self) -> int:
        """Cells taken by the fixed mark column (its glyph and a space)."""
        glyphs = self.glyphs
        return max(cell_len(glyphs.checked), cell_len(glyphs.unchecked), cell_len(glyphs.posted)) + 1

    def _style(self, name: str) -> Style:
        """A component class's style (`base`: the widget's own), read once until the styles change."""
        style = self._style_cache.get(name)
        if style is None:
            style = self.rich_style if name == "base" else self.get_component_rich_style(f"virtual-table--{name}")
            self._style_cache[name] = style
        return style

    def _header_strip(self, width: int) -> Strip:
        """The column titles, drawn again only when the sort, marked-only, width or horizontal scroll changed."""
        state = (self._order, self._marked_only, width, int(self.scroll_offset.x))
        if self._header is not None and self._header[0] == state:
            return self._header[1]
        header = self._style("header")
        sorted_style = self._style("header-sorted")
        arrows = ("▲", "▼") if self.glyphs.is_unicode else ("^", "v")
        segments: list[Segment] = []
        for index, column in enumerate(self._columns):
            title = column.title
            style = header
            if self._order is not None and self._order[0] == index:
                title = f"{title} {arrows[1] if self._order[1] else arrows[0]}"
                style = sorted_style
            if index:
                segments.append(Segment(SEPARATOR, header))
            segments.append(Segment(fit(title, column.width, column.align, self.glyphs.ellipsis), style))
        marker = self.glyphs.checked if self._marked_only else ""
        mark = Segment(set_cell_size(marker, self.mark_width), header)
        strip = self._assemble_line(mark, Strip(segments, self._layout.width), width, header)
        self._header = (state, strip)
        return strip

    def _row_strip(self, row: RowT, on_cursor: bool, width: int) -> Strip:
        """One row's line: cached by row, cursor cell and horizontal scroll, drawn only when one of them changed.

        The row itself is part of the check (see `DrawnLines`): a row read again with a change is drawn again.
        """
        left = int(self.scroll_offset.x)
        cache_key = (row.key, self._cursor_column if on_cursor else -1, left, width)
        cached = self._strips.get(cache_key, row)
        if cached is not None:
            return cached
        base = self._row_style(row, on_cursor)
        glyphs = self.glyphs
        glyph = glyphs.checked if row.marked else glyphs.unchecked if row.markable else glyphs.posted
        mark = Segment(set_cell_size(glyph, self.mark_width), base + self._style("mark"))
        strip = self._assemble_line(mark, self._row_data(row, on_cursor, left, width), width, base)
        self._strips.capacity = KEPT_SCREENS_OF_LINES * max(self.size.height, 16)
        self._strips.put(cache_key, row, strip)
        return strip

    def _row_style(self, row: RowT, on_cursor: bool) -> Style:
        style = self._style("base")
        if not row.markable:
            style += self._style("locked")
        if row.marked:
            style += self._style("marked")
        if on_cursor:
            style += self._style("cursor")
        return style

    def _row_data(self, row: RowT, on_cursor: bool, left: int, width: int) -> Strip:
        """The cells of the columns in sight only (a row has twenty-odd columns, a screen shows a handful)."""
        base = self._row_style(row, on_cursor)
        cursor_cell = self._style("cursor-cell")
        ellipsis = self.glyphs.ellipsis
        first, last = self._layout.in_sight(left, width - self.mark_width)
        offset = self._layout.starts[first]
        segments: list[Segment] = [Segment(" " * offset, base)] if offset else []
        for index in range(first, last + 1):
            column = self._columns[index]
            if index > first:
                segments.append(Segment(SEPARATOR, base))
            style = base + cursor_cell if on_cursor and index == self._cursor_column else base
            segments.extend(self._cell_segments(column.cell(row), column, style, ellipsis))
        return Strip(segments, self._layout.span(last)[1])

    def _cell_segments(
        self, cell: VirtualCell, column: VirtualColumn[RowT], style: Style, ellipsis: str
    ) -> list[Segment]:
        tone = style + self._style(cell.tone) if cell.tone in TONES else style
        if cell.badge is None:
            return [Segment(fit(cell.text, column.width, column.align, ellipsis), tone)]
        tag = cell.badge.value
        badge = self._style("badge-user" if cell.badge is Badge.USER else "badge-system")
        text_width = max(column.width - len(tag) - 1, 0)
        return [
            Segment(fit(cell.text, text_width, column.align, ellipsis), tone),
            Segment(" ", style),
            Segment(tag[: column.width], style + badge),
        ]

    def _assemble_line(self, mark: Segment, data: Strip, width: int, fill: Style) -> Strip:
        """The fixed mark column, then the data scrolled horizontally, cut or padded to the widget's width.

        Neighbouring plain segments of one style are joined (see `joined`): a line drawn once then costs each
        later frame less.
        """
        left = int(self.scroll_offset.x)
        visible = max(width - mark.cell_length, 0)
        scrolled = data.crop_extend(left, left + visible, fill)
        return joined(Strip([mark, *scrolled], mark.cell_length + visible).crop(0, width))

    def _search_strip(self, width: int) -> Strip:
        style = self._style("search")
        prompt = f"/{self._search_text}▏" if self.glyphs.is_unicode else f"/{self._search_text}_"
        matching = "counting…" if self._counting is not None else f"{self._count:,} matching"
        summary = f"{matching}  (Enter keeps, Esc clears)"
        gap = max(width - cell_len(prompt) - cell_len(summary), 1)
        return Strip([Segment(set_cell_size(prompt + " " * gap + summary, width), style)], width)

    def _empty_strip(self, width: int) -> Strip:
        text = "No lines match the search." if self._search_text else "No lines to show."
        if self._marked_only and not self._search_text:
            text = "No marked lines."
        return Strip([Segment(set_cell_size("  " + text, width), self._style("base") + self._style("empty"))], width)
