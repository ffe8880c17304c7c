"""The GL export preview: `POST /finance/accounting/export`, the only place ConnectWise gives an invoice's lines.

The Unposted lists carry headers only; accounts, items and amounts per line, and the GL entry ids a batch
is created from, come from the export preview at the chosen invoice summary level. The preview batches
nothing, so resending it is harmless: the call is marked idempotent and retried like a GET.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tui_ledger.connectors.connectwise.conditions import render_datetime
from tui_ledger.connectors.connectwise.unposted_filters import end_of_day
from tui_ledger.domain.filters import UnpostedFilter

EXPORT_PATH = "/finance/accounting/export"


def export_request(
    unposted: UnpostedFilter,
    *,
    invoice_ids: Iterable[int] = (),
    expense_ids: Iterable[int] = (),
    product_ids: Iterable[str] = (),
) -> dict[str, Any]:
    """An `ExportAccountingBatchRequest` previewing exactly the given records (and nothing else)."""
    invoices = list(invoice_ids)
    expenses = list(expense_ids)
    products = list(product_ids)
    body: dict[str, Any] = {
        "thruDate": render_datetime(end_of_day(unposted.thru_date)).strip("[]"),
        "summarizeInvoices": unposted.summary_level.value,
        "exportInvoicesFlag": bool(invoices),
        "exportExpensesFlag": bool(expenses),
        "exportProductsFlag": bool(products),
        "exportPaymentsFlag": False,
    }
    if unposted.location_id is not None:
        body["locationId"] = unposted.location_id
    if invoices:
        body["includedInvoiceIds"] = invoices
    if expenses:
        body["includedExpenseIds"] = expenses
    if products:
        body["includedProductIds"] = products
    return body
