"""The demo company's QuickBooks file: what earlier month-ends exported, and the deliberate gaps."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import httpx
from qbo_helpers import COMPANY, ROOT, VirtualClock, json_body, one, query, quoted, refresh

from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE
from tui_ledger.sandbox.quickbooks.seed import SeedGaps


async def test_the_inactive_account_is_a_real_income_account_used_by_unposted_lines(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    account = await one(api, f"select * from Account where AcctNum = '{gaps.inactive_account}' and Active = false")

    assert account["AccountType"] == "Income"
    used = {line.account_number for invoice in demo.unposted_invoices() for line in invoice.lines}
    assert gaps.inactive_account in used


async def test_the_missing_tax_code_is_used_by_unposted_invoices_but_absent(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    codes = {code["Name"] for code in (await query(api, "select * from TaxCode"))["TaxCode"]}

    assert gaps.missing_tax_code not in codes
    assert codes == {code.identifier for code in demo.tax_codes} - {gaps.missing_tax_code}
    used = {demo.tax_code(invoice.tax_code_id).identifier for invoice in demo.unposted_invoices()}
    assert gaps.missing_tax_code in used


async def test_tax_codes_point_at_rates_with_the_demo_percentages(api: httpx.AsyncClient, demo: DemoCompany) -> None:
    code = await one(api, "select * from TaxCode where Name = 'MA'")
    rate_id = code["SalesTaxRateList"]["TaxRateDetail"][0]["TaxRateRef"]["value"]

    rate = (await query(api, f"select * from TaxRate where Id = '{rate_id}'"))["TaxRate"][0]

    expected = next(tax.rate for tax in demo.tax_codes if tax.identifier == "MA") * 100
    assert Decimal(rate["RateValue"]) == expected


async def test_one_customer_is_there_under_another_name(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    customer = demo.customer(gaps.renamed_customer_id)

    by_number = await one(api, f"select * from Customer where AcctNum = '{customer.account_number}'")

    assert by_number["DisplayName"] == gaps.renamed_display_name != customer.name
    assert await query(api, f"select * from Customer where DisplayName = {quoted(customer.name)}") == {}


async def test_one_customers_name_is_held_by_a_vendor_so_creating_it_is_6240(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    name = demo.customer(gaps.name_taken_customer_id).name

    response = await api.post("/customer", **json_body({"DisplayName": name}))

    assert response.status_code == 400
    assert response.json()["Fault"]["Error"][0]["code"] == "6240"
    assert (await one(api, f"select * from Vendor where DisplayName = {quoted(name)}"))["DisplayName"] == name


async def test_one_customer_billed_this_month_is_not_in_the_file_yet(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    customer = demo.customer(gaps.new_customer_id)

    assert any(invoice.company_id == customer.id for invoice in demo.unposted_invoices())
    assert customer.currency == "USD"
    assert await query(api, f"select * from Customer where DisplayName = {quoted(customer.name)}") == {}
    assert await query(api, f"select * from Customer where AcctNum = '{customer.account_number}'") == {}


async def test_an_unposted_invoice_number_is_already_taken_by_other_content(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    psa = next(invoice for invoice in demo.unposted_invoices() if invoice.number == gaps.taken_doc_number)

    holder = await one(api, f"select * from Invoice where DocNumber = '{gaps.taken_doc_number}'")

    assert holder["TotalAmt"] != psa.total


async def test_batched_invoices_are_already_in_the_books(api: httpx.AsyncClient, demo: DemoCompany) -> None:
    batched = {record.record_id for _, record in demo.batched_records() if record.kind is BatchRecordKind.INVOICE}
    expected = [invoice for invoice in demo.invoices if invoice.id in batched and invoice.lines]

    for invoice in expected:
        entity = "CreditMemo" if invoice.total < 0 else "Invoice"
        found = await one(api, f"select * from {entity} where DocNumber = '{invoice.number}'")
        assert found["TotalAmt"] == abs(invoice.total)


async def test_unposted_invoices_are_not_in_the_books(
    api: httpx.AsyncClient, demo: DemoCompany, gaps: SeedGaps
) -> None:
    numbers = [invoice.number for invoice in demo.unposted_invoices() if invoice.number != gaps.taken_doc_number]
    listed = ", ".join(f"'{number}'" for number in numbers[:50])

    assert await query(api, f"select * from Invoice where DocNumber IN ({listed})") == {}


async def test_seeding_is_deterministic(tmp_path: Path, demo: DemoCompany) -> None:
    listings = []
    for name in ("first", "second"):
        hub = SandboxHub(tmp_path / name, SandboxKnobs(), services=[SERVICE], clock=VirtualClock())
        hub.seed(demo)
        async with httpx.AsyncClient(transport=hub.transport("quickbooks"), base_url=ROOT) as root:
            listings.append(await _everything(root))

    assert listings[0] == listings[1]


async def _everything(root: httpx.AsyncClient) -> list[object]:
    token = (await refresh(root, SERVICE.credentials["refresh_token"])).json()["access_token"]
    root.headers["Authorization"] = f"Bearer {token}"
    listing: list[object] = []
    for entity in ("Account", "Customer", "Vendor", "Employee", "Item", "TaxCode", "Invoice", "Bill", "Purchase"):
        response = await root.get(f"{COMPANY}/query", params={"query": f"select * from {entity} maxresults 1000"})
        listing.append(response.json()["QueryResponse"])
    return listing
