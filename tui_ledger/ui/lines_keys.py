"""The keys of the invoice-lines screens: Invoice Lines, its cards and questions, Mapping and System Logs.

Kept apart from `keymap.py` (the shell's table), as the export and batches workflows keep theirs, so these screens
own their actions. Every command has an id (`<scope>.<action>`) the user can remap in config.toml's `[keys]`;
`LINES_FLOW_COMMANDS` lists them all for the keymap's registry. Default keys follow the desk's rules: letters,
digits, F-keys, ctrl and named keys; in the grid the VisiData row grammar of `virtual_keys` applies as well
(`space` mark, `g` then `s` mark all, `[` / `]` sort, `/` search, `"` marked only).

The one-key questions (sync, undo, accept suggestions, remove a mapping) use the desk's shared `confirm.*` keys.
"""

from __future__ import annotations

from tui_ledger.ui.keymap import Command

LINES_COMMANDS: tuple[Command, ...] = (
    Command(
        "lines.load",
        "load_invoices",
        "Load Invoices",
        "Fetch fresh invoice lines from the platform for the current month, the previous month, or both",
        "f5",
    ),
    Command(
        "lines.show_period",
        "focus_periods",
        "Show invoices",
        "Choose which loaded period the grid shows (periods loaded before, up to 15 months back)",
        "f6",
        show=False,
    ),
    Command(
        "lines.search",
        "focus_search",
        "Search",
        "Search Organization Name, Organization Reference #, Offer Name, Billing Cycle and Commitment Term",
        "f2",
        show=False,
    ),
    Command("lines.grid", "focus_grid", "Grid", "Move to the invoice lines", "f3", show=False),
    Command(
        "lines.edit",
        "edit_line",
        "Edit",
        "Edit the line under the cursor: PSA organization, agreement, product and charge dates",
        "e",
    ),
    Command(
        "lines.bulk_update",
        "bulk_update",
        "Bulk Update",
        "Set the charge dates or the agreement of every marked line at once (also g then e in the grid)",
        "f7",
    ),
    Command(
        "lines.sync",
        "sync",
        "Sync to PSA",
        "Post every mapped line (or only the marked ones) to ConnectWise as Agreement Additions",
        "f8",
    ),
    Command(
        "lines.sync_line",
        "sync_line",
        "Sync line",
        "Sync Invoice Line: post the line under the cursor to ConnectWise now (mapped lines not yet synced)",
        "ctrl+u",
        show=False,
    ),
    Command(
        "lines.undo_sync",
        "undo_sync",
        "Undo last sync",
        "Roll the period's latest sync run back in ConnectWise and set its lines to Not Synced again",
        "f9",
        show=False,
    ),
    Command("lines.stop", "stop", "Stop", "Stop the running load or sync; what is done stays done", "escape"),
    Command("lines.line_log", "line_log", "Line log", "System Logs of the line under the cursor", "l"),
    Command("lines.column_info", "column_info", "About column", "What the column under the cursor shows", "i"),
    Command("lines.next_page", "next_page", "Next page", "Jump to the first line of the next page", "n", show=False),
    Command(
        "lines.previous_page",
        "previous_page",
        "Previous page",
        "Jump to the first line of the previous page",
        "p",
        show=False,
    ),
    Command(
        "lines.go_to_page", "go_to_page", "Go to page", "Type the number of the page to show", "ctrl+g", show=False
    ),
)

BULK_UPDATE_AFTER_G = "e"
"""`g` then `e` in the grid is Bulk Update of the marked lines: VisiData's `ge`, "edit, for every marked row", next
to `e` that edits one line. Like the grid's own `g` follow-ups (`virtual_keys.AFTER_G`) it is fixed; `F7`, the
remappable binding of the same action, stays."""

