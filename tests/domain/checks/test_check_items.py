"""Items (issue 4 part 1): found by code or name; missing → created when Settings allow, else an error."""

from tests.domain.checks.check_helpers import kinds, problems_of, verdict
from tests.domain.plans.builders import QUICKBOOKS, SALES, context, invoice, line, purchase, snapshot
from tui_ledger.domain.accounting import ItemRecord
from tui_ledger.domain.checks import CheckKind, FixPlace, Ready
from tui_ledger.domain.documents import UnpostedInvoice


def with_item(code: str) -> UnpostedInvoice:
    return invoice([line("100.00", "Office 365", item=code)])


def test_an_item_found_by_code_or_name_passes() -> None:
    by_code = snapshot(items=[ItemRecord("i1", "MS-365", "Microsoft 365")])
    by_name = snapshot(items=[ItemRecord("i2", "7", "ms-365")])
    assert isinstance(verdict(with_item("MS-365"), by_code), Ready)
    assert isinstance(verdict(with_item("MS-365"), by_name), Ready)


def test_a_missing_item_blocks_by_default() -> None:
    (problem,) = problems_of(verdict(with_item("MS-365")), CheckKind.ITEM_MISSING)
    assert problem.message == "Invoice 5001: product 'MS-365' (line 1 'Office 365') is not an item in Xero"
    assert problem.fix.place is FixPlace.PACKAGE
    assert "create missing items" in problem.fix.instruction


def test_a_missing_item_is_a_planned_creation_when_settings_allow() -> None:
    result = verdict(with_item("MS-365"), plans=context(create_missing_items=True))
    assert isinstance(result, Ready)
    assert [(item.code, item.sales_account_code) for item in result.items_to_create] == [("MS-365", SALES)]


def test_an_inactive_item_blocks_even_when_creation_is_allowed() -> None:
    package = snapshot(items=[ItemRecord("i1", "MS-365", "Microsoft 365", active=False)])
    result = verdict(with_item("MS-365"), package, context(create_missing_items=True))
    assert kinds(result) == [CheckKind.ITEM_INACTIVE]


def test_the_default_down_payment_product_must_be_in_the_package() -> None:
    result = verdict(invoice([line("500.00", "Deposit", down_payment=True)]))
    (problem,) = problems_of(result, CheckKind.ITEM_MISSING)
    assert problem.value == "Down Payment"
    assert problem.fix.instruction.endswith("or set another 'down payment product' in Settings")
    assert isinstance(
        verdict(
            invoice([line("500.00", down_payment=True)]),
            snapshot(items=[ItemRecord("dp", "Down Payment", "Down Payment")]),
        ),
        Ready,
    )


def test_purchased_products_are_checked_and_freight_is_not() -> None:
    result = verdict(purchase(), snapshot(items=[]))
    assert [problem.value for problem in problems_of(result, CheckKind.ITEM_MISSING)] == ["SW-24"]


def test_in_quickbooks_a_line_without_a_product_needs_the_default_sales_item_in_the_package() -> None:
    document = invoice([line("100.00", "Managed services - January")])
    package = snapshot(QUICKBOOKS, items=[ItemRecord("i1", "SW-24", "Switch 24 port")])
    (problem,) = problems_of(verdict(document, package), CheckKind.ITEM_MISSING)
    assert problem.message == (
        "Invoice 5001: product 'Services' (line 1 'Managed services - January') is not an item in QuickBooks Online"
    )
    assert problem.fix.place is FixPlace.PACKAGE
    assert problem.fix.instruction == (
        "add item 'Services', or turn on 'create missing items' in Settings, "
        "or set another 'default sales item' in Settings"
    )


def test_in_quickbooks_the_missing_default_sales_item_is_created_when_settings_allow() -> None:
    document = invoice([line("100.00", "Managed services - January")])
    package = snapshot(QUICKBOOKS, items=[])
    result = verdict(document, package, context(QUICKBOOKS, create_missing_items=True))
    assert isinstance(result, Ready)
    assert [(item.code, item.sales_account_code) for item in result.items_to_create] == [("Services", SALES)]


def test_in_quickbooks_a_line_without_a_product_is_ready_when_the_default_sales_item_is_there() -> None:
    result = verdict(invoice([line("100.00", "Managed services - January")]), snapshot(QUICKBOOKS))
    assert isinstance(result, Ready)
    assert result.plan.parts[0].draft.lines[0].item_code == "Services"


def test_a_product_connectwise_named_is_not_blamed_on_the_settings() -> None:
    package = snapshot(QUICKBOOKS, items=[])
    (problem,) = problems_of(verdict(with_item("Services"), package), CheckKind.ITEM_MISSING)
    assert "Settings, or set another" not in problem.fix.instruction


def test_in_quickbooks_a_missing_item_mapped_to_an_account_names_that_setting() -> None:
    package = snapshot(QUICKBOOKS)
    plans = context(QUICKBOOKS, sales_items_by_account={SALES: "Managed Services"})

    result = verdict(invoice(), package, plans)

    (problem,) = problems_of(result, CheckKind.ITEM_MISSING)
    assert problem.value == "Managed Services"
    assert problem.fix.instruction.endswith(f"or set another 'sales item for account {SALES}' in Settings")
