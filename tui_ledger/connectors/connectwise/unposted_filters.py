"""The filter bar's choices (seed 004: Thru Date, location) as ConnectWise `conditions`.

"Show all unposted documents with this date or older": Thru Date filters each document by its own date —
the invoice date, the expense date, the purchase date — not by the day it was closed, because that is
the date the accounting period is judged by. A date is inclusive to its last second.
"""

from __future__ import annotations

from datetime import date, datetime, time

from tui_ledger.connectors.connectwise.conditions import Condition, field
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.filters import UnpostedFilter

DOCUMENT_DATE_FIELDS = {
    DocumentKind.INVOICE: "invoiceDate",
    DocumentKind.EXPENSE: "dateExpense",
    DocumentKind.PROCUREMENT: "purchaseDate",
}


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59))


def unposted_conditions(kind: DocumentKind, unposted: UnpostedFilter) -> Condition:
    """`invoiceDate <= [2026-01-31T23:59:59Z] and locationId = 2` (the location part only when one is chosen)."""
    condition = field(DOCUMENT_DATE_FIELDS[kind]).le(end_of_day(unposted.thru_date))
    if unposted.location_id is not None:
        condition = condition & field("locationId").eq(unposted.location_id)
    return condition
