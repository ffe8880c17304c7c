"""Numbers already in the package (DESIGN.md §5 step 2): same content → link; different → an error with choices."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tests.domain.checks.check_helpers import problems_of, verdict
from tests.domain.plans.builders import INVOICE_DATE, contact, context, invoice, line, purchase
from tests.domain.plans.builders import snapshot as package_with
from tui_ledger.domain.accounting import DocumentType, PartyRef, RemoteDocument, RemoteStatus
from tui_ledger.domain.checks import Blocked, CheckKind, Outcome, Ready, Resolution
from tui_ledger.domain.plans import PlanPart


def remote(
    number: str = "5001",
    *,
    document_type: DocumentType = DocumentType.SALES_INVOICE,
    total: str = "100.00",
    contact: str = "Acme Ltd",
    issue_date: date | None = INVOICE_DATE,
    status: RemoteStatus = RemoteStatus.AUTHORISED,
    currency: str | None = "USD",
) -> RemoteDocument:
    return RemoteDocument(
        document_type=document_type,
        target_id=f"x-{number}",
        number=number,
        status=status,
        contact=PartyRef(id="c1", name=contact),
        issue_date=issue_date,
        total=Decimal(total),
        subtotal=Decimal(total),
        total_tax=Decimal(0),
        currency=currency,
    )


def test_the_same_document_already_there_is_linked_not_created_again() -> None:
    found = remote()
    result = verdict(invoice(customer=invoice().customer), package_with(remote=[found]))
    assert isinstance(result, Ready)
    assert result.outcome is Outcome.LINK
    assert [(link.part, link.remote) for link in result.links] == [(PlanPart.MAIN, found)]
    assert result.parts_to_create == ()
    assert result.contacts_to_create == ()


def test_a_different_document_under_the_number_offers_link_update_skip_and_says_what_differs() -> None:
    result = verdict(invoice(), package_with(remote=[remote(total="120.00", contact="Globex")]))
    assert isinstance(result, Blocked)
    (problem,) = problems_of(result, CheckKind.ALREADY_IN_PACKAGE)
    assert problem.message == (
        "Invoice 5001: invoice 5001 is already in Xero with different content "
        "(contact 'Globex' there, 'Acme Ltd' here; total 120.00 there, 100.00 here)"
    )
    assert problem.choices == (Resolution.LINK, Resolution.UPDATE, Resolution.SKIP)
    assert problem.value == "5001"


def test_a_voided_copy_is_never_the_same_and_can_only_be_skipped() -> None:
    result = verdict(invoice(), package_with(remote=[remote(status=RemoteStatus.VOIDED)]))
    (problem,) = problems_of(result, CheckKind.ALREADY_IN_PACKAGE)
    assert "voided there" in problem.message
    assert problem.choices == (Resolution.SKIP,)


def test_the_lookup_uses_the_target_number_with_prefix_and_the_document_type() -> None:
    plans = context(invoice_prefix="CW-")
    assert verdict(invoice(), package_with(remote=[remote("5001")]), plans).outcome is Outcome.SEND
    assert verdict(invoice(), package_with(remote=[remote("CW-5001")]), plans).outcome is Outcome.LINK
    credit = remote("CW-5001", document_type=DocumentType.SALES_CREDIT)
    assert verdict(invoice(), package_with(remote=[credit]), plans).outcome is Outcome.SEND


def test_a_split_invoice_whose_invoice_is_there_creates_only_its_credit() -> None:
    document = invoice([line("150.00"), line("-50.00", line_id=2)])
    result = verdict(document, package_with(remote=[remote(total="150.00")]))
    assert isinstance(result, Ready)
    assert result.outcome is Outcome.SEND
    assert [part.part for part in result.parts_to_create] == [PlanPart.RETURNS]


def test_another_suppliers_bill_with_the_same_number_is_not_ours() -> None:
    theirs = remote("984", document_type=DocumentType.BILL, contact="TD Synnex", total="1.00")
    assert verdict(purchase(), package_with(remote=[theirs])).outcome is Outcome.SEND
    ours = remote("984", document_type=DocumentType.BILL, contact="Ingram Micro", total="342.50", issue_date=None)
    assert verdict(purchase(), package_with(remote=[ours])).outcome is Outcome.LINK


def test_a_copy_addressed_to_the_renamed_package_contact_is_still_the_same_document() -> None:
    renamed = contact("ACME Limited (old)", "ACME")
    by_name = remote(contact="ACME Limited (old)")
    by_id = replace(remote(contact="someone else"), contact=PartyRef(id=renamed.id, name=None))
    for found in (by_name, by_id):
        result = verdict(invoice(), package_with(contacts=[renamed], remote=[found]))
        assert result.outcome is Outcome.LINK
