"""Deleting a whole batch, with seed 001's guards.

1. Records unbatched from the batch must be rebatched first, "so the system can identify which items belong to
   the batch being deleted". Purchase-order records are rebatched through the PO endpoint as part of the
   deletion; invoices and expenses unbatched in ConnectWise's UI cannot be rebatched through the API, so the
   deletion is refused until the user rebatches them there (MORE > Rebatch).
2. Pending unposted records are never mixed in: tui-ledger deletes by batch id and never re-creates a batch
   from "everything unposted", only from the GL entry ids of records it names; the plan states how many pending
   records stay untouched, and the service checks afterwards that exactly the batch's records came back.
3. The plan lists what returns to unposted and every document whose package copy needs a decision.
4. Closed batches are refused (seed 000).
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef
from tui_ledger.domain.batches.refusals import Alternative, Refusal, closed_batch_refusal


@dataclass(frozen=True, slots=True)
class DeletePlan:
    batch: Batch
    returning: tuple[BatchRecord, ...]
    """Every record that will be on the Unposted tabs afterwards (rebatched PO records included)."""
    rebatch_first: tuple[int, ...]
    """Purchase orders (ids) whose records were unbatched from this batch: rebatched before the delete."""
    pending_unposted: int
    """Records already waiting on the Unposted tabs; they stay exactly as they are."""

    @property
    def documents(self) -> tuple[DocumentRef, ...]:
        return tuple(dict.fromkeys(record.document for record in self.returning))

    @property
    def summary(self) -> str:
        steps = []
        if self.rebatch_first:
            steps.append(f"rebatch {len(self.rebatch_first)} purchase order(s) through the PO endpoint")
        steps.append(f"delete batch {self.batch.identifier!r}")
        text = ", then ".join(steps)
        return (
            f"{text[0].upper()}{text[1:]}: {len(self.returning)} record(s) of {len(self.documents)} document(s) "
            f"return to unposted; the {self.pending_unposted} record(s) already unposted are not touched."
        )


def plan_delete(batch: Batch, pending_unposted: int) -> DeletePlan | Refusal:
    if batch.closed:
        return closed_batch_refusal(batch)
    stranded = [record for record in batch.unbatched_records if not record.kind.is_purchase_order]
    if stranded:
        labels = ", ".join(record.label for record in stranded)
        return Refusal(
            f"{labels} {'was' if len(stranded) == 1 else 'were'} unbatched from batch {batch.identifier!r} in "
            "ConnectWise. ConnectWise needs unbatched records rebatched before their batch is deleted, and its API "
            "cannot rebatch invoices or expenses.",
            (Alternative.REBATCH_IN_CONNECTWISE,),
        )
    rebatch_first = tuple(
        dict.fromkeys(
            record.purchase_order_id for record in batch.unbatched_records if record.purchase_order_id is not None
        )
    )
    return DeletePlan(batch, batch.records, rebatch_first, pending_unposted)
