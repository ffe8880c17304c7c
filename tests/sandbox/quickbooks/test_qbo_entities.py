"""Create, read, update, void and delete on the QuickBooks sandbox, with QBO's answers and Fault codes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
from qbo_helpers import body, fault_code, json_body, one, plain_customer, query, quoted

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.quickbooks.seed import SeedGaps


async def _refs(api: httpx.AsyncClient) -> dict[str, str]:
    customer = await one(api, f"select * from Customer where DisplayName = {quoted(plain_customer())}")
    item = await one(api, "select * from Item where Name = 'LAB-REMOTE'")
    return {"customer": customer["Id"], "item": item["Id"]}


def _invoice(refs: dict[str, str], number: str | None = "T-1001", amount: str = "300.00") -> dict[str, Any]:
    invoice: dict[str, Any] = {
        "CustomerRef": {"value": refs["customer"]},
        "TxnDate": "2026-11-01",
        "Line": [
            {
                "Amount": Decimal(amount),
                "Description": "Remote support",
                "DetailType": "SalesItemLineDetail",
                "SalesItemLineDetail": {
                    "ItemRef": {"value": refs["item"]},
                    "Qty": Decimal("2"),
                    "UnitPrice": Decimal(amount) / 2,
                },
            }
        ],
        "TxnTaxDetail": {"TotalTax": Decimal("18.75")},
    }
    if number is not None:
        invoice["DocNumber"] = number
    return invoice


async def test_create_invoice_answers_the_entity_with_what_qbo_computes(api: httpx.AsyncClient) -> None:
    refs = await _refs(api)

    response = await api.post("/invoice", **json_body(_invoice(refs)))

    assert response.status_code == 200, response.text
    invoice = body(response)["Invoice"]
    assert invoice["DocNumber"] == "T-1001"
    assert invoice["SyncToken"] == "0"
    assert invoice["TotalAmt"] == Decimal("318.75")
    assert invoice["Balance"] == Decimal("318.75")
    assert invoice["CustomerRef"] == {"value": refs["customer"], "name": plain_customer()}
    assert invoice["Line"][0]["SalesItemLineDetail"]["ItemRef"]["name"] == "LAB-REMOTE"
    assert invoice["Line"][-1] == {
        "Amount": Decimal("300.00"),
        "DetailType": "SubTotalLineDetail",
        "SubTotalLineDetail": {},
    }
    assert invoice["MetaData"]["CreateTime"]
    assert response.headers["intuit_tid"]


async def test_read_returns_what_was_created(api: httpx.AsyncClient) -> None:
    created = body(await api.post("/invoice", **json_body(_invoice(await _refs(api)))))["Invoice"]

    response = await api.get(f"/invoice/{created['Id']}")

    assert response.status_code == 200
    assert body(response)["Invoice"]["TotalAmt"] == created["TotalAmt"]


async def test_sparse_update_changes_only_what_is_sent_and_moves_the_sync_token(api: httpx.AsyncClient) -> None:
    created = body(await api.post("/invoice", **json_body(_invoice(await _refs(api)))))["Invoice"]

    change = {"Id": created["Id"], "SyncToken": created["SyncToken"], "sparse": True, "PrivateNote": "checked"}
    response = await api.post("/invoice", **json_body(change))

    updated = body(response)["Invoice"]
    assert updated["SyncToken"] == "1"
    assert updated["PrivateNote"] == "checked"
    assert updated["TotalAmt"] == created["TotalAmt"]
    assert updated["DocNumber"] == "T-1001"


async def test_update_with_an_old_sync_token_is_a_stale_object_fault(api: httpx.AsyncClient) -> None:
    created = body(await api.post("/invoice", **json_body(_invoice(await _refs(api)))))["Invoice"]
    first = {"Id": created["Id"], "SyncToken": "0", "sparse": True, "PrivateNote": "first writer"}
    assert (await api.post("/invoice", **json_body(first))).status_code == 200

    second = {"Id": created["Id"], "SyncToken": "0", "sparse": True, "PrivateNote": "second writer"}
    response = await api.post("/invoice", **json_body(second))

    assert response.status_code == 400
    assert fault_code(response) == "5010"
    assert body(response)["Fault"]["type"] == "ValidationFault"
    assert "Stale Object Error" in body(response)["Fault"]["Error"][0]["Detail"]


async def test_duplicate_doc_number_is_6140_naming_the_holder(api: httpx.AsyncClient) -> None:
    refs = await _refs(api)
    first = body(await api.post("/invoice", **json_body(_invoice(refs, "T-2000"))))["Invoice"]

    response = await api.post("/invoice", **json_body(_invoice(refs, "T-2000", amount="40.00")))

    assert response.status_code == 400
    error = body(response)["Fault"]["Error"][0]
    assert error["code"] == "6140"
    assert error["Message"] == "Duplicate Document Number Error"
    assert f"DocNumber=T-2000 is assigned to TxnType=Invoice with TxnId={first['Id']}" in error["Detail"]


async def test_the_same_number_on_a_credit_memo_is_not_a_duplicate(api: httpx.AsyncClient) -> None:
    refs = await _refs(api)
    assert (await api.post("/invoice", **json_body(_invoice(refs, "T-3000")))).status_code == 200

    response = await api.post("/creditmemo", **json_body(_invoice(refs, "T-3000")))

    assert response.status_code == 200
    assert body(response)["CreditMemo"]["RemainingCredit"] == Decimal("318.75")


async def test_amount_must_equal_quantity_times_price(api: httpx.AsyncClient) -> None:
    invoice = _invoice(await _refs(api))
    invoice["Line"][0]["SalesItemLineDetail"]["UnitPrice"] = Decimal("149.99")

    response = await api.post("/invoice", **json_body(invoice))

    assert fault_code(response) == "6070"


async def test_unknown_property_is_2010(api: httpx.AsyncClient) -> None:
    invoice = _invoice(await _refs(api))
    invoice["InvoiceNumber"] = "T-1"

    response = await api.post("/invoice", **json_body(invoice))

    assert response.status_code == 400
    assert fault_code(response) == "2010"
    assert body(response)["Fault"]["Error"][0]["element"] == "Invoice.InvoiceNumber"


async def test_missing_customer_is_2020_and_unknown_customer_is_2500(api: httpx.AsyncClient) -> None:
    invoice = _invoice(await _refs(api))
    missing = {key: value for key, value in invoice.items() if key != "CustomerRef"}
    assert fault_code(await api.post("/invoice", **json_body(missing))) == "2020"

    invoice["CustomerRef"] = {"value": "999999"}
    assert fault_code(await api.post("/invoice", **json_body(invoice))) == "2500"


async def test_void_keeps_the_number_at_zero_and_delete_removes_it(api: httpx.AsyncClient) -> None:
    refs = await _refs(api)
    invoice = body(await api.post("/invoice", **json_body(_invoice(refs, "T-4000"))))["Invoice"]

    voided = await api.post(
        "/invoice", params={"operation": "void"}, **json_body({"Id": invoice["Id"], "SyncToken": "0"})
    )

    assert voided.status_code == 200
    assert body(voided)["Invoice"]["TotalAmt"] == 0
    assert body(voided)["Invoice"]["PrivateNote"] == "Voided"
    assert fault_code(await api.post("/invoice", **json_body(_invoice(refs, "T-4000")))) == "6140"

    deleted = await api.post(
        "/invoice", params={"operation": "delete"}, **json_body({"Id": invoice["Id"], "SyncToken": "1"})
    )

    assert body(deleted)["Invoice"] == {"domain": "QBO", "status": "Deleted", "Id": invoice["Id"]}
    assert fault_code(await api.get(f"/invoice/{invoice['Id']}")) == "610"
    assert (await api.post("/invoice", **json_body(_invoice(refs, "T-4000")))).status_code == 200


async def test_bills_cannot_be_voided_and_customers_cannot_be_deleted(api: httpx.AsyncClient) -> None:
    customer = await one(api, f"select * from Customer where DisplayName = {quoted(plain_customer())}")

    void = await api.post("/bill", params={"operation": "void"}, **json_body({"Id": "1", "SyncToken": "0"}))
    delete = await api.post(
        "/customer", params={"operation": "delete"}, **json_body({"Id": customer["Id"], "SyncToken": "0"})
    )

    assert fault_code(void) == "500"
    assert fault_code(delete) == "500"


async def test_display_names_are_unique_across_customers_vendors_and_employees(
    api: httpx.AsyncClient, demo: DemoCompany
) -> None:
    vendor_name = demo.vendors[0].name
    employee_name = demo.members[0].name

    as_customer = await api.post("/customer", **json_body({"DisplayName": vendor_name}))
    as_vendor = await api.post("/vendor", **json_body({"DisplayName": employee_name.upper()}))

    assert fault_code(as_customer) == "6240"
    assert "Another vendor is already using this name" in body(as_customer)["Fault"]["Error"][0]["Detail"]
    assert fault_code(as_vendor) == "6240"
    assert (await api.post("/customer", **json_body({"DisplayName": "Brand New Client"}))).status_code == 200


async def test_the_inactive_account_refuses_new_lines(
    api: httpx.AsyncClient, gaps: SeedGaps, demo: DemoCompany
) -> None:
    account = await one(api, f"select * from Account where AcctNum = '{gaps.inactive_account}' and Active = false")
    vendor = await one(api, f"select * from Vendor where DisplayName = {quoted(demo.vendors[0].name)}")
    bill = {
        "VendorRef": {"value": vendor["Id"]},
        "Line": [
            {
                "Amount": Decimal("12.00"),
                "DetailType": "AccountBasedExpenseLineDetail",
                "AccountBasedExpenseLineDetail": {"AccountRef": {"value": account["Id"]}},
            }
        ],
    }

    response = await api.post("/bill", **json_body(bill))

    assert fault_code(response) == "610"
    assert "made inactive" in body(response)["Fault"]["Error"][0]["Detail"]


async def test_transaction_currency_must_match_the_customer(api: httpx.AsyncClient) -> None:
    invoice = _invoice(await _refs(api))
    invoice["CurrencyRef"] = {"value": "CAD"}

    response = await api.post("/invoice", **json_body(invoice))

    assert fault_code(response) == "6000"
    assert "currency" in body(response)["Fault"]["Error"][0]["Detail"]


async def test_a_negative_total_is_refused(api: httpx.AsyncClient) -> None:
    invoice = _invoice(await _refs(api))
    invoice["Line"][0]["Amount"] = Decimal("-300.00")
    invoice["Line"][0]["SalesItemLineDetail"]["UnitPrice"] = Decimal("-150.00")

    assert fault_code(await api.post("/invoice", **json_body(invoice))) == "6000"


async def test_malformed_json_is_a_fault_not_a_crash(api: httpx.AsyncClient) -> None:
    response = await api.post("/invoice", content=b'{"Line": [', headers={"Content-Type": "application/json"})

    assert response.status_code == 400
    assert fault_code(response) == "2010"


async def test_tax_codes_are_read_only(api: httpx.AsyncClient) -> None:
    response = await api.post("/taxcode", **json_body({"Name": "NEW"}))

    assert fault_code(response) == "500"


async def test_sales_tax_is_computed_from_the_line_tax_code(api: httpx.AsyncClient) -> None:
    code = await one(api, "select * from TaxCode where Name = 'MA'")
    invoice = _invoice(await _refs(api))
    del invoice["TxnTaxDetail"]
    invoice["Line"][0]["SalesItemLineDetail"]["TaxCodeRef"] = {"value": code["Id"]}

    excluded = body(await api.post("/invoice", **json_body({**invoice, "DocNumber": "TX-1"})))["Invoice"]
    included = body(
        await api.post(
            "/invoice", **json_body({**invoice, "DocNumber": "TX-2", "GlobalTaxCalculation": "TaxInclusive"})
        )
    )["Invoice"]

    assert excluded["TxnTaxDetail"]["TotalTax"] == Decimal("18.75")
    assert excluded["TotalAmt"] == Decimal("318.75")
    assert included["TxnTaxDetail"]["TotalTax"] == Decimal("17.65")
    assert included["TotalAmt"] == Decimal("300.00")


async def test_preferences_say_numbers_are_custom_and_the_home_currency(api: httpx.AsyncClient) -> None:
    preferences = body(await api.get("/preferences"))["Preferences"]

    assert preferences["SalesFormsPrefs"]["CustomTxnNumbers"] is True
    assert preferences["CurrencyPrefs"]["HomeCurrency"] == {"value": "USD"}


async def test_multicurrency_is_on_with_cad_as_the_company_currency_of_the_canadian_customers(
    api: httpx.AsyncClient,
) -> None:
    preferences = body(await api.get("/preferences"))["Preferences"]
    currencies = (await query(api, "select * from CompanyCurrency"))["CompanyCurrency"]
    canadian = (await query(api, "select * from Customer where CurrencyRef = 'CAD'"))["Customer"]

    assert preferences["CurrencyPrefs"]["MultiCurrencyEnabled"] is True
    assert [(currency["Code"], currency["Name"], currency["Active"]) for currency in currencies] == [
        ("CAD", "Canadian Dollar", True)
    ]
    assert canadian, "the demo's Canadian customers are held in CAD (QuickBooks: one currency per customer)"


async def test_a_customer_is_held_in_the_home_currency_unless_created_in_a_company_currency(
    api: httpx.AsyncClient,
) -> None:
    plain = body(await api.post("/customer", **json_body({"DisplayName": "Home Client"})))["Customer"]
    canadian = body(
        await api.post("/customer", **json_body({"DisplayName": "Maple Client", "CurrencyRef": {"value": "CAD"}}))
    )["Customer"]
    euro = await api.post("/customer", **json_body({"DisplayName": "Euro Client", "CurrencyRef": {"value": "EUR"}}))

    assert plain["CurrencyRef"] == {"value": "USD", "name": "United States Dollar"}
    assert canadian["CurrencyRef"] == {"value": "CAD", "name": "Canadian Dollar"}
    assert fault_code(euro) == "6000"
    assert "EUR is not one of this company's currencies" in body(euro)["Fault"]["Error"][0]["Detail"]


async def test_a_customer_currency_cannot_be_changed(api: httpx.AsyncClient) -> None:
    created = body(await api.post("/customer", **json_body({"DisplayName": "Fixed Client"})))["Customer"]
    change = {"Id": created["Id"], "SyncToken": created["SyncToken"], "sparse": True, "CurrencyRef": {"value": "CAD"}}

    response = await api.post("/customer", **json_body(change))

    assert fault_code(response) == "6000"
    assert "held in USD" in body(response)["Fault"]["Error"][0]["Detail"]


async def test_a_purchase_is_paid_from_a_bank_or_credit_card_account_only(api: httpx.AsyncClient) -> None:
    liability = await one(api, "select * from Account where AcctNum = '2150'")
    expense = await one(api, "select * from Account where AcctNum = '6100'")
    purchase = {
        "PaymentType": "Cash",
        "AccountRef": {"value": liability["Id"]},
        "Line": [
            {
                "Amount": Decimal("42.50"),
                "DetailType": "AccountBasedExpenseLineDetail",
                "AccountBasedExpenseLineDetail": {"AccountRef": {"value": expense["Id"]}},
            }
        ],
    }

    response = await api.post("/purchase", **json_body(purchase))

    assert fault_code(response) == "6000"
    assert (
        "must be paid from a Bank account, not Other Current Liability" in body(response)["Fault"]["Error"][0]["Detail"]
    )
