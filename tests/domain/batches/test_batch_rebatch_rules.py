"""Rebatch (seed 001): back into the original batch without pushing to the package, within the API's limits."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from batch_builders import copy, side

from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.rebatch_rules import RebatchCandidate, RebatchMethod, RebatchPlan, plan_rebatch
from tui_ledger.domain.batches.records import DocumentRef, RecordKey, RecordKind
from tui_ledger.domain.batches.refusals import Alternative, Refusal
from tui_ledger.domain.batches.releases import Release, ReleaseWay
from tui_ledger.domain.documents import DocumentKind

INVOICE = DocumentRef(DocumentKind.INVOICE, "508")


def release(action: PackageAction = PackageAction.UPDATE_IN_PLACE, identifier: str = "I508:K3J9QX2A") -> Release:
    return Release(
        id=1,
        key=RecordKey(RecordKind.INVOICE, 12008),
        document=INVOICE,
        batch_id=61,
        batch_identifier=identifier,
        way=ReleaseWay.DELETED_BATCH,
        released_at=datetime(2026, 1, 30, tzinfo=UTC),
        amount=Decimal("100.00"),
        package_action=action,
        target="Demo Xero",
    )


def candidate(**changes: object) -> RebatchCandidate:
    values: dict[str, object] = {
        "key": RecordKey(RecordKind.INVOICE, 12008),
        "document": INVOICE,
        "label": "invoice 508",
        "unposted": True,
        "amount_now": Decimal("100.00"),
        "release": release(),
        "package": side(INVOICE, copy("100.00")),
    }
    values.update(changes)
    return RebatchCandidate(**values)  # type: ignore[arg-type]


def test_a_released_invoice_goes_back_by_recreating_its_original_batch() -> None:
    plan = plan_rebatch([candidate()])

    assert isinstance(plan, RebatchPlan)
    assert plan.method is RebatchMethod.RECREATE_ORIGINAL_BATCH
    assert plan.identifier == "I508:K3J9QX2A"
    assert "nothing is sent to the accounting package" in plan.summary
    assert plan.warnings == (
        "invoice 508: the 'update in place on the next export' mark is cleared, as no export will send it.",
    )


def test_an_edited_amount_is_rebatched_with_a_warning_that_the_package_still_differs() -> None:
    plan = plan_rebatch([candidate(amount_now=Decimal("150.00"))])

    assert isinstance(plan, RebatchPlan)
    assert "Xero still holds 100.00 while ConnectWise now says 150.00" in plan.warnings[0]


def test_a_voided_copy_refuses_rebatch_and_points_to_the_export() -> None:
    refusal = plan_rebatch([candidate(release=release(PackageAction.VOID))])

    assert isinstance(refusal, Refusal)
    assert "was voided when it was unbatched" in refusal.reason
    assert refusal.alternatives == (Alternative.SEND_THROUGH_EXPORT,)


def test_the_original_identifier_taken_again_cannot_take_more_records() -> None:
    refusal = plan_rebatch([candidate()], identifier_taken=True)

    assert isinstance(refusal, Refusal)
    assert "cannot add records to an existing batch" in refusal.reason


def test_a_record_no_longer_unposted_is_refused() -> None:
    refusal = plan_rebatch([candidate(unposted=False)])

    assert isinstance(refusal, Refusal)
    assert "not on the Unposted tabs any more" in refusal.reason


def test_records_of_different_batches_are_rebatched_apart() -> None:
    other = candidate(key=RecordKey(RecordKind.INVOICE, 12009), release=release(identifier="I509:ZZZZ"))

    refusal = plan_rebatch([candidate(), other])

    assert isinstance(refusal, Refusal)
    assert "came from different batches" in refusal.reason


def test_a_ui_unbatched_invoice_is_rebatched_in_connectwise_not_here() -> None:
    refusal = plan_rebatch([candidate(release=None, unbatched_from="AutoSync 20251209-1730")])

    assert isinstance(refusal, Refusal)
    assert refusal.alternatives == (Alternative.REBATCH_IN_CONNECTWISE, Alternative.SEND_THROUGH_EXPORT)


def test_po_records_ConnectWise_remembers_go_through_the_po_endpoint() -> None:
    po = DocumentRef(DocumentKind.PROCUREMENT, "981")
    freight = candidate(
        key=RecordKey(RecordKind.PO_FREIGHT, 302),
        document=po,
        label="PO 981 freight",
        release=None,
        unbatched_from="P981:3PJ54APU",
        package=side(po, copy("4279.56")),
        amount_now=Decimal("4279.56"),
    )

    plan = plan_rebatch([freight])

    assert isinstance(plan, RebatchPlan)
    assert plan.method is RebatchMethod.PURCHASE_ORDER_ENDPOINT
    assert plan.identifier is None


def test_nothing_chosen_is_refused() -> None:
    assert isinstance(plan_rebatch([]), Refusal)
