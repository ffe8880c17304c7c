"""Creating, finding, voiding and deleting documents through the connector, against the sandbox."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import httpx
import pytest
from xero_connector_support import RecordingTransport

from tui_ledger.connectors.accounting import ChunkOutcome
from tui_ledger.connectors.errors import ValidationFailed
from tui_ledger.connectors.xero import MemoryTokenSink, XeroConnection, XeroConnector, open_xero
from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ElementResult,
    ItemDraft,
    LineDraft,
    PartyRef,
    PartyRole,
    ProblemKind,
    RemoteStatus,
    TrackingChoice,
)
from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.xero.app import XeroSandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.seed import SeedGaps
from tui_ledger.sandbox.xero.store import Collection


def draft(
    number: str | None,
    contact_id: str,
    *,
    key: str | None = None,
    kind: DocumentType = DocumentType.SALES_INVOICE,
    account: str = "4000",
    amount: str = "120.00",
    **extra: object,
) -> DocumentDraft:
    line = LineDraft("Managed workstations", Decimal(2), Decimal(amount) / 2, account_code=account, tax_code="NONE")
    return DocumentDraft(
        document_type=kind,
        idempotency_key=key or f"doc-{number}",
        contact=PartyRef(id=contact_id),
        issue_date=date(2026, 1, 12),
        due_date=date(2026, 2, 11),
        lines=(line,),
        number=number,
        **extra,  # type: ignore[arg-type]
    )


async def collect(connector: XeroConnector, drafts: list[DocumentDraft]) -> list[ElementResult]:
    outcomes: list[ChunkOutcome] = [outcome async for outcome in connector.create_documents(drafts)]
    return sorted((result for outcome in outcomes for result in outcome.results), key=lambda result: result.index)


@pytest.fixture
async def customer_id(xero: XeroConnector, demo: DemoCompany, gaps: SeedGaps) -> str:
    customer = next(c for c in demo.customers if c.id != gaps.renamed_customer_id)
    contacts = await xero.contacts(PartyRole.CUSTOMER)
    return next(contact.id for contact in contacts if contact.number == customer.identifier)


async def test_120_drafts_go_in_calls_of_at_most_50_with_a_result_per_element(
    xero: XeroConnector, customer_id: str, sandbox: XeroSandbox, gaps: SeedGaps
) -> None:
    drafts = [draft(f"C-{index}", customer_id) for index in range(119)]
    drafts.insert(60, draft(gaps.taken_invoice_number, customer_id, key="taken"))
    results = await collect(xero, drafts)
    assert [result.index for result in results] == list(range(120))
    assert [result.key for result in results] == [d.idempotency_key for d in drafts]
    failed = [result for result in results if not result.ok]
    assert [result.key for result in failed] == ["taken"]
    assert failed[0].has_problem(ProblemKind.DUPLICATE_NUMBER)
    assert failed[0].problems[0].message == "Invoice # must be unique."
    assert all(result.status is RemoteStatus.AUTHORISED and result.target_id for result in results if result.ok)
    puts = [call for call in sandbox.calls.snapshot() if call.method == "PUT"]
    assert sorted(call.elements for call in puts) == [20, 50, 50]
    assert all(call.status == 200 for call in puts)


async def test_invoices_and_credit_notes_go_to_their_own_endpoints(
    xero: XeroConnector, customer_id: str, sandbox: XeroSandbox, demo: DemoCompany
) -> None:
    vendor = next(c for c in await xero.contacts() if c.number == demo.vendors[0].identifier)
    drafts = [
        draft("S-1", customer_id),
        draft("CN-S-1", customer_id, kind=DocumentType.SALES_CREDIT),
        draft("VB-1", vendor.id, kind=DocumentType.BILL, account="5000"),
        draft(None, vendor.id, key="supplier-credit", kind=DocumentType.SUPPLIER_CREDIT, account="5000"),
    ]
    results = await collect(xero, drafts)
    assert all(result.ok for result in results)
    assert results[1].number == "CN-S-1"
    notes = sandbox.store.all(MAIN_TENANT_ID, Collection.CREDIT_NOTES)
    assert {note["Type"] for note in notes if note["CreditNoteID"] in {results[1].target_id, results[3].target_id}} == {
        "ACCRECCREDIT",
        "ACCPAYCREDIT",
    }


async def test_a_purchase_is_not_something_xero_creates(xero: XeroConnector, customer_id: str) -> None:
    assert not xero.capabilities.supports(DocumentType.PURCHASE)
    with pytest.raises(ValueError, match="cannot create purchase"):
        await collect(xero, [draft("P-1", customer_id, kind=DocumentType.PURCHASE)])


async def test_sending_the_same_drafts_again_creates_nothing_twice(
    xero: XeroConnector, customer_id: str, sandbox: XeroSandbox
) -> None:
    drafts = [draft(None, customer_id, key=f"auto-{index}") for index in range(3)]
    first = await collect(xero, drafts)
    second = await collect(xero, drafts)
    assert [result.target_id for result in first] == [result.target_id for result in second]
    assert [result.number for result in first] == [result.number for result in second]
    created = [
        invoice
        for invoice in sandbox.store.all(MAIN_TENANT_ID, Collection.INVOICES)
        if invoice["InvoiceID"] in {r.target_id for r in first}
    ]
    assert len(created) == 3


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """The first write reaches Xero and is applied, but its answer is lost on the way back."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "PUT" and not self.lost:
            self.lost += 1
            await response.aread()
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


