"""Deleting a batch with seed 001's guards; closed batches refused (seed 000)."""

from __future__ import annotations

from batch_builders import batch, freight, invoice, product

from tui_ledger.domain.batches.delete_rules import DeletePlan, plan_delete
from tui_ledger.domain.batches.records import RecordState
from tui_ledger.domain.batches.refusals import Alternative, Refusal


def test_every_record_returns_and_pending_ones_are_counted_as_untouched() -> None:
    held = batch(65, "AutoSync", invoice(1, "5005", "1.00"), freight(301, "980", "2.00"))

    plan = plan_delete(held, pending_unposted=139)

    assert isinstance(plan, DeletePlan)
    assert plan.returning == held.records
    assert plan.rebatch_first == ()
    assert "the 139 record(s) already unposted are not touched" in plan.summary


def test_po_records_unbatched_from_the_batch_are_rebatched_first() -> None:
    held = batch(
        63,
        "P981:3PJ54APU",
        freight(302, "981", "125.56"),
        product(20003, 302, "981", "1834.00", RecordState.UNBATCHED),
    )

    plan = plan_delete(held, pending_unposted=0)

    assert isinstance(plan, DeletePlan)
    assert plan.rebatch_first == (302,)
    assert plan.summary.startswith("Rebatch 1 purchase order(s) through the PO endpoint, then delete batch")
    assert len(plan.documents) == 1


def test_an_invoice_unbatched_in_connectwise_blocks_the_delete_until_rebatched_there() -> None:
    held = batch(65, "AutoSync", invoice(1, "5005", "1.00"), invoice(2, "5006", "2.00", RecordState.UNBATCHED))

    refusal = plan_delete(held, pending_unposted=0)

    assert isinstance(refusal, Refusal)
    assert refusal.alternatives == (Alternative.REBATCH_IN_CONNECTWISE,)
    assert refusal.reason.startswith("invoice 5006 was unbatched from batch 'AutoSync'")


def test_a_closed_batch_is_never_deleted() -> None:
    refusal = plan_delete(batch(66, "Month End", invoice(1, "5001", "1.00"), closed=True), pending_unposted=0)

    assert isinstance(refusal, Refusal)
    assert "closed" in refusal.reason
