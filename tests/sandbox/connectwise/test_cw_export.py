"""The export preview: selection rules, summary levels, amounts to the cent, and shapes the connector joins on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import body
from tui_ledger.sandbox.demo import DemoCompany, ExpenseClassification, InvoiceType, LineKind

EXPORT = "finance/accounting/export"


async def preview(client: httpx.AsyncClient, **request: Any) -> dict[str, Any]:
    response = await client.post(EXPORT, json=request)
    assert response.status_code == 200, response.text
    return body(response)


async def test_a_preview_covers_every_unposted_invoice_and_batches_nothing(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    export = await preview(client, exportInvoicesFlag=True, thruDate="2026-10-31T00:00:00Z")
    assert sorted(t["id"] for t in export["transactions"]) == sorted(i.id for i in company.unposted_invoices())
    count = body(await client.get("finance/accounting/unpostedinvoices/count"))
    assert count == {"count": len(company.unposted_invoices())}
    assert export["expenses"] == export["expenseBills"] == export["purchaseTransactions"] == []


async def test_thru_date_location_and_excluded_ids_narrow_the_selection(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    excluded = company.unposted_invoices()[0].id
    export = await preview(
        client,
        exportInvoicesFlag=True,
        thruDate="2026-09-30T00:00:00Z",
        locationId=1,
        excludedInvoiceIds=[excluded],
    )
    expected = sorted(
        i.id
        for i in company.unposted_invoices()
        if i.date.isoformat() <= "2026-09-30" and i.location_id == 1 and i.id != excluded
    )
    assert sorted(t["id"] for t in export["transactions"]) == expected
    assert export["exportSettings"]["locationId"] == 1


@pytest.mark.parametrize("level", ["Default", "Condensed", "Detailed"])
async def test_every_level_keeps_each_invoice_to_the_cent(
    client: httpx.AsyncClient, company: DemoCompany, level: str
) -> None:
    export = await preview(client, exportInvoicesFlag=True, summarizeInvoices=level)
    invoices = {invoice.id: invoice for invoice in company.invoices}
    for transaction in export["transactions"]:
        invoice = invoices[transaction["id"]]
        assert transaction["total"] == invoice.total
        assert transaction["salesTax"] == invoice.sales_tax
        assert sum((d["total"] for d in transaction["detail"]), Decimal("0.00")) == invoice.subtotal
        assert {d["invoiceSummaryOption"] for d in transaction["detail"]} <= {level}


async def test_levels_differ_in_granularity(client: httpx.AsyncClient, company: DemoCompany) -> None:
    agreement = next(i for i in company.unposted_invoices() if i.type is InvoiceType.AGREEMENT and len(i.lines) > 1)
    details = {}
    for level in ("Detailed", "Default", "Condensed"):
        export = await preview(
            client, exportInvoicesFlag=True, includedInvoiceIds=[agreement.id], summarizeInvoices=level
        )
        details[level] = export["transactions"][0]["detail"]
    accounts = {line.account_number for line in agreement.lines}
    assert [d["description"] for d in details["Detailed"]] == [line.description for line in agreement.lines]
    assert [d["glItemId"] for d in details["Detailed"]] == [line.item_identifier for line in agreement.lines]
    assert len(details["Default"]) == len({(line.account_number, line.taxable) for line in agreement.lines})
    assert all(d["description"] == agreement.description for d in details["Default"])
    assert len(details["Condensed"]) <= len(accounts) * 2
    assert all("item" not in d for d in details["Condensed"])


async def test_down_payment_lines_have_no_item_and_their_own_gl_type(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    applied = next(
        i
        for i in company.unposted_invoices()
        if any(line.kind is LineKind.DOWN_PAYMENT and line.amount < 0 for line in i.lines)
    )
    export = await preview(
        client, exportInvoicesFlag=True, includedInvoiceIds=[applied.id], summarizeInvoices="Detailed"
    )
    [down_payment] = [d for d in export["transactions"][0]["detail"] if d["glTypeId"] == "RD"]
    assert "item" not in down_payment
    assert down_payment["total"] < 0
    assert down_payment["accountNumber"] == "2400"


async def test_negative_invoices_are_credit_memos(client: httpx.AsyncClient, company: DemoCompany) -> None:
    memo = next(i for i in company.unposted_invoices() if i.type is InvoiceType.CREDIT_MEMO)
    export = await preview(client, exportInvoicesFlag=True, includedInvoiceIds=[memo.id])
    [transaction] = export["transactions"]
    assert transaction["documentType"] == "CreditMemo"
    assert transaction["total"] < 0


async def test_expenses_split_into_bills_and_company_paid_expenses(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    export = await preview(client, exportExpensesFlag=True)
    unposted = {expense.id: expense for expense in company.unposted_expenses()}
    bills = {bill["id"]: bill for bill in export["expenseBills"]}
    paid = {expense["id"]: expense for expense in export["expenses"]}
    assert set(bills) | set(paid) == set(unposted)
    for expense_id, bill in bills.items():
        assert unposted[expense_id].classification is ExpenseClassification.REIMBURSABLE
        assert bill["total"] == unposted[expense_id].amount
        assert bill["detail"][0]["accountNumber"] == unposted[expense_id].account_number
    for expense_id, expense in paid.items():
        assert unposted[expense_id].classification is ExpenseClassification.NON_REIMBURSABLE
        assert expense["offset"]["total"] == -unposted[expense_id].amount


async def test_po_freight_and_products_pair_with_their_unposted_records(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    export = await preview(client, exportProductsFlag=True)
    records = body(await client.get("finance/accounting/unpostedprocurement", params={"pageSize": 1000}))
    for record in records:
        [purchase] = [
            p for p in export["purchaseTransactions"] if p["documentNumber"] == record["purchaseOrder"]["name"]
        ]
        freight = record["unpostedProductId"].startswith("FREIGHT-")
        assert (record["description"] == "Freight") is freight
        assert record["freightCost"] == (record["total"] if freight else 0)
        matching = [
            d
            for d in purchase["purchaseDetail"]
            if d["glTypeId"] == ("PF" if freight else "P")
            and d["description"] == record["description"]
            and d["total"] == record["total"]
        ]
        assert matching
    orders = {po.number: po for po in company.purchase_orders}
    for purchase in export["purchaseTransactions"]:
        freight_details = [d for d in purchase["purchaseDetail"] if d["glTypeId"] == "PF"]
        assert purchase["freightAmount"] == sum((d["total"] for d in freight_details), Decimal(0))
        assert purchase["vendorInvoiceNumber"] == orders[purchase["documentNumber"]].vendor_invoice_number


@pytest.mark.parametrize(
    ("request_body", "field"),
    [
        ({}, "exportInvoicesFlag"),
        ({"exportInvoicesFlag": "yes"}, "exportInvoicesFlag"),
        ({"exportInvoicesFlag": True, "summarizeInvoices": "Verbose"}, "summarizeInvoices"),
        ({"exportInvoicesFlag": True, "thruDate": "last tuesday"}, "thruDate"),
        ({"exportInvoicesFlag": True, "includedInvoiceIds": "1,2"}, "includedInvoiceIds"),
        ({"exportInvoicesFlag": True, "batchIdentifier": "B" * 51}, "batchIdentifier"),
    ],
)
async def test_invalid_export_requests_are_refused(
    client: httpx.AsyncClient, request_body: dict[str, Any], field: str
) -> None:
    response = await client.post(EXPORT, json=request_body)
    assert response.status_code == 400
    error = body(response)
    assert error["message"] == "exportAccountingBatchRequest object is invalid"
    assert error["errors"][0]["field"] == field


async def test_a_body_that_is_not_json_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post(EXPORT, content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "not valid JSON" in body(response)["errors"][0]["message"]


async def test_amounts_leave_the_sandbox_as_exact_numbers(client: httpx.AsyncClient, company: DemoCompany) -> None:
    invoice = max(company.unposted_invoices(), key=lambda i: i.total)
    response = await client.post(EXPORT, json={"exportInvoicesFlag": True, "includedInvoiceIds": [invoice.id]})
    assert f'"total":{invoice.total}' in response.text
    assert f'"salesTax":{invoice.sales_tax}' in response.text