async def test_an_answer_lost_after_xero_applied_the_call_is_retried_without_a_duplicate(
    custom_connection: XeroConnection,
    recorder: RecordingTransport,
    clock: Clock,
    customer_id: str,
    sandbox: XeroSandbox,
) -> None:
    transport = LoseFirstAnswer(recorder)
    connector = open_xero(custom_connection, MemoryTokenSink(), transport=transport, clock=clock)
    results = await collect(connector, [draft(None, customer_id, key="lost-1"), draft(None, customer_id, key="lost-2")])
    assert transport.lost == 1
    assert all(result.ok for result in results)
    ids = {result.target_id for result in results}
    assert (
        len(
            [
                i
                for i in sandbox.store.all(MAIN_TENANT_ID, Collection.INVOICES)
                if i["Reference"] == "" and i["InvoiceID"] in ids
            ]
        )
        == 2
    )
    puts = [call for call in sandbox.calls.snapshot() if call.method == "PUT"]
    assert len(puts) == 2
    total_invoices_numbered = [
        i
        for i in sandbox.store.all(MAIN_TENANT_ID, Collection.INVOICES)
        if i["InvoiceNumber"] in {r.number for r in results}
    ]
    assert len(total_invoices_numbered) == 2
    await connector.aclose()


async def test_find_documents_by_number_returns_content_to_compare(
    xero: XeroConnector, customer_id: str, gaps: SeedGaps
) -> None:
    await collect(xero, [draft("F-1", customer_id, amount="99.98")])
    found = await xero.find_documents(DocumentType.SALES_INVOICE, ["F-1", gaps.taken_invoice_number, "absent"])
    by_number = {document.number: document for document in found}
    assert set(by_number) == {"F-1", gaps.taken_invoice_number}
    mine = by_number["F-1"]
    assert mine.total == Decimal("99.98")
    assert mine.contact.id == customer_id
    assert mine.lines[0].quantity == Decimal(2)
    assert mine.lines[0].unit_amount == Decimal("49.99")
    assert mine.issue_date == date(2026, 1, 12)
    assert await xero.find_documents(DocumentType.BILL, ["F-1"]) == []


async def test_credit_notes_are_found_even_with_quotes_in_their_numbers(xero: XeroConnector, customer_id: str) -> None:
    odd = 'CN "7" \\ x'
    await collect(
        xero,
        [
            draft(odd, customer_id, kind=DocumentType.SALES_CREDIT),
            draft("CN-8", customer_id, kind=DocumentType.SALES_CREDIT),
        ],
    )
    found = await xero.find_documents(DocumentType.SALES_CREDIT, [odd, "CN-8", "CN-404"])
    assert sorted(document.number or "" for document in found) == sorted([odd, "CN-8"])


async def test_void_an_approved_invoice_and_delete_a_draft(xero: XeroConnector, customer_id: str) -> None:
    approved, drafted = await collect(xero, [draft("V-1", customer_id), draft("V-2", customer_id, approve=False)])
    voided = await xero.void_document(DocumentType.SALES_INVOICE, approved.target_id or "")
    assert voided.status is RemoteStatus.VOIDED
    deleted = await xero.delete_document(DocumentType.SALES_INVOICE, drafted.target_id or "")
    assert deleted.status is RemoteStatus.DELETED
    assert xero.capabilities.removal_for(RemoteStatus.AUTHORISED).value == "void"


async def test_voiding_a_draft_is_refused_with_xero_words(xero: XeroConnector, customer_id: str) -> None:
    (drafted,) = await collect(xero, [draft("V-3", customer_id, approve=False)])
    with pytest.raises(ValidationFailed) as refused:
        await xero.void_document(DocumentType.SALES_INVOICE, drafted.target_id or "")
    assert "cannot be voided" in " ".join(refused.value.problems)


