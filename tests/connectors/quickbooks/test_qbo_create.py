"""Creating documents, customers and items through `/batch`; per-element problems; requestid; void and delete."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import httpx
import pytest

from tests.connectors.quickbooks.support import World, invoice_draft
from tui_ledger.connectors.errors import ValidationFailed
from tui_ledger.connectors.quickbooks import QuickBooksConnector, open_quickbooks
from tui_ledger.connectors.quickbooks.faults import StaleObject
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
)


async def _create(qbo: QuickBooksConnector, drafts: list[DocumentDraft]) -> list[ElementResult]:
    results: dict[int, ElementResult] = {}
    async for outcome in qbo.create_documents(drafts):
        for offset, result in enumerate(outcome.results):
            assert result.index == outcome.drafts_from + offset
            results[result.index] = result
    return [results[index] for index in range(len(drafts))]


async def test_sixty_five_invoices_go_in_three_calls_and_come_back_in_order(
    qbo: QuickBooksConnector, world: World
) -> None:
    customer = world.plain_customer()
    drafts = [invoice_draft(f"k{n}", customer, f"N-{n}") for n in range(65)]
    starts: list[int] = []

    results: list[ElementResult] = []
    async for outcome in qbo.create_documents(drafts):
        starts.append(outcome.drafts_from)
        results += outcome.results

    assert sorted(starts) == [0, 30, 60]
    assert all(result.ok for result in results)
    assert sorted((result.index, result.key, result.number) for result in results) == [
        (n, f"k{n}", f"N-{n}") for n in range(65)
    ]
    found = await qbo.find_documents(DocumentType.SALES_INVOICE, [f"N-{n}" for n in range(65)])
    assert len(found) == 65
    assert {document.total for document in found} == {Decimal("120.00")}


async def test_each_kind_of_refusal_is_classified(qbo: QuickBooksConnector, world: World) -> None:
    customer = world.plain_customer()
    archived = world.gaps.inactive_account
    vendor = world.demo.vendors[0].name
    drafts = [
        invoice_draft("ok", customer, "P-1"),
        invoice_draft("taken", customer, world.gaps.taken_doc_number),
        invoice_draft("nobody", "No Such Client Ltd", "P-3"),
        invoice_draft("no-tax", customer, "P-4", tax_code="999"),
        invoice_draft("no-item", customer, "P-5", item="NOT-AN-ITEM"),
        DocumentDraft(
            document_type=DocumentType.BILL,
            idempotency_key="archived",
            contact=PartyRef(name=vendor),
            issue_date=world.clock.now().date(),
            number="B-77",
            lines=(LineDraft("Misc", Decimal(1), Decimal("10.00"), account_code=archived),),
        ),
    ]

    results = await _create(qbo, drafts)

    kinds = {result.key: [problem.kind for problem in result.problems] for result in results}
    assert kinds == {
        "ok": [],
        "taken": [ProblemKind.DUPLICATE_NUMBER],
        "nobody": [ProblemKind.UNKNOWN_CONTACT],
        "no-tax": [ProblemKind.UNKNOWN_TAX],
        "no-item": [ProblemKind.UNKNOWN_ITEM],
        "archived": [ProblemKind.ARCHIVED_ACCOUNT],
    }
    taken = results[1].problems[0].message
    assert "Duplicate Document Number Error" in taken
    assert "6140" in taken
    assert results[0].ok
    assert results[0].status is RemoteStatus.AUTHORISED


async def test_sending_the_same_drafts_again_creates_nothing_new(world: World) -> None:
    customer = world.plain_customer()
    drafts = [invoice_draft(f"again-{n}", customer, f"A-{n}") for n in range(5)]
    async with world.connector() as first:
        created = await _create(first, drafts)
    async with world.connector() as second:
        replayed = await _create(second, drafts)
        found = await second.find_documents(DocumentType.SALES_INVOICE, [f"A-{n}" for n in range(5)])

    assert [result.target_id for result in created] == [result.target_id for result in replayed]
    assert len(found) == 5


async def test_a_fixed_document_is_sent_afresh_not_replayed(qbo: QuickBooksConnector, world: World) -> None:
    customer = world.plain_customer()
    broken = invoice_draft("fix-me", customer, world.gaps.taken_doc_number)
    fixed = invoice_draft("fix-me", customer, "FIXED-1")

    first = await _create(qbo, [broken])
    second = await _create(qbo, [fixed])

    assert first[0].has_problem(ProblemKind.DUPLICATE_NUMBER)
    assert second[0].ok


async def test_a_credit_memo_and_a_purchase(qbo: QuickBooksConnector, world: World) -> None:
    customer = world.plain_customer()
    member = world.demo.members[0].name
    credit = invoice_draft("credit", customer, "CM-1", document_type=DocumentType.SALES_CREDIT)
    purchase = DocumentDraft(
        document_type=DocumentType.PURCHASE,
        idempotency_key="purchase",
        contact=PartyRef(name=member),
        issue_date=world.clock.now().date(),
        number="E1bbastine",
        payment_account_code="2010",
        lines=(LineDraft("Taxi", Decimal(1), Decimal("42.10"), account_code="6100"),),
    )
    unpaid = DocumentDraft(
        document_type=DocumentType.PURCHASE,
        idempotency_key="unpaid",
        contact=PartyRef(name=member),
        issue_date=world.clock.now().date(),
        lines=(LineDraft("Taxi", Decimal(1), Decimal("5.00"), account_code="6100"),),
    )

    results = await _create(qbo, [credit, purchase, unpaid])

    assert results[0].ok
    assert results[1].ok
    assert results[2].has_problem(ProblemKind.UNKNOWN_ACCOUNT)
    memo = (await qbo.find_documents(DocumentType.SALES_CREDIT, ["CM-1"]))[0]
    assert memo.total == Decimal("120.00")
    paid = (await qbo.find_documents(DocumentType.PURCHASE, ["E1bbastine"]))[0]
    assert paid.lines[0].account_code == "6100"


async def test_the_psa_tax_is_the_documents_tax(qbo: QuickBooksConnector, world: World) -> None:
    rates = {rate.name: rate.code for rate in await qbo.tax_rates()}
    line = LineDraft(
        "Licences",
        Decimal(3),
        Decimal("33.33"),
        item_code="LAB-REMOTE",
        tax_code=rates["MA"],
        tax_amount=Decimal("6.24"),
    )
    draft = DocumentDraft(
        document_type=DocumentType.SALES_INVOICE,
        idempotency_key="taxed",
        contact=PartyRef(name=world.plain_customer()),
        issue_date=world.clock.now().date(),
        number="TX-9",
        lines=(line,),
    )

    assert (await _create(qbo, [draft]))[0].ok
    document = (await qbo.find_documents(DocumentType.SALES_INVOICE, ["TX-9"]))[0]
    assert document.total_tax == Decimal("6.24")
    assert document.total == Decimal("106.23")


async def test_contacts_are_created_once_and_a_taken_name_is_a_duplicate(
    qbo: QuickBooksConnector, world: World
) -> None:
    taken = world.demo.customer(world.gaps.name_taken_customer_id).name

    results = await qbo.create_contacts(
        [
            ContactDraft("Fresh Start Dental", PartyRole.CUSTOMER, "c1", number="C-9001", email="ap@fresh.example"),
            ContactDraft(taken, PartyRole.CUSTOMER, "c2"),
            ContactDraft("Cable Guys Wholesale", PartyRole.SUPPLIER, "c3"),
        ]
    )

    assert [result.ok for result in results] == [True, False, True]
    assert results[1].has_problem(ProblemKind.DUPLICATE_NAME)
    assert "Another vendor is already using this name" in results[1].problems[0].message
    names = {contact.name: contact for contact in await qbo.contacts()}
    assert names["Fresh Start Dental"].is_customer
    assert names["Cable Guys Wholesale"].is_supplier
    follow_up = invoice_draft("after-contact", "Fresh Start Dental", "FS-1")
    assert (await _create(qbo, [follow_up]))[0].ok


async def test_items_need_an_income_account(qbo: QuickBooksConnector) -> None:
    results = await qbo.create_items(
        [
            ItemDraft("NEW-SVC", "New service", "i1", sales_account_code="4100", sales_unit_price=Decimal("95.00")),
            ItemDraft("NO-ACCOUNT", "Nowhere", "i2"),
        ]
    )

    assert results[0].ok
    assert results[1].has_problem(ProblemKind.UNKNOWN_ACCOUNT)
    items = {item.code: item for item in await qbo.items()}
    assert items["NEW-SVC"].sales_account_code == "4100"
    assert "NO-ACCOUNT" not in items


async def test_void_keeps_the_invoice_at_zero_and_delete_removes_a_bill(qbo: QuickBooksConnector, world: World) -> None:
    customer = world.plain_customer()
    [invoice] = await _create(qbo, [invoice_draft("to-void", customer, "V-100")])
    bill = DocumentDraft(
        document_type=DocumentType.BILL,
        idempotency_key="to-delete",
        contact=PartyRef(name=world.demo.vendors[0].name),
        issue_date=world.clock.now().date(),
        number="VB-1",
        lines=(LineDraft("Cables", Decimal(1), Decimal("25.00"), account_code="6200"),),
    )
    [created_bill] = await _create(qbo, [bill])

    voided = await qbo.void_document(DocumentType.SALES_INVOICE, invoice.target_id or "")
    deleted = await qbo.delete_document(DocumentType.BILL, created_bill.target_id or "")

    assert voided.status is RemoteStatus.VOIDED
    assert voided.total == 0
    assert voided.number == "V-100"
    assert deleted.status is RemoteStatus.DELETED
    assert await qbo.find_documents(DocumentType.BILL, ["VB-1"]) == []
    with pytest.raises(ValidationFailed, match="delete it instead"):
        await qbo.void_document(DocumentType.BILL, created_bill.target_id or "")


def _meddling(world: World, edit: Callable[[httpx.Request], httpx.Request | None]) -> httpx.AsyncBaseTransport:
    """A transport that lets someone else change the record just before our first void reaches QuickBooks."""
    inner = world.transport

    class Meddling(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            interference = edit(request)
            if interference is not None:
                await inner.handle_async_request(interference)
            return await inner.handle_async_request(request)

    return Meddling()


async def test_a_void_that_meets_a_stale_sync_token_reads_again_and_succeeds(world: World) -> None:
    sink = await world.sign_in()
    async with world.connector(sink) as qbo:
        [invoice] = await _create(qbo, [invoice_draft("stale", world.plain_customer(), "S-1")])
    meddled = {"done": False}

    def edit(request: httpx.Request) -> httpx.Request | None:
        if meddled["done"] or request.url.params.get("operation") != "void":
            return None
        meddled["done"] = True
        change = {"Id": invoice.target_id, "SyncToken": "0", "sparse": True, "PrivateNote": "edited by a colleague"}
        return httpx.Request(
            "POST",
            request.url.copy_with(params={"minorversion": "75"}),
            headers={"Authorization": request.headers["Authorization"], "Content-Type": "application/json"},
            content=json.dumps(change).encode(),
        )

    qbo = open_quickbooks(world.settings(), sink, clock=world.clock, transport=_meddling(world, edit))
    voided = await qbo.void_document(DocumentType.SALES_INVOICE, invoice.target_id or "")
    await qbo.aclose()

    assert meddled["done"]
    assert voided.status is RemoteStatus.VOIDED
    assert voided.reference == "Voided - edited by a colleague"


def test_stale_object_is_a_validation_failure_subtype() -> None:
    assert issubclass(StaleObject, ValidationFailed)


async def test_update_replaces_the_content_in_place(qbo: QuickBooksConnector, world: World) -> None:
    customer = world.plain_customer()
    [created] = await _create(qbo, [invoice_draft("upd", customer, "U-1", amount="120.00")])

    result = await qbo.update_document(invoice_draft("upd", customer, "U-1", amount="300.00"), created.target_id or "")

    assert result.ok
    assert result.target_id == created.target_id
    [document] = await qbo.find_documents(DocumentType.SALES_INVOICE, ["U-1"])
    assert document.total == Decimal("300.00")


async def test_an_update_qbo_refuses_is_a_result_with_problems(qbo: QuickBooksConnector, world: World) -> None:
    customer = world.plain_customer()
    [created] = await _create(qbo, [invoice_draft("upd2", customer, "U-2")])

    taken = invoice_draft("upd2", customer, world.gaps.taken_doc_number)
    result = await qbo.update_document(taken, created.target_id or "")

    assert not result.ok
    assert result.has_problem(ProblemKind.DUPLICATE_NUMBER)
