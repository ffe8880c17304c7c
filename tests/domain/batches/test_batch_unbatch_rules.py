"""Unbatching one record (seed 001) within what ConnectWise's API allows (DESIGN.md §3)."""

from __future__ import annotations

from batch_builders import batch, expense, freight, invoice, product

from tui_ledger.domain.batches.records import RecordState
from tui_ledger.domain.batches.refusals import Alternative, Refusal
from tui_ledger.domain.batches.unbatch_rules import UnbatchMethod, UnbatchPlan, plan_unbatch


def test_an_invoice_alone_in_its_batch_is_unbatched_by_deleting_that_batch() -> None:
    record = invoice(12009, "508", "10.00")

    plan = plan_unbatch(batch(61, "I508:K3J9QX2A", record), record.key)

    assert isinstance(plan, UnbatchPlan)
    assert plan.method is UnbatchMethod.DELETE_OWN_BATCH
    assert plan.returning == (record,)
    assert plan.summary.startswith("Delete batch 'I508:K3J9QX2A', the batch of invoice 508 alone")


def test_an_expense_in_a_batch_made_elsewhere_is_refused_with_both_ways_out() -> None:
    mine = expense(4303, "npetrov", "35.16")
    shared = batch(65, "AutoSync 20251209-1730", invoice(1, "5005", "1.00"), mine, invoice(2, "5007", "2.00"))

    refusal = plan_unbatch(shared, mine.key)

    assert isinstance(refusal, Refusal)
    assert refusal.alternatives == (Alternative.DELETE_WHOLE_BATCH, Alternative.UNBATCH_IN_CONNECTWISE)
    assert "holds 3 records of 3 documents (invoice 5005, invoice 5007 besides expense 4303npetrov)" in refusal.text
    assert "delete the whole batch here" in refusal.text


def test_po_freight_and_products_use_the_endpoint_even_in_a_shared_batch() -> None:
    line = product(20001, 301, "980", "5160.00")
    shared = batch(65, "AutoSync", invoice(1, "5005", "1.00"), freight(301, "980", "129.06"), line)

    plan = plan_unbatch(shared, line.key)

    assert isinstance(plan, UnbatchPlan)
    assert plan.method is UnbatchMethod.PURCHASE_ORDER_ENDPOINT
    assert [record.label for record in plan.returning] == ["PO 980 freight", "PO 980 line 1 (DELL-P2723D)"]
    assert "takes the whole PO out of its batch" in plan.summary


def test_a_closed_batch_is_read_only() -> None:
    record = invoice(12001, "5001", "337.50")

    refusal = plan_unbatch(batch(66, "Month End 2025-12-10", record, closed=True), record.key)

    assert isinstance(refusal, Refusal)
    assert "irreversible" in refusal.reason
    assert refusal.alternatives == ()


def test_a_record_already_unbatched_has_nothing_to_unbatch() -> None:
    record = invoice(12006, "5006", "7742.60", RecordState.UNBATCHED)

    refusal = plan_unbatch(batch(65, "AutoSync", invoice(1, "5005", "1.00"), record), record.key)

    assert isinstance(refusal, Refusal)
    assert Alternative.REBATCH_IN_CONNECTWISE in refusal.alternatives


def test_a_record_not_in_the_batch_is_refused() -> None:
    refusal = plan_unbatch(batch(61, "I508:X"), invoice(1, "508", "1.00").key)

    assert isinstance(refusal, Refusal)
    assert "is not in batch 'I508:X'" in refusal.reason
