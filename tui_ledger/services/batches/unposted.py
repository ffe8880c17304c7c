"""Which records are on the Unposted tabs right now, as record keys.

Deleting a batch must return exactly its records and leave every pending record alone (seed 001: "any
unposted items present during deletion will be mixed into the batch you are removing"). Reading the tabs
before and after the delete shows both: what came back, and anything pending that vanished.
"""

from __future__ import annotations

from tui_ledger.domain.batches.records import RecordKey, RecordKind
from tui_ledger.services.batches.context import BatchContext


async def unposted_keys(context: BatchContext) -> frozenset[RecordKey]:
    records = context.records
    keys = {RecordKey(RecordKind.INVOICE, invoice_id) for invoice_id in await records.unposted_invoice_ids()}
    keys |= {RecordKey(RecordKind.EXPENSE, expense_id) for expense_id in await records.unposted_expense_ids()}
    for record in await records.unposted_procurement():
        if record.is_freight:
            keys.add(RecordKey(RecordKind.PO_FREIGHT, record.purchase_order_id))
        elif record.unposted_product_id.isdigit():
            keys.add(RecordKey(RecordKind.PO_PRODUCT, int(record.unposted_product_id)))
    return frozenset(keys)
