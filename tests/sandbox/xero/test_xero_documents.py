"""Invoices and credit notes in the sandbox: per-element results, numbering, totals, idempotency, void and delete."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest
from xero_contract import assert_request, assert_response, assert_schema

from tui_ledger.domain import decimal_json
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.xero.app import XeroSandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.seed import SeedGaps
from tui_ledger.sandbox.xero.store import Collection


def parsed(response: httpx.Response) -> Any:
    return json.loads(response.content, parse_float=Decimal)


def sale(
    number: str | None, customer: str, *, amount: str = "100.00", account: str = "4000", tax: str = "NONE", **extra: Any
) -> dict[str, Any]:
    invoice: dict[str, Any] = {
        "Type": "ACCREC",
        "Contact": {"ContactNumber": customer},
        "Date": "2026-01-10",
        "DueDate": "2026-02-09",
        "Status": "AUTHORISED",
        "LineItems": [
            {
                "Description": "Managed services",
                "Quantity": 1,
                "UnitAmount": Decimal(amount),
                "AccountCode": account,
                "TaxType": tax,
            }
        ],
        **extra,
    }
    if number is not None:
        invoice["InvoiceNumber"] = number
    return invoice


@pytest.fixture
def customer(demo: DemoCompany, gaps: SeedGaps) -> str:
    return next(c.identifier for c in demo.customers if c.id != gaps.renamed_customer_id)


async def put(api: httpx.AsyncClient, path: str, body: dict[str, Any], **params: str) -> httpx.Response:
    assert_request(path, "put", body)
    return await api.put(path, params=params, content=_json(body), headers={"Content-Type": "application/json"})


def _json(body: dict[str, Any]) -> bytes:
    return decimal_json.dumps(body).encode()


async def test_summarize_errors_false_answers_200_with_every_element_in_order(
    api: httpx.AsyncClient, customer: str, gaps: SeedGaps
) -> None:
    body = {"Invoices": [sale("T-100", customer), sale(gaps.taken_invoice_number, customer), sale("T-101", customer)]}
    answer = await put(api, "/Invoices", body, summarizeErrors="false")
    assert answer.status_code == 200
    assert_response("/Invoices", "put", 200, parsed(answer))
    elements = parsed(answer)["Invoices"]
    assert [element["StatusAttributeString"] for element in elements] == ["OK", "ERROR", "OK"]
    assert [element.get("InvoiceNumber") for element in elements] == ["T-100", gaps.taken_invoice_number, "T-101"]
    assert elements[1]["ValidationErrors"] == [{"Message": "Invoice # must be unique."}]
    assert elements[1]["HasErrors"] is True
    assert "InvoiceID" in elements[0]
    assert "InvoiceID" not in elements[1]


async def test_without_summarize_errors_a_failure_is_a_400_yet_the_valid_elements_are_saved(
    api: httpx.AsyncClient, customer: str, gaps: SeedGaps
) -> None:
    body = {"Invoices": [sale("T-200", customer), sale(gaps.taken_invoice_number, customer)]}
    answer = await put(api, "/Invoices", body)
    assert answer.status_code == 400
    error = parsed(answer)
    assert_schema("Error", error)
    assert error["Type"] == "ValidationException"
    assert error["ErrorNumber"] == 10
    assert [element["InvoiceNumber"] for element in error["Elements"]] == [gaps.taken_invoice_number]
    found = await api.get("/Invoices", params={"InvoiceNumbers": "T-200"})
    assert len(found.json()["Invoices"]) == 1


async def test_sales_numbers_are_unique_but_bill_numbers_may_repeat(api: httpx.AsyncClient, demo: DemoCompany) -> None:
    vendor = demo.vendors[0].identifier
    bill = {**sale("VINV-1", vendor, account="5000"), "Type": "ACCPAY"}
    answer = await put(api, "/Invoices", {"Invoices": [bill, bill]}, summarizeErrors="false")
    assert [element["StatusAttributeString"] for element in parsed(answer)["Invoices"]] == ["OK", "OK"]


async def test_an_invoice_without_a_number_is_numbered_by_xero(api: httpx.AsyncClient, customer: str) -> None:
    answer = await put(
        api, "/Invoices", {"Invoices": [sale(None, customer), sale(None, customer)]}, summarizeErrors="false"
    )
    numbers = [element["InvoiceNumber"] for element in parsed(answer)["Invoices"]]
    assert numbers[0].startswith("INV-")
    assert numbers[0] != numbers[1]


async def test_totals_tax_and_wire_formats(api: httpx.AsyncClient, customer: str, sandbox: XeroSandbox) -> None:
    rate = next(r for r in sandbox.store.all(MAIN_TENANT_ID, Collection.TAX_RATES) if r["EffectiveRate"] > 0)
    invoice = sale("T-300", customer, tax=rate["TaxType"])
    invoice["LineItems"].append(
        {
            "Description": "Hours",
            "Quantity": Decimal("2.5"),
            "UnitAmount": Decimal("99.99"),
            "AccountCode": "4100",
            "TaxType": "NONE",
        }
    )
    invoice["Date"] = "/Date(1768003200000+0000)/"
    answer = await put(api, "/Invoices", {"Invoices": [invoice]}, summarizeErrors="false")
    created = parsed(answer)["Invoices"][0]
    expected_tax = (Decimal("100.00") * rate["EffectiveRate"] / 100).quantize(Decimal("0.01"))
    assert created["SubTotal"] == Decimal("349.98")
    assert created["TotalTax"] == expected_tax
    assert created["Total"] == Decimal("349.98") + expected_tax
    assert created["Date"] == "/Date(1768003200000+0000)/"
    assert created["DateString"].startswith("2026-01-10")
    assert '"SubTotal":349.98' in answer.text


async def test_inclusive_amounts_carry_their_tax_inside(
    api: httpx.AsyncClient, customer: str, sandbox: XeroSandbox
) -> None:
    rate = next(r for r in sandbox.store.all(MAIN_TENANT_ID, Collection.TAX_RATES) if r["EffectiveRate"] > 0)
    invoice = sale("T-301", customer, amount="107.00", tax=rate["TaxType"], LineAmountTypes="Inclusive")
    created = parsed(await put(api, "/Invoices", {"Invoices": [invoice]}, summarizeErrors="false"))["Invoices"][0]
    assert created["Total"] == Decimal("107.00")
    assert created["SubTotal"] + created["TotalTax"] == Decimal("107.00")


async def test_the_deliberate_gaps_are_refused_with_xero_words(
    api: httpx.AsyncClient, customer: str, gaps: SeedGaps, demo: DemoCompany, sandbox: XeroSandbox
) -> None:
    archived = sale("T-400", customer, account=gaps.archived_account_code)
    answer = await put(api, "/Invoices", {"Invoices": [archived]}, summarizeErrors="false")
    message = parsed(answer)["Invoices"][0]["ValidationErrors"][0]["Message"]
    assert message.startswith(f"Account code '{gaps.archived_account_code}' has been archived")
    taxed = {rate["Name"] for rate in sandbox.store.all(MAIN_TENANT_ID, Collection.TAX_RATES)}
    missing = next(code for code in demo.tax_codes if code.identifier == gaps.missing_tax_code)
    assert missing.name not in taxed


async def test_a_contact_named_but_unknown_is_created_as_xero_does(
    api: httpx.AsyncClient, sandbox: XeroSandbox
) -> None:
    invoice = {**sale("T-500", "ignored"), "Contact": {"Name": "Brand New Customer Ltd"}}
    created = parsed(await put(api, "/Invoices", {"Invoices": [invoice]}, summarizeErrors="false"))["Invoices"][0]
    assert created["StatusAttributeString"] == "OK"
    contacts = sandbox.store.by_name(MAIN_TENANT_ID, Collection.CONTACTS, "Brand New Customer Ltd")
    assert len(contacts) == 1
    assert contacts[0]["IsCustomer"] is True


async def test_a_document_without_contact_identification_gets_the_xero_message(api: httpx.AsyncClient) -> None:
    invoice = {**sale("T-501", "x"), "Contact": {}}
    element = parsed(await put(api, "/Invoices", {"Invoices": [invoice]}, summarizeErrors="false"))["Invoices"][0]
    assert element["ValidationErrors"][0]["Message"].startswith("The Contact must contain at least 1 of the following")


async def test_the_same_idempotency_key_replays_the_first_answer_without_a_second_document(
    api: httpx.AsyncClient, customer: str
) -> None:
    body = {"Invoices": [sale(None, customer)]}
    key = {"Idempotency-Key": "chunk-0001"}
    first = await api.put("/Invoices", params={"summarizeErrors": "false"}, content=_json(body), headers=key)
    second = await api.put("/Invoices", params={"summarizeErrors": "false"}, content=_json(body), headers=key)
    assert first.content == second.content
    number = first.json()["Invoices"][0]["InvoiceNumber"]
    assert len((await api.get("/Invoices", params={"InvoiceNumbers": number})).json()["Invoices"]) == 1
    other = await api.put(
        "/Invoices",
        params={"summarizeErrors": "false"},
        content=_json({"Invoices": [sale("T-600", customer)]}),
        headers=key,
    )
    assert other.status_code == 400
    assert "is used with a different request" in other.text


async def test_credit_notes_are_numbered_and_found_by_where(api: httpx.AsyncClient, customer: str) -> None:
    credit = {**sale(None, customer), "Type": "ACCRECCREDIT", "CreditNoteNumber": "CN-T-1"}
    credit.pop("DueDate")
    answer = await put(api, "/CreditNotes", {"CreditNotes": [credit]}, summarizeErrors="false")
    assert_response("/CreditNotes", "put", 200, parsed(answer))
    created = parsed(answer)["CreditNotes"][0]
    assert created["RemainingCredit"] == Decimal("100.00")
    found = await api.get("/CreditNotes", params={"where": 'CreditNoteNumber=="CN-T-1" OR CreditNoteNumber=="nope"'})
    assert_response("/CreditNotes", "get", 200, parsed(found))
    assert [note["CreditNoteID"] for note in found.json()["CreditNotes"]] == [created["CreditNoteID"]]
    duplicate = await put(api, "/CreditNotes", {"CreditNotes": [credit]}, summarizeErrors="false")
    assert parsed(duplicate)["CreditNotes"][0]["StatusAttributeString"] == "ERROR"


async def test_negative_totals_are_refused(api: httpx.AsyncClient, customer: str) -> None:
    element = parsed(
        await put(api, "/Invoices", {"Invoices": [sale("T-700", customer, amount="-5.00")]}, summarizeErrors="false")
    )["Invoices"][0]
    assert element["StatusAttributeString"] == "ERROR"


async def void_or_delete(api: httpx.AsyncClient, invoice_id: str, status: str) -> httpx.Response:
    body = {"Invoices": [{"InvoiceID": invoice_id, "Status": status}]}
    return await api.post(f"/Invoices/{invoice_id}", content=_json(body))


async def test_void_an_authorised_invoice_and_its_number_stays_taken(api: httpx.AsyncClient, customer: str) -> None:
    created = parsed(await put(api, "/Invoices", {"Invoices": [sale("T-800", customer)]}, summarizeErrors="false"))[
        "Invoices"
    ][0]
    refused_delete = await void_or_delete(api, created["InvoiceID"], "DELETED")
    assert refused_delete.status_code == 400
    voided = await void_or_delete(api, created["InvoiceID"], "VOIDED")
    assert voided.status_code == 200
    assert voided.json()["Invoices"][0]["Status"] == "VOIDED"
    again = parsed(await put(api, "/Invoices", {"Invoices": [sale("T-800", customer)]}, summarizeErrors="false"))
    assert again["Invoices"][0]["ValidationErrors"] == [{"Message": "Invoice # must be unique."}]
    edit = await void_or_delete(api, created["InvoiceID"], "AUTHORISED")
    assert edit.status_code == 400
    assert "not of valid status for modification" in edit.text


async def test_delete_a_draft_and_its_number_is_free_again(api: httpx.AsyncClient, customer: str) -> None:
    draft = sale("T-900", customer, Status="DRAFT")
    created = parsed(await put(api, "/Invoices", {"Invoices": [draft]}, summarizeErrors="false"))["Invoices"][0]
    assert (await void_or_delete(api, created["InvoiceID"], "VOIDED")).status_code == 400
    deleted = await void_or_delete(api, created["InvoiceID"], "DELETED")
    assert deleted.json()["Invoices"][0]["Status"] == "DELETED"
    reused = parsed(await put(api, "/Invoices", {"Invoices": [sale("T-900", customer)]}, summarizeErrors="false"))
    assert reused["Invoices"][0]["StatusAttributeString"] == "OK"


async def test_lookups_by_number_id_and_paging(api: httpx.AsyncClient, customer: str) -> None:
    created = parsed(
        await put(
            api,
            "/Invoices",
            {"Invoices": [sale("T-1000", customer), sale("T-1001", customer)]},
            summarizeErrors="false",
        )
    )["Invoices"]
    by_numbers = await api.get("/Invoices", params={"InvoiceNumbers": "T-1000,T-1001,missing"})
    assert_response("/Invoices", "get", 200, parsed(by_numbers))
    assert {invoice["InvoiceNumber"] for invoice in by_numbers.json()["Invoices"]} == {"T-1000", "T-1001"}
    one = await api.get(f"/Invoices/{created[0]['InvoiceID']}")
    assert one.json()["Invoices"][0]["InvoiceNumber"] == "T-1000"
    by_number_path = await api.get("/Invoices/T-1001")
    assert by_number_path.json()["Invoices"][0]["InvoiceID"] == created[1]["InvoiceID"]
    page = await api.get("/Invoices", params={"page": "1", "pageSize": "1", "Statuses": "AUTHORISED"})
    assert page.json()["pagination"]["pageSize"] == 1
    assert len(page.json()["Invoices"]) == 1


async def test_unknown_records_are_404_plain_text(api: httpx.AsyncClient) -> None:
    answer = await api.get("/Invoices/00000000-0000-0000-0000-000000000000")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.text == "The resource you're looking for cannot be found"


async def test_malformed_bodies_and_filters_are_400(api: httpx.AsyncClient) -> None:
    bad_json = await api.put("/Invoices", content=b"{not json")
    assert bad_json.status_code == 400
    assert bad_json.json()["Type"] == "PostDataInvalidException"
    bad_where = await api.get("/Invoices", params={"where": "Status=="})
    assert bad_where.status_code == 400
    assert bad_where.json()["Type"] == "ValidationException"


async def test_dates_on_or_before_the_lock_date_are_refused(
    api: httpx.AsyncClient, customer: str, demo: DemoCompany
) -> None:
    earliest = min(invoice.date for invoice in demo.invoices)
    old = sale("T-1100", customer, Date=earliest.replace(year=earliest.year - 1).isoformat())
    element = parsed(await put(api, "/Invoices", {"Invoices": [old]}, summarizeErrors="false"))["Invoices"][0]
    assert "lock date" in element["ValidationErrors"][0]["Message"]
