"""One retrieved document type on screen: count and total in the border title, the documents in a table.

The title carries the numbers a finance user checks first (as harlequin and k9s put state in titles), so
they stay visible while the table scrolls. This is the raw list as ConnectWise gave it; checks and the
Ready / Errors split are not applied here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable

from tui_ledger.domain.documents import (
    Document,
    DocumentKind,
    UnpostedExpense,
    UnpostedInvoice,
    UnpostedPurchase,
)
from tui_ledger.domain.money import format_money
from tui_ledger.services.retrieve import RetrievedDocuments
from tui_ledger.ui.context import ledger_app

COLUMNS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.INVOICE: ("Invoice #", "Date", "Customer", "Total", "Type", "Lines"),
    DocumentKind.EXPENSE: ("Expense #", "Date", "Member", "Total", "Company", "Type"),
    DocumentKind.PROCUREMENT: ("PO #", "Date", "Vendor", "Total", "Vendor inv #", "Lines"),
}
"""Number, date, counterparty and total first: what a user checks, and what fits in 80 columns."""


def section_title(retrieved: RetrievedDocuments, separator: str) -> str:
    """`Invoices . 139 . 284,506.61 USD + 21,712.81 CAD`: one total per currency, never added across them."""
    totals = " + ".join(format_money(part.total, part.currency) for part in retrieved.by_currency) or "0.00"
    return f" {separator} ".join((retrieved.kind.plural_title, str(retrieved.summary.count), totals))


def _amount(value: Decimal, currency: str) -> Text:
    return Text(format_money(value, currency), justify="right")


def _day(value: date) -> Text:
    return Text(value.isoformat())


def _count(value: int) -> Text:
    return Text(str(value), justify="right")


def row_for(document: Document) -> tuple[Text, ...]:
    """The table cells of one document, matching `COLUMNS[document.kind]`.

    Every cell is a `Text`, never a `str`: the table would read a string as markup, and a customer called
    `Smith [UK]` must show as written.
    """
    if isinstance(document, UnpostedInvoice):
        return (
            Text(document.number),
            _day(document.invoice_date),
            Text(document.customer.label),
            _amount(document.total, document.currency),
            Text(document.invoice_type),
            _count(len(document.lines)),
        )
    if isinstance(document, UnpostedExpense):
        return (
            Text(document.document_number),
            _day(document.expense_date),
            Text(document.member_identifier),
            _amount(document.total, document.currency),
            Text(document.company.label),
            Text(document.expense_type or ""),
        )
    assert isinstance(document, UnpostedPurchase)
    return (
        Text(document.po_number),
        _day(document.purchase_date),
        Text(document.vendor.label),
        _amount(document.total, document.currency),
        Text(document.vendor_invoice_number or ""),
        _count(len(document.lines)),
    )


class DocumentTable(DataTable[Text]):
    HELP = """\
## Retrieved documents

The closed, never-exported documents of one type, as ConnectWise lists them for the filter. The border
title shows how many there are and their total.

- `up` / `down`, `pageup` / `pagedown`, `home` / `end` move through the list.
- `tab` moves to the next type's table; `F2` goes back to the filter, `F5` retrieves again.

This is the raw list from ConnectWise, before any checks.
"""


class ResultSection(Vertical):
    """A bordered section for one document type."""

    def __init__(self, retrieved: RetrievedDocuments) -> None:
        super().__init__(id=f"results-{retrieved.kind.value}", classes="result-section")
        self.retrieved = retrieved

    def compose(self) -> ComposeResult:
        table: DocumentTable = DocumentTable(cursor_type="row", zebra_stripes=True, id=f"table-{self.kind.value}")
        table.add_columns(*COLUMNS[self.kind])
        table.add_rows(row_for(document) for document in self.retrieved.documents)
        yield table

    @property
    def kind(self) -> DocumentKind:
        return self.retrieved.kind

    def on_mount(self) -> None:
        self.watch(ledger_app(self), "glyphs", self._retitle)

    def _retitle(self) -> None:
        self.border_title = section_title(self.retrieved, ledger_app(self).glyphs.separator)


class ResultsPane(Vertical):
    """Holds the sections; marks the one the user is in, so short terminals can give it the room.

    Done with classes rather than `:focus-within` because Textual restyles only the ancestors of the focused
    widget, and the sections that must shrink are its siblings.
    """

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        active = next((node for node in event.widget.ancestors_with_self if isinstance(node, ResultSection)), None)
        self._mark_active(active)

    def on_descendant_blur(self) -> None:
        if not self.has_focus_within:
            self._mark_active(None)

    def _mark_active(self, active: ResultSection | None) -> None:
        self.set_class(active is not None, "-has-active")
        for section in self.query(ResultSection):
            section.set_class(section is active, "-active")
