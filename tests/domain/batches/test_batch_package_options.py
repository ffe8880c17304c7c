"""Before a record leaves its batch, one choice for its copy in the package (seed 000; competitors.md §3.1)."""

from __future__ import annotations

from batch_builders import QUICKBOOKS_LIKE, XERO_LIKE, copy, side

from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.package import PackageAction, PackageSide, package_options
from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.documents import DocumentKind

INVOICE = DocumentRef(DocumentKind.INVOICE, "508")
PO = DocumentRef(DocumentKind.PROCUREMENT, "984")


def test_an_authorised_xero_invoice_can_be_voided_or_kept_and_update_in_place_comes_first() -> None:
    options = package_options(side(INVOICE, copy("10.00")), XERO_LIKE)

    assert options.actions == (PackageAction.UPDATE_IN_PLACE, PackageAction.VOID)
    assert options.default is PackageAction.UPDATE_IN_PLACE
    assert "keeps the number of a voided sales invoice" in options.notes[0]


def test_a_xero_bill_can_be_voided_first_as_its_number_may_repeat() -> None:
    options = package_options(side(PO, copy("10.00", document_type=DocumentType.BILL)), XERO_LIKE)

    assert options.actions == (PackageAction.VOID, PackageAction.UPDATE_IN_PLACE)
    assert not options.notes


def test_a_draft_is_deleted_and_quickbooks_deletes_an_authorised_invoice() -> None:
    draft = package_options(side(INVOICE, copy("10.00", RemoteStatus.DRAFT)), XERO_LIKE)
    quickbooks = package_options(side(INVOICE, copy("10.00"), package="QuickBooks Online"), QUICKBOOKS_LIKE)

    assert draft.actions == (PackageAction.DELETE, PackageAction.UPDATE_IN_PLACE)
    assert quickbooks.actions == (PackageAction.DELETE, PackageAction.UPDATE_IN_PLACE)


def test_a_paid_document_cannot_be_removed_and_the_note_says_so() -> None:
    options = package_options(side(INVOICE, copy("10.00", RemoteStatus.PAID)), XERO_LIKE)

    assert options.actions == (PackageAction.UPDATE_IN_PLACE,)
    assert "cannot be voided or deleted through the API while it is paid" in options.notes[0]


def test_nothing_in_the_package_or_only_a_voided_copy_leaves_nothing_to_do() -> None:
    absent = package_options(side(INVOICE), XERO_LIKE)
    voided = package_options(side(INVOICE, copy("10.00", RemoteStatus.VOIDED)), XERO_LIKE)

    assert absent.actions == voided.actions == (PackageAction.NOTHING,)
    assert voided.notes == ("Already voided in Xero.",)


def test_without_a_package_the_copy_is_kept_and_marked_never_left_unmarked() -> None:
    options = package_options(PackageSide(INVOICE, looked_up=False), None)

    assert options.actions == (PackageAction.UPDATE_IN_PLACE,)
    assert "updates it in place instead of creating a second one" in options.notes[0]


def test_a_duplicate_already_in_the_package_can_only_be_removed() -> None:
    options = package_options(side(INVOICE, copy("10.00", target_id="a"), copy("10.00", target_id="b")), XERO_LIKE)

    assert options.actions == (PackageAction.VOID,)
    assert "2 live copies of I508" in options.notes[0]


def test_a_paid_duplicate_leaves_no_choice_and_says_to_fix_it_by_hand() -> None:
    options = package_options(
        side(INVOICE, copy("10.00", RemoteStatus.PAID, target_id="a"), copy("10.00", target_id="b")), XERO_LIKE
    )

    assert options.actions == ()
    assert options.default is None
    assert options.notes[-1].startswith("Nothing can be done in Xero through the API")


def test_a_credit_counts_against_the_invoice_it_returns() -> None:
    held = side(
        INVOICE,
        copy("100.00", target_id="inv"),
        copy("30.00", document_type=DocumentType.SALES_CREDIT, target_id="cr", number="508-CR"),
    )

    assert held.live_total == 70
