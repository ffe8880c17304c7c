"""Unbatching one record (seed 001), within what ConnectWise's API allows (DESIGN.md §3).

- Invoices and expenses have no unbatch endpoint. tui-ledger exports one batch per document, so unbatching one
  is deleting its own batch: exactly that document returns to unposted. In a batch holding other documents
  (made by another tool), deleting would take them all, so unbatching one record is refused, with the reason
  and the two ways out: delete the whole batch here, or unbatch the record in ConnectWise's UI.
- Purchase orders have `POST /procurement/purchaseorders/{id}/unbatch`: it works inside any batch. It acts on
  the purchase order, so every batched record of that PO (its freight and its product lines) returns to
  unposted together; the plan lists them before anything happens. The PO is one bill in the package, so its
  copy is decided once for all of them.
- A closed batch is read-only; a record already unbatched has nothing to unbatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef, RecordKey
from tui_ledger.domain.batches.refusals import Alternative, Refusal, closed_batch_refusal


class UnbatchMethod(StrEnum):
    DELETE_OWN_BATCH = "delete_own_batch"
    PURCHASE_ORDER_ENDPOINT = "purchase_order_endpoint"


@dataclass(frozen=True, slots=True)
class UnbatchPlan:
    """What unbatching `record` does: the ConnectWise call, and every record it returns to unposted."""

    batch: Batch
    record: BatchRecord
    method: UnbatchMethod
    returning: tuple[BatchRecord, ...]

    @property
    def document(self) -> DocumentRef:
        return self.record.document

    @property
    def summary(self) -> str:
        labels = ", ".join(record.label for record in self.returning)
        if self.method is UnbatchMethod.DELETE_OWN_BATCH:
            return (
                f"Delete batch {self.batch.identifier!r}, the batch of {self.document.title} alone: "
                f"{labels} returns to unposted."
            )
        return (
            f"Unbatch {self.document.title} through ConnectWise's purchase-order endpoint, which takes the whole "
            f"PO out of its batch: {labels} return to unposted."
        )


def plan_unbatch(batch: Batch, key: RecordKey) -> UnbatchPlan | Refusal:
    record = batch.record(key)
    if record is None:
        return Refusal(f"Record {key} is not in batch {batch.identifier!r}.")
    if batch.closed:
        return closed_batch_refusal(batch)
    if not record.is_batched:
        return Refusal(
            f"{record.label} was already unbatched from batch {batch.identifier!r}: it is on the Unposted tab.",
            (Alternative.REBATCH_IN_CONNECTWISE, Alternative.SEND_THROUGH_EXPORT)
            if not key.kind.is_purchase_order
            else (Alternative.SEND_THROUGH_EXPORT,),
        )
    returning = tuple(other for other in batch.records_of(record.document) if other.is_batched)
    if key.kind.is_purchase_order:
        return UnbatchPlan(batch, record, UnbatchMethod.PURCHASE_ORDER_ENDPOINT, returning)
    if not batch.holds_one_document:
        others = [document.title for document in batch.documents if document != record.document]
        return Refusal(
            f"Batch {batch.identifier!r} holds {len(batch.records)} records of {len(batch.documents)} documents "
            f"({', '.join(others[:5])}{', …' if len(others) > 5 else ''} besides {record.document.title}); it was "
            "not made one batch per document. ConnectWise's API cannot take one invoice or expense out of a "
            "batch, only delete the whole batch.",
            (Alternative.DELETE_WHOLE_BATCH, Alternative.UNBATCH_IN_CONNECTWISE),
        )
    return UnbatchPlan(batch, record, UnbatchMethod.DELETE_OWN_BATCH, returning)
