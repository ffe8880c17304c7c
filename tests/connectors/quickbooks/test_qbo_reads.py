"""Reading the demo company through the connector: company, lists, tax codes, and documents by number."""

from __future__ import annotations

from decimal import Decimal

from tests.connectors.quickbooks.support import World
from tui_ledger.connectors.quickbooks import QuickBooksConnector
from tui_ledger.domain.accounting import DocumentType, PartyRole, RemoteStatus
from tui_ledger.sandbox.demo import BatchRecordKind
from tui_ledger.sandbox.quickbooks.seed import member_vendor_name


async def test_company_profile(qbo: QuickBooksConnector, world: World) -> None:
    company = await qbo.company()

    assert company.name == world.demo.name
    assert company.base_currency == "USD"
    assert company.id == qbo.realm_id
    assert company.multi_currency
    assert company.currencies == ("USD", "CAD")


async def test_contacts_include_customers_suppliers_and_employees_apart(qbo: QuickBooksConnector, world: World) -> None:
    customers = await qbo.contacts(PartyRole.CUSTOMER)
    suppliers = await qbo.contacts(PartyRole.SUPPLIER)
    everyone = await qbo.contacts()

    renamed = world.demo.customer(world.gaps.renamed_customer_id)
    by_number = {contact.number: contact for contact in customers}
    assert by_number[renamed.account_number].name == world.gaps.renamed_display_name
    assert all(contact.is_customer and not contact.is_supplier for contact in customers)
    assert {vendor.name for vendor in world.demo.vendors} <= {supplier.name for supplier in suppliers}
    employees = [contact for contact in everyone if not contact.is_customer and not contact.is_supplier]
    on_payroll = [member for member in world.demo.members if member.id != world.gaps.new_member_id]
    assert sorted(employee.name for employee in employees) == sorted(member.name for member in on_payroll)
    by_number = {supplier.number: supplier.name for supplier in suppliers}
    assert all(by_number[member.identifier] == member_vendor_name(member.name) for member in on_payroll)
    assert len(everyone) == len(customers) + len(suppliers) + len(employees)


async def test_accounts_include_the_archived_one_marked_inactive(qbo: QuickBooksConnector, world: World) -> None:
    accounts = {account.code: account for account in await qbo.accounts()}

    archived = accounts[world.gaps.inactive_account]
    assert not archived.active
    assert archived.status == "Inactive"
    assert archived.account_class == "REVENUE"
    assert all(accounts[gl.number].active for gl in world.demo.gl_accounts if gl.number != archived.code)


async def test_items_carry_their_income_account_codes(qbo: QuickBooksConnector, world: World) -> None:
    items = {item.code: item for item in await qbo.items()}

    for product in world.demo.products:
        if product.income_account:
            assert items[product.identifier].sales_account_code == product.income_account


async def test_tax_rates_are_the_tax_codes_with_their_percentages(qbo: QuickBooksConnector, world: World) -> None:
    rates = {rate.name: rate for rate in await qbo.tax_rates()}

    assert world.gaps.missing_tax_code not in rates
    assert rates["MA"].rate == Decimal("6.25")
    assert rates["MA"].code.isdigit()


async def test_find_documents_finds_exported_invoices_and_the_taken_number(
    qbo: QuickBooksConnector, world: World
) -> None:
    batched = {r.record_id for _, r in world.demo.batched_records() if r.kind is BatchRecordKind.INVOICE}
    exported = [i for i in world.demo.invoices if i.id in batched and i.lines and i.total > 0]
    unposted = [i.number for i in world.demo.unposted_invoices()]

    found = await qbo.find_documents(DocumentType.SALES_INVOICE, [i.number for i in exported] + unposted)

    by_number = {document.number: document for document in found}
    assert set(by_number) == {i.number for i in exported} | {world.gaps.taken_doc_number}
    for invoice in exported:
        document = by_number[invoice.number]
        assert document.total == invoice.total
        assert document.status is RemoteStatus.AUTHORISED
        assert sum(line.line_amount for line in document.lines) == invoice.subtotal


async def test_lookups_page_past_a_hundred_numbers(qbo: QuickBooksConnector, world: World) -> None:
    numbers = [str(n) for n in range(1, 250)] + [world.gaps.taken_doc_number]

    found = await qbo.find_documents(DocumentType.SALES_INVOICE, numbers)

    assert [document.number for document in found] == [world.gaps.taken_doc_number]


async def test_no_tracking_categories_in_the_demo_company(qbo: QuickBooksConnector) -> None:
    assert await qbo.tracking_categories() == []
