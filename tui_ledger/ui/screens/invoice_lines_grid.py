"""The Invoices grid of the Invoice Lines screen: the virtual table over a period, and what each column means.

The grid scrolls through the whole period line by line (a million lines as smoothly as twenty); a page of
seed 003's pager (invoice_lines_pager.py) starts where `show_page_at` puts the cursor, at the top of the grid.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual.message import Message

from tui_ledger.store.line_records import LineRecord
from tui_ledger.ui.widgets.virtual_keys import GRID_COMMANDS
from tui_ledger.ui.widgets.virtual_line_columns import INVOICE_LINE_COLUMNS
from tui_ledger.ui.widgets.virtual_source import RowSource
from tui_ledger.ui.widgets.virtual_table import VirtualTable

CHARGE_END_TOOLTIP = (
    "When no rules in settings are configured or manual overrides are applied, Charge End dates are automatically "
    "adjusted during sync. Non-recurring invoice lines use the last day of the start month as the end date. "
    "Recurring invoice lines sync without an end date."
)
"""Seed 003's tooltip on the Charge End Date header, word for word."""

COLUMN_NOTES: dict[str, str] = {
    "invoice_date": "the date the Invoice was created in the Platform.",
    "organization_name": "the Platform Organization name.",
    "organization_reference": "the Platform Organization reference number.",
    "contract_id": "the Platform contract ID associated with the line.",
    "offer_name": 'the Offer name in the Platform; custom invoices show "Offer for Default Subscription".',
    "offer_id": "the Offer ID in the Platform.",
    "vendor_name": "the Vendor name.",
    "billing_cycle": "the Subscription billing period.",
    "commitment_term": "the Subscription commitment term length.",
    "quantity": "the Subscription Quantity.",
    "cost": "the Cost Price (the price the Seller pays to the Distributor).",
    "revenue": "the Customer Price (the price the Seller invoices to the Customer).",
    "charge_start_date": "the start of the charge period. SYS: set by a Configuration rule; USR: set by a person.",
    "charge_end_date": CHARGE_END_TOOLTIP,
    "charge_type": "the Platform Charge Type; SYS when Configuration gives it a custom name.",
    "psa_company_name": "the ConnectWise company the line posts to (e to choose).",
    "psa_company_id": "updates automatically when PSA Organization Name changes.",
    "psa_agreement_name": "the ConnectWise Agreement the line posts to; New: created from the default Agreement Type.",
    "psa_product_name": "the ConnectWise product of the Addition (e to choose).",
    "psa_product_id": "updates automatically when PSA Product Name changes.",
    "mapping_status": "Mapped when PSA Organization, PSA Product and an agreement (or New) are all set.",
    "psa_status": "Synced, Error (see System Logs: l) or Not Synced.",
}
"""What each column shows (seed 003's column list), for the note under the grid and `i`."""


def column_note(key: str) -> str:
    title = next(column.title for column in INVOICE_LINE_COLUMNS if column.key == key)
    return f"{title}: {COLUMN_NOTES[key]}"


QUIET_GRID_KEYS = frozenset(
    {"grid.mark", "grid.unmark", "grid.all", "grid.sort_ascending", "grid.sort_descending", "grid.marked_only"}
)
"""Grid keys F1 help lists but the footer leaves out, so the screen's own keys (Edit, Bulk Update, Sync) fit in
80 columns next to `space` Mark and `/` Search."""


class InvoiceGrid(VirtualTable[LineRecord]):
    """The virtual table with the invoice-line columns; tells the screen when the cell cursor changes column."""

    BINDINGS: ClassVar = [
        replace(command, show=False).binding() for command in GRID_COMMANDS if command.id in QUIET_GRID_KEYS
    ]
    HELP = f"""\
## Invoices grid

One row per invoice line of the period shown, every column of the platform and ConnectWise side; `left` /
`right` move between columns (the line under the grid says what the column holds, `i` shows it in full).
`space` marks a line, `s` / `u` mark / unmark and move down, `g` then `s` / `u` marks / unmarks every line
shown, `"` shows only marked lines; synced lines cannot be marked. `[` / `]` sort by the cursor's column, `/`
searches as you type. `e` edits the line, `g` then `e` (or `F7`) bulk-updates the marked lines, `F8` syncs,
`ctrl+u` syncs the line under the cursor alone, `l` shows the line's System Logs, `n` / `p` page. SYS: set
by a Configuration rule or name; USR: set by a person.

Charge End Date: {CHARGE_END_TOOLTIP}
"""

    class ColumnChanged(Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, source: RowSource[LineRecord], *, id: str | None = None) -> None:
        super().__init__(source, INVOICE_LINE_COLUMNS, id=id)

    @property
    def column_key(self) -> str:
        return self.columns[self.cursor_column].key

    def action_cursor_left(self) -> None:
        super().action_cursor_left()
        self.post_message(self.ColumnChanged(self.column_key))

    def action_cursor_right(self) -> None:
        super().action_cursor_right()
        self.post_message(self.ColumnChanged(self.column_key))

    def move_to_column(self, column_key: str) -> None:
        super().move_to_column(column_key)
        self.post_message(self.ColumnChanged(self.column_key))

    def show_page_at(self, position: int) -> None:
        """Put the cursor on `position` with that line at the top of the grid (a page starts there)."""
        self.move_cursor(position)
        self.scroll_to(y=self.cursor_row, animate=False)
        self.refresh()