LOAD_COMMANDS: tuple[Command, ...] = (
    Command("load.load", "load", "Load", "Load the chosen months from the platform", "ctrl+s"),
    Command("load.cancel", "cancel", "Cancel", "Close without loading anything", "escape"),
    Command("load.next", "next_field", "Next", "Move to the next month, field or button", "down", show=False),
    Command(
        "load.previous", "previous_field", "Previous", "Move to the previous month, field or button", "up", show=False
    ),
)

EDIT_LINE_COMMANDS: tuple[Command, ...] = (
    Command("edit.save", "save", "Save", "Save the line (its changes become the defaults for new lines)", "ctrl+s"),
    Command("edit.cancel", "cancel", "Cancel", "Close without saving", "escape"),
)

BULK_COMMANDS: tuple[Command, ...] = (
    Command("bulk.apply", "apply", "Apply", "Check the values and show what would change", "ctrl+s"),
    Command("bulk.cancel", "cancel", "Cancel", "Close without changing any line", "escape"),
)

BULK_CONFIRM_COMMANDS: tuple[Command, ...] = (
    Command("bulk_confirm.confirm", "confirm", "Confirm", "Apply the changes to the selected lines", "y"),
    Command("bulk_confirm.back", "back", "Back", "Return to the Bulk Update card", "n"),
    Command("bulk_confirm.cancel", "back", "Back", "Return to the Bulk Update card", "escape", show=False),
)

PICK_COMMANDS: tuple[Command, ...] = (
    Command("pick.choose", "choose", "Choose", "Take the highlighted entry", "enter"),
    Command("pick.cancel", "cancel", "Cancel", "Close without choosing", "escape"),
)

MAPPING_COMMANDS: tuple[Command, ...] = (
    Command("mapping.organizations", "show_organizations", "Organizations", "Map platform organizations", "f2"),
    Command("mapping.products", "show_products", "Products", "Map platform offers to ConnectWise products", "f3"),
    Command("mapping.map", "map_row", "Map", "Choose the ConnectWise company or product of this row", "e"),
    Command("mapping.accept", "accept", "Accept", "Map this row to its suggestion", "a"),
    Command(
        "mapping.accept_exact",
        "accept_exact",
        "Accept exact",
        "Map every unmapped row whose suggestion is an exact name match",
        "f7",
    ),
    Command(
        "mapping.add_company",
        "add_company",
        "Add company",
        "Map this organization to one more ConnectWise company (one-to-many)",
        "c",
        show=False,
    ),
    Command("mapping.remove", "remove", "Remove", "Remove this row's mapping; new lines stop getting it", "x"),
    Command(
        "mapping.refresh",
        "refresh",
        "Refresh",
        "Read the loaded lines and ConnectWise's companies and products again",
        "f5",
    ),
)

LOGS_COMMANDS: tuple[Command, ...] = (
    Command("logs.severity", "focus_severity", "Severity", "Choose which severities to show", "f2"),
    Command("logs.period", "focus_period", "Period", "Show the entries of one invoice period", "f3"),
    Command("logs.line", "focus_line", "Line", "Show the entries of one line (its platform line id)", "f4"),
    Command("logs.entries", "focus_entries", "Entries", "Move to the log entries", "f6", show=False),
    Command("logs.refresh", "refresh", "Refresh", "Read the log again", "f5"),
    Command("logs.older", "older", "Older", "Show the next page of older entries", "n", show=False),
    Command("logs.newer", "newer", "Newer", "Show the previous page of newer entries", "p", show=False),
    Command("logs.back", "back", "Back", "Back to where you were", "escape"),
)


LINES_FLOW_COMMANDS: tuple[Command, ...] = (
    *LINES_COMMANDS,
    *LOAD_COMMANDS,
    *EDIT_LINE_COMMANDS,
    *BULK_COMMANDS,
    *BULK_CONFIRM_COMMANDS,
    *PICK_COMMANDS,
    *MAPPING_COMMANDS,
    *LOGS_COMMANDS,
)
"""Every command of the invoice-lines screens, for the keymap's registry (palette, help, `[keys]` checks)."""
