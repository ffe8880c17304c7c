"""The virtual table's keys: VisiData's row grammar (DESIGN.md §8), each binding with a remappable id.

`space` toggles a mark, `s`/`u` mark/unmark and move down, `g` then `s`/`u` marks/unmarks every row shown,
`[`/`]` sort by the cursor's column, `/` searches as you type, `"` shows marked rows only. The key after `g` is
not a Textual binding (Textual binds single keys), so `AFTER_G` names the action each follow-up key runs; any
other key after `g` is posted to the host screen as `VirtualTable.PrefixedKey` (e.g. `g` then `e`: Bulk Update).
"""

from __future__ import annotations

from tui_ledger.ui.keymap import Command

GRID_COMMANDS: tuple[Command, ...] = (
    Command("grid.up", "cursor_up", "Up", "Move to the line above", "up", show=False),
    Command("grid.down", "cursor_down", "Down", "Move to the line below", "down", show=False),
    Command("grid.left", "cursor_left", "Left", "Move to the column on the left", "left", show=False),
    Command("grid.right", "cursor_right", "Right", "Move to the column on the right", "right", show=False),
    Command("grid.page_up", "page_up", "Page up", "Move one screen up", "pageup", show=False),
    Command("grid.page_down", "page_down", "Page down", "Move one screen down", "pagedown", show=False),
    Command("grid.top", "top", "Top", "Jump to the first line", "home", show=False),
    Command("grid.bottom", "bottom", "End", "Jump to the last line", "end", show=False),
    Command("grid.toggle_mark", "toggle_mark", "Mark", "Mark or unmark the line under the cursor", "space"),
    Command("grid.mark", "mark", "Mark", "Mark the line and move down", "s", show=False),
    Command("grid.unmark", "unmark", "Unmark", "Unmark the line and move down", "u", show=False),
    Command("grid.all", "all_prefix", "All", "g then s marks every line shown; g then u unmarks them", "g"),
    Command("grid.sort_ascending", "sort(False)", "Sort", "Sort by the cursor's column, ascending", "["),
    Command("grid.sort_descending", "sort(True)", "Sort desc", "Sort by the cursor's column, descending", "]"),
    Command("grid.search", "start_search", "Search", "Type to show only matching lines", "/"),
    Command("grid.marked_only", "toggle_marked_only", "Marked only", "Show only marked lines, or all again", '"'),
)
"""The grid's actions; ids are what a user remaps in config.toml's [keys]."""

AFTER_G: dict[str, str] = {
    "s": "mark_all",
    "u": "unmark_all",
    "home": "top",
    "end": "bottom",
}
"""The key pressed after `g` and the action it runs: VisiData's "all" forms."""
