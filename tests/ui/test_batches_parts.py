"""The Batches screen's pure parts: which one-key choices a delete can offer for all copies, the k9s-style titles,
the package cells of a record, and how outcomes read on the activity line."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.package import PackageAction, PackageCopy, PackageOptions, PackageSide
from tui_ledger.domain.batches.records import BatchRecord, DocumentRef, RecordKey, RecordKind
from tui_ledger.domain.batches.refusals import Alternative, Refusal
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.batches import ActionOutcome, BatchSummary, Located, OutcomeStatus
from tui_ledger.ui.glyphs import ASCII_GLYPHS, UNICODE_GLYPHS
from tui_ledger.ui.modals.batch_delete import common_actions
from tui_ledger.ui.screens.batches_actions import in_connectwise
from tui_ledger.ui.screens.batches_activity import outcome_text
from tui_ledger.ui.screens.batches_detail import package_cells
from tui_ledger.ui.screens.batches_list import BatchFilter, list_title

INVOICE = DocumentRef(DocumentKind.INVOICE, "5009")
BILL = DocumentRef(DocumentKind.EXPENSE, "4304dchu")
KEEP, VOID, DELETE, NOTHING = (
    PackageAction.UPDATE_IN_PLACE,
    PackageAction.VOID,
    PackageAction.DELETE,
    PackageAction.NOTHING,
)


def copy(status: RemoteStatus = RemoteStatus.AUTHORISED, target_id: str = "e7b5") -> PackageCopy:
    return PackageCopy(DocumentType.SALES_INVOICE, target_id, "5009", status, Decimal("3059.18"), "USD")


def test_a_delete_offers_only_what_every_copy_allows_keeping_first_when_a_package_advises_it() -> None:
    xero_invoice = PackageOptions(INVOICE, (KEEP, VOID))
    xero_bill = PackageOptions(BILL, (VOID, KEEP))
    paid = PackageOptions(BILL, (KEEP,))
    nothing = PackageOptions(BILL, (NOTHING,))

    assert common_actions([xero_bill, xero_invoice]) == (KEEP, VOID)
    assert common_actions([xero_bill]) == (VOID, KEEP)
    assert common_actions([xero_invoice, paid]) == (KEEP,)
    assert common_actions([xero_bill, nothing]) == (VOID, KEEP), "a document without a copy takes nothing anyway"
    assert common_actions([nothing, nothing]) == (NOTHING,)
    assert common_actions([PackageOptions(INVOICE, (DELETE,)), PackageOptions(BILL, (VOID,))]) == ()


def test_the_list_title_counts_what_is_shown_and_how_many_are_open_and_closed() -> None:
    entered = datetime(2025, 12, 9, 17, 30, tzinfo=UTC)
    summaries = [
        BatchSummary(1, "Month End", True, entered, None),
        BatchSummary(2, "I5009:RDCOFU7T", False, entered, INVOICE),
        BatchSummary(3, "AutoSync", False, entered, None),
    ]

    assert list_title(summaries, BatchFilter.ALL, "·") == "Batches(all)[3] · open 2 · closed 1"
    assert list_title(summaries, BatchFilter.CLOSED, "|") == "Batches(closed)[1] | open 2 | closed 1"
    order = [BatchFilter.ALL.next, BatchFilter.OPEN.next, BatchFilter.CLOSED.next]
    assert order == [BatchFilter.OPEN, BatchFilter.CLOSED, BatchFilter.ALL], "f steps all -> open -> closed -> all"


def test_package_cells_say_where_the_copy_is_or_why_there_is_none() -> None:
    def cells(side: PackageSide | None) -> list[str]:
        return [str(cell) for cell in package_cells(side)]

    assert cells(None)[0] == "not looked up"
    assert cells(PackageSide(INVOICE, looked_up=False, package="Xero"))[0] == "not looked up"
    assert cells(PackageSide(INVOICE, looked_up=True, package="Xero"))[0] == "not in Xero"
    assert cells(PackageSide(INVOICE, True, "Xero", (copy(),))) == ["5009", "authorised", "3,059.18 USD", "e7b5"]
    duplicated = PackageSide(INVOICE, True, "Xero", (copy(), copy(target_id="f00d")))
    assert cells(duplicated)[1] == "authorised (+1 copies)"
    voided = PackageSide(INVOICE, True, "Xero", (copy(RemoteStatus.VOIDED),))
    assert cells(voided)[1] == "voided", "a gone copy is still shown, with its status"


def test_outcomes_read_done_refused_with_the_reason_or_failed_with_the_message() -> None:
    done = ActionOutcome("unbatch", OutcomeStatus.DONE, "Unbatched invoice 5009: deleted its batch.")
    refusal = Refusal("invoice 5006 was unbatched in ConnectWise.", (Alternative.REBATCH_IN_CONNECTWISE,))
    refused = ActionOutcome("delete", OutcomeStatus.REFUSED, refusal.text, refusal=refusal)
    failed = ActionOutcome(
        "rebatch", OutcomeStatus.FAILED, "Nothing was sent.", warnings=("invoice 5009 not sent: already in Xero",)
    )

    assert outcome_text(done, UNICODE_GLYPHS) == "✔ Unbatched invoice 5009: deleted its batch."
    assert outcome_text(refused, ASCII_GLYPHS) == (
        "! Refused: invoice 5006 was unbatched in ConnectWise. Instead: rebatch the record in ConnectWise itself "
        "(MORE > Rebatch)."
    )
    assert outcome_text(failed, ASCII_GLYPHS) == (
        "! Failed: Nothing was sent.\n  -> invoice 5009 not sent: already in Xero"
    )


def test_the_connectwise_path_for_unbatching_one_record_by_hand_follows_seed_001() -> None:
    def located(kind: RecordKind, document: DocumentRef) -> Located:
        return Located(BatchRecord(RecordKey(kind, 1), document, Decimal("1.00")), None)

    assert "Finance > Invoice Search > 5009 > MORE > Unbatch" in in_connectwise(located(RecordKind.INVOICE, INVOICE))
    assert "Time & Expense > Expense Entry Search > expense 4304dchu" in in_connectwise(
        located(RecordKind.EXPENSE, BILL)
    )
    purchase = DocumentRef(DocumentKind.PROCUREMENT, "984")
    assert "Procurement > Purchase Orders > 984" in in_connectwise(located(RecordKind.PO_FREIGHT, purchase))