async def test_the_deliberate_gaps_come_back_classified(
    xero: XeroConnector, customer_id: str, gaps: SeedGaps, demo: DemoCompany
) -> None:
    missing_tax = "TAX999"
    drafts = [
        draft("G-1", customer_id, account=gaps.archived_account_code),
        DocumentDraft(
            DocumentType.SALES_INVOICE,
            "G-2",
            PartyRef(id=customer_id),
            date(2026, 1, 12),
            (LineDraft("x", Decimal(1), Decimal(10), account_code="4000", tax_code=missing_tax),),
            number="G-2",
        ),
        draft("G-3", customer_id, account="9999"),
    ]
    results = await collect(xero, drafts)
    assert [result.problems[0].kind for result in results] == [
        ProblemKind.ARCHIVED_ACCOUNT,
        ProblemKind.UNKNOWN_TAX,
        ProblemKind.UNKNOWN_ACCOUNT,
    ]


async def test_line_tax_and_tracking_travel_as_sent(xero: XeroConnector, customer_id: str) -> None:
    rates = [rate for rate in await xero.tax_rates() if rate.rate > 0 and rate.active]
    line = LineDraft(
        "Taxed",
        Decimal(1),
        Decimal("100.00"),
        account_code="4000",
        tax_code=rates[0].code,
        tax_amount=Decimal("6.26"),
        tracking=(TrackingChoice("Region", (await xero.tracking_categories())[0].options[0]),),
    )
    results = await collect(
        xero,
        [
            DocumentDraft(
                DocumentType.SALES_INVOICE, "T-1", PartyRef(id=customer_id), date(2026, 1, 12), (line,), number="T-1"
            )
        ],
    )
    assert results[0].ok
    (found,) = await xero.find_documents(DocumentType.SALES_INVOICE, ["T-1"])
    assert found.total_tax == Decimal("6.26")
    assert found.total == Decimal("106.26")


async def test_contacts_and_items_are_created_with_per_element_results(xero: XeroConnector, gaps: SeedGaps) -> None:
    contacts = await xero.create_contacts(
        [
            ContactDraft("New Client LLC", PartyRole.CUSTOMER, "c-1", number="NewClient"),
            ContactDraft(gaps.renamed_contact_name, PartyRole.CUSTOMER, "c-2"),
        ]
    )
    assert contacts[0].ok
    assert contacts[1].has_problem(ProblemKind.DUPLICATE_NAME)
    items = await xero.create_items(
        [ItemDraft("NEW-SKU", "New service", "i-1", sales_account_code="4000", sales_unit_price=Decimal("12.50"))]
    )
    assert items[0].ok
    assert "NEW-SKU" in {item.code for item in await xero.items()}


async def test_reads_map_the_settings_a_check_needs(xero: XeroConnector, gaps: SeedGaps) -> None:
    accounts = {account.code: account for account in await xero.accounts()}
    assert not accounts[gaps.archived_account_code].active
    assert accounts["4000"].account_class == "REVENUE"
    rates = await xero.tax_rates()
    sales_tax = next(rate for rate in rates if rate.rate > 0)
    assert sales_tax.allowed_on(accounts["4000"])
    company = await xero.company()
    assert company.base_currency == "USD"
    assert company.lock_date is not None
    assert company.multi_currency
    assert company.currencies == ("USD", "CAD")
    quota = xero.quota()
    assert quota.minute_remaining is not None
    assert quota.minute_remaining < 60
    assert quota.day_remaining is not None
    assert quota.day_remaining < 5000


async def test_update_replaces_the_content_of_a_document_already_in_xero(xero: XeroConnector, customer_id: str) -> None:
    (created,) = await collect(xero, [draft("U-1", customer_id, amount="100.00")])
    changed = draft("U-1", customer_id, amount="250.00", key="doc-U-1-edited")
    updated = await xero.update_document(changed, created.target_id or "")
    assert updated.ok
    assert updated.target_id == created.target_id
    (found,) = await xero.find_documents(DocumentType.SALES_INVOICE, ["U-1"])
    assert found.total == Decimal("250.00")


async def test_updating_a_voided_document_comes_back_as_a_problem(xero: XeroConnector, customer_id: str) -> None:
    (created,) = await collect(xero, [draft("U-2", customer_id)])
    await xero.void_document(DocumentType.SALES_INVOICE, created.target_id or "")
    refused = await xero.update_document(draft("U-2", customer_id, amount="1.00"), created.target_id or "")
    assert not refused.ok
    assert refused.has_problem(ProblemKind.INVALID_STATUS)


async def test_a_run_started_again_after_a_fix_is_not_answered_from_the_old_failure(
    xero: XeroConnector, customer_id: str, gaps: SeedGaps
) -> None:
    (failed,) = await collect(xero, [draft("R-1", customer_id, key="r-1", account=gaps.archived_account_code)])
    assert failed.has_problem(ProblemKind.ARCHIVED_ACCOUNT)
    (fixed,) = await collect(xero, [draft("R-1", customer_id, key="r-1", account="4000")])
    assert fixed.ok
