"""The ConnectWise read path against the in-process sandbox: what it retrieves is what the sandbox holds."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tests.connectors.connectwise.sandbox import ANCHOR, EVERYTHING, collect, open_reader
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.documents import ProcurementLineKind, SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import total
from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany, LineKind
from tui_ledger.sandbox.hub import SandboxHub


async def test_invoice_count_and_total_equal_the_sandbox_data(reader: ConnectWiseReader, company: DemoCompany) -> None:
    expected = company.unposted_invoices()

    invoices = await collect(reader.unposted_invoices(EVERYTHING))

    assert await reader.count_unposted_invoices(EVERYTHING) == len(expected)
    assert sorted(invoice.number for invoice in invoices) == sorted(invoice.number for invoice in expected)
    assert total(invoice.total for invoice in invoices) == total(invoice.total for invoice in expected)


async def test_each_invoice_carries_its_lines_and_gl_entries(reader: ConnectWiseReader, company: DemoCompany) -> None:
    detailed = UnpostedFilter(thru_date=ANCHOR, summary_level=SummaryLevel.DETAILED)
    by_number = {invoice.number: invoice for invoice in company.unposted_invoices()}

    invoices = await collect(reader.unposted_invoices(detailed))

    for invoice in invoices:
        source = by_number[invoice.number]
        assert invoice.invoice_id == source.id
        assert invoice.customer.id == source.company_id
        assert [line.line_id for line in invoice.lines] == [line.id for line in source.lines]
        assert [line.amount for line in invoice.lines] == [line.amount for line in source.lines]
        assert invoice.lines_total == source.subtotal
        assert {line.id for line in source.lines} <= set(invoice.gl_entry_ids)


async def test_zero_line_invoices_arrive_without_lines_but_with_their_receivable_entry(
    reader: ConnectWiseReader, company: DemoCompany
) -> None:
    empty = {invoice.number for invoice in company.unposted_invoices() if not invoice.lines}
    assert empty, "the demo company always has zero-line invoices"

    invoices = [invoice for invoice in await collect(reader.unposted_invoices(EVERYTHING)) if invoice.number in empty]

    assert len(invoices) == len(empty)
    assert all(not invoice.has_lines and len(invoice.gl_entry_ids) == 1 for invoice in invoices)


async def test_down_payment_lines_are_recognised_by_their_gl_type(
    reader: ConnectWiseReader, company: DemoCompany
) -> None:
    with_down_payment = {
        invoice.number
        for invoice in company.unposted_invoices()
        if any(line.kind is LineKind.DOWN_PAYMENT for line in invoice.lines)
    }
    assert with_down_payment

    invoices = await collect(reader.unposted_invoices(UnpostedFilter(ANCHOR, summary_level=SummaryLevel.DETAILED)))

    flagged = {invoice.number for invoice in invoices if any(line.is_down_payment for line in invoice.lines)}
    assert flagged == with_down_payment


async def test_negative_invoices_keep_their_sign(reader: ConnectWiseReader, company: DemoCompany) -> None:
    negative = {invoice.number for invoice in company.unposted_invoices() if invoice.total < 0}
    assert negative

    invoices = await collect(reader.unposted_invoices(EVERYTHING))

    assert {invoice.number for invoice in invoices if invoice.is_negative} == negative


async def test_a_summary_level_changes_the_lines_not_the_totals(reader: ConnectWiseReader) -> None:
    detailed = await collect(reader.unposted_invoices(UnpostedFilter(ANCHOR, summary_level=SummaryLevel.DETAILED)))
    condensed = await collect(reader.unposted_invoices(UnpostedFilter(ANCHOR, summary_level=SummaryLevel.CONDENSED)))

    assert sum(len(invoice.lines) for invoice in condensed) < sum(len(invoice.lines) for invoice in detailed)
    assert [invoice.lines_total for invoice in condensed] == [invoice.lines_total for invoice in detailed]


async def test_thru_date_keeps_documents_dated_that_day_or_before(
    reader: ConnectWiseReader, company: DemoCompany
) -> None:
    dates = sorted(invoice.date for invoice in company.unposted_invoices())
    thru = dates[len(dates) // 2]
    chosen = UnpostedFilter(thru_date=thru)
    expected_invoices = [invoice for invoice in company.unposted_invoices() if invoice.date <= thru]
    expected_expenses = [expense for expense in company.unposted_expenses() if expense.date <= thru]

    invoices = await collect(reader.unposted_invoices(chosen))
    expenses = await collect(reader.unposted_expenses(chosen))

    assert len(invoices) == len(expected_invoices) == await reader.count_unposted_invoices(chosen)
    assert any(invoice.invoice_date == thru for invoice in invoices)
    assert all(invoice.invoice_date <= thru for invoice in invoices)
    assert len(expenses) == len(expected_expenses) == await reader.count_unposted_expenses(chosen)


async def test_a_location_filter_keeps_only_that_locations_documents(
    reader: ConnectWiseReader, company: DemoCompany
) -> None:
    location = company.invoices[0].location_id
    chosen = UnpostedFilter(thru_date=ANCHOR, location_id=location)
    expected = [invoice for invoice in company.unposted_invoices() if invoice.location_id == location]

    invoices = await collect(reader.unposted_invoices(chosen))

    assert 0 < len(invoices) == len(expected) < len(company.unposted_invoices())
    assert {invoice.location_id for invoice in invoices} == {location}
    assert await reader.count_unposted_invoices(chosen) == len(expected)


async def test_expenses_equal_the_sandbox_data(reader: ConnectWiseReader, company: DemoCompany) -> None:
    expected = company.unposted_expenses()

    expenses = await collect(reader.unposted_expenses(EVERYTHING))

    assert await reader.count_unposted_expenses(EVERYTHING) == len(expected)
    assert sorted(expense.document_number for expense in expenses) == sorted(
        f"{expense.id}{expense.member_identifier}" for expense in expected
    )
    assert total(expense.total for expense in expenses) == total(expense.amount for expense in expected)
    assert all(len(expense.gl_entry_ids) == 1 for expense in expenses)
    names = {member.identifier: member.name for member in company.members}
    assert all(expense.member_name == names[expense.member_identifier] for expense in expenses)


async def test_purchases_group_freight_and_products_per_purchase_order(
    reader: ConnectWiseReader, company: DemoCompany
) -> None:
    batched = {(record.kind, record.record_id) for _, record in company.batched_records()}
    expected = {order.number: order for order in company.unposted_purchase_orders()}

    purchases = await collect(reader.unposted_purchases(EVERYTHING))

    assert sorted(purchase.po_number for purchase in purchases) == sorted(expected)
    records = sum(len(purchase.lines) for purchase in purchases)
    assert records == await reader.count_unposted_procurement(EVERYTHING)
    for purchase in purchases:
        order = expected[purchase.po_number]
        freight_unposted = order.freight_cost and (BatchRecordKind.PO_FREIGHT, order.id) not in batched
        products_unposted = [line for line in order.lines if (BatchRecordKind.PO_PRODUCT, line.id) not in batched]
        freight = [line for line in purchase.lines if line.kind is ProcurementLineKind.FREIGHT]
        products = [line for line in purchase.lines if line.kind is ProcurementLineKind.PRODUCT]
        assert [line.amount for line in freight] == ([order.freight_cost] if freight_unposted else [])
        assert sorted(line.amount for line in products) == sorted(line.ext_cost for line in products_unposted)
        assert [line.item_identifier for line in products] == [line.product_identifier for line in products_unposted]
        assert purchase.vendor.id == order.vendor_id
        assert all(len(line.gl_entry_ids) == 1 for line in purchase.lines)


async def test_small_pages_fetched_concurrently_give_the_same_list_in_order(hub: SandboxHub) -> None:
    whole = open_reader(hub)
    paged = open_reader(hub, page_size=7)
    try:
        expected = [invoice.number for invoice in await collect(whole.unposted_invoices(EVERYTHING))]
        pages = [page async for page in paged.unposted_invoices(EVERYTHING)]
    finally:
        await whole.aclose()
        await paged.aclose()

    assert len(pages) == -(-len(expected) // 7)
    assert [invoice.number for page in pages for invoice in page] == expected


async def test_an_empty_result_is_an_empty_list(reader: ConnectWiseReader) -> None:
    long_ago = UnpostedFilter(thru_date=date(2000, 1, 1))

    assert await collect(reader.unposted_invoices(long_ago)) == []
    assert await collect(reader.unposted_purchases(long_ago)) == []
    assert await reader.count_unposted_expenses(long_ago) == 0


async def test_locations_and_companies_for_the_filter_bar(reader: ConnectWiseReader, company: DemoCompany) -> None:
    locations = await reader.locations()
    companies = await reader.companies()

    assert sorted((location.id, location.name) for location in locations) == sorted(
        (location.id, location.name) for location in company.locations
    )
    assert [party.name for party in companies] == sorted(party.name for party in companies)
    assert {customer.id for customer in company.customers} <= {party.id for party in companies}


async def test_a_company_name_with_quotes_and_an_apostrophe_is_found(
    reader: ConnectWiseReader, company: DemoCompany
) -> None:
    quoted = next(customer for customer in company.customers if '"' in customer.name and "'" in customer.name)

    found = await reader.companies(quoted.name)
    widened = await reader.companies('" or name != "')

    assert [party.id for party in found] == [quoted.id]
    assert widened == []


async def test_check_connection_reports_the_version(reader: ConnectWiseReader) -> None:
    info = await reader.check_connection()

    assert info.version.startswith("v2025.8")


async def test_money_is_decimal_to_the_cent(reader: ConnectWiseReader) -> None:
    invoices = await collect(reader.unposted_invoices(UnpostedFilter(ANCHOR, summary_level=SummaryLevel.DETAILED)))

    amounts = [invoice.total for invoice in invoices] + [line.amount for invoice in invoices for line in invoice.lines]
    assert all(type(amount) is Decimal and amount == amount.quantize(Decimal("0.01")) for amount in amounts)


async def test_documents_dated_after_thru_date_are_left_out(reader: ConnectWiseReader, company: DemoCompany) -> None:
    newest = max(invoice.date for invoice in company.unposted_invoices())

    invoices = await collect(reader.unposted_invoices(UnpostedFilter(thru_date=newest - timedelta(days=1))))

    assert all(invoice.invoice_date < newest for invoice in invoices)
