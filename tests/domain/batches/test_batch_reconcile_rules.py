"""Reconcile's comparison (competitors.md §3.5): standings, discrepancy kinds, fixes, and the saved summary."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from batch_builders import copy, side
from hypothesis import given
from hypothesis import strategies as st

from tui_ledger.domain.accounting import DocumentType, RemoteStatus
from tui_ledger.domain.batches.reconcile import (
    Acceptance,
    DiscrepancyKind,
    Fix,
    LedgerDocument,
    Standing,
    compare,
    reconcile,
)
from tui_ledger.domain.batches.reconcile_export import report_csv, report_json
from tui_ledger.domain.batches.records import DocumentRef, RecordKey, RecordKind
from tui_ledger.domain.documents import DocumentKind

INVOICE = DocumentRef(DocumentKind.INVOICE, "508")
KEY = RecordKey(RecordKind.INVOICE, 12008)


def ledger(amount: str = "100.00", *, batched: bool = True, **changes: object) -> LedgerDocument:
    values: dict[str, object] = {
        "document": INVOICE,
        "amount": Decimal(amount),
        "currency": "USD",
        "party": "Acme Logistics",
        "batched": (KEY,) if batched else (),
        "unposted": () if batched else (KEY,),
        "batches": ("I508:K3J9QX2A",) if batched else (),
    }
    values.update(changes)
    return LedgerDocument(**values)  # type: ignore[arg-type]


def test_batched_and_in_the_package_with_the_same_amount_agrees() -> None:
    finding = compare(ledger(), side(INVOICE, copy("100.00")))

    assert finding.standing is Standing.AGREES
    assert not finding.is_discrepancy


def test_batched_but_missing_is_resent_or_accepted() -> None:
    finding = compare(ledger(), side(INVOICE, copy("100.00", RemoteStatus.VOIDED)))

    assert finding.kind is DiscrepancyKind.MISSING_IN_PACKAGE
    assert finding.fixes == (Fix.RESEND, Fix.ACCEPT)


def test_a_zero_invoice_batched_without_sending_is_by_design() -> None:
    assert compare(ledger("0.00"), side(INVOICE)).standing is Standing.NOT_SENT_BY_DESIGN


def test_unposted_but_already_in_the_package_is_linked() -> None:
    finding = compare(ledger(batched=False), side(INVOICE, copy("100.00")))

    assert finding.kind is DiscrepancyKind.ALREADY_IN_PACKAGE
    assert finding.fixes == (Fix.LINK,)


def test_unposted_and_not_there_waits_for_the_export() -> None:
    assert compare(ledger(batched=False), side(INVOICE)).standing is Standing.WAITING_FOR_EXPORT


def test_amounts_that_differ_are_resent_when_batched_and_marked_when_unposted() -> None:
    batched = compare(ledger("120.00"), side(INVOICE, copy("100.00")))
    unposted = compare(ledger("120.00", batched=False), side(INVOICE, copy("100.00")))

    assert batched.kind is unposted.kind is DiscrepancyKind.AMOUNT_DIFFERS
    assert batched.fixes == (Fix.RESEND, Fix.ACCEPT)
    assert unposted.fixes == (Fix.MARK_UPDATE,)
    assert batched.difference == Decimal("20.00")
    assert batched.message == "ConnectWise 120.00 USD, Xero 100.00 USD"


def test_a_marked_document_waits_for_its_update() -> None:
    finding = compare(ledger("120.00", batched=False), side(INVOICE, copy("100.00")), marked_for_update=True)

    assert finding.standing is Standing.WAITING_FOR_UPDATE


def test_in_a_shared_or_closed_batch_only_accepting_is_offered() -> None:
    shared = compare(ledger("120.00", alone_in_batch=False), side(INVOICE, copy("100.00")))
    closed = compare(ledger(closed=True), side(INVOICE))

    assert shared.fixes == (Fix.ACCEPT,)
    assert closed.fixes == (Fix.ACCEPT,)


def test_a_partly_batched_po_without_its_bill_is_missing() -> None:
    po = DocumentRef(DocumentKind.PROCUREMENT, "981")
    partly = ledger(
        "4279.56",
        document=po,
        batched=True,
        unposted=(RecordKey(RecordKind.PO_PRODUCT, 20003),),
        alone_in_batch=True,
    )

    finding = compare(partly, side(po))

    assert finding.kind is DiscrepancyKind.MISSING_IN_PACKAGE
    assert finding.fixes == (Fix.RESEND, Fix.ACCEPT)


def test_another_customers_document_under_the_number_is_a_taken_number() -> None:
    finding = compare(ledger(batched=False), side(INVOICE, copy("100.00", contact="Bayside Family Dental")))

    assert finding.kind is DiscrepancyKind.NUMBER_TAKEN
    assert finding.fixes == ()


@pytest.mark.parametrize("spelling", ["Acme Logistics Inc.", "ACME LOGISTICS", "Acme Logistics (US)", None])
def test_another_legal_form_of_the_same_customer_is_the_same_party(spelling: str | None) -> None:
    finding = compare(ledger(), side(INVOICE, copy("100.00", contact=spelling)))

    assert finding.standing is Standing.AGREES


def test_two_live_copies_are_a_duplicate() -> None:
    finding = compare(ledger(), side(INVOICE, copy("100.00", target_id="a"), copy("100.00", target_id="b")))

    assert finding.kind is DiscrepancyKind.DUPLICATED_IN_PACKAGE


def test_an_acceptance_holds_only_while_both_amounts_stay() -> None:
    accepted = Acceptance(INVOICE, DiscrepancyKind.AMOUNT_DIFFERS, Decimal("120.00"), Decimal("100.00"))

    same = compare(ledger("120.00"), side(INVOICE, copy("100.00")), acceptance=accepted)
    moved = compare(ledger("125.00"), side(INVOICE, copy("100.00")), acceptance=accepted)

    assert same.standing is Standing.ACCEPTED
    assert moved.standing is Standing.DISAGREES


@given(st.decimals(min_value=Decimal("-10000"), max_value=Decimal("10000"), places=2))
def test_only_an_exactly_equal_amount_agrees(amount: Decimal) -> None:
    finding = compare(ledger(str(amount)), side(INVOICE, copy("100.00")))

    assert (finding.standing is Standing.AGREES) == (amount == Decimal("100.00"))


def test_the_summary_lists_discrepancies_first_with_exact_decimal_text() -> None:
    missing = DocumentRef(DocumentKind.EXPENSE, "4305bbastine")
    report = reconcile(
        "Xero",
        [ledger(), ledger("0.10", document=missing, party="Bob Bastine")],
        {INVOICE: side(INVOICE, copy("100.00")), missing: side(missing, package="Xero")},
    )

    rows = list(csv.DictReader(io.StringIO(report_csv(report))))
    saved = report_json(report)

    assert [row["document"] for row in rows] == ["E4305bbastine", "I508"]
    assert rows[0]["connectwise_amount"] == "0.10"
    assert rows[0]["fixes"] == "resend accept"
    assert saved["by_kind"] == {"missing_in_package": 1}
    assert report.summary == (
        "2 document(s) compared with Xero: 1 discrepancies (1 batched but missing in the package)."
    )


def test_a_bill_found_for_a_credit_counts_negative() -> None:
    po = DocumentRef(DocumentKind.PROCUREMENT, "981")
    credit = copy("50.00", document_type=DocumentType.SUPPLIER_CREDIT, contact=None)

    finding = compare(ledger("-50.00", document=po, party=None), side(po, credit))

    assert finding.standing is Standing.AGREES
