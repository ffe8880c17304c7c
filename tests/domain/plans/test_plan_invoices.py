"""Invoice plans: numbers with prefix and suffix, credit notes for negatives, the returns split, down payments."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.domain.plans.builders import ACME, QUICKBOOKS, SALES, XERO, context, empty_invoice, invoice, line
from tui_ledger.config.profile import ExportSettings
from tui_ledger.domain.accounting import DocumentType, PartyRole, TaxMode
from tui_ledger.domain.documents import InvoiceLine, UnpostedInvoice
from tui_ledger.domain.money import total
from tui_ledger.domain.plans import PlanContext, PlanPart, numbers_to_look_up, plan_document


def test_an_invoice_keeps_its_lines_as_connectwise_summarised_them() -> None:
    detailed = invoice([line("60.00", "Labour"), line("40.00", "Licences", line_id=2)])
    condensed = invoice([line("100.00", "Service revenue")])
    detailed_plan = plan_document(detailed, context())
    condensed_plan = plan_document(condensed, context())
    assert [entry.description for entry in detailed_plan.parts[0].draft.lines] == ["Labour", "Licences"]
    assert len(condensed_plan.parts[0].draft.lines) == 1
    assert detailed_plan.parts[0].total == condensed_plan.parts[0].total == Decimal("100.00")


def test_an_invoice_goes_as_a_sales_invoice_numbered_with_prefix_and_suffix() -> None:
    plan = plan_document(invoice(number="5001"), context(invoice_prefix="CW-", invoice_suffix="/A"))
    (part,) = plan.parts
    assert part.draft.document_type is DocumentType.SALES_INVOICE
    assert part.draft.number == plan.target_number == "CW-5001/A"
    assert plan.credit_number is None
    assert part.draft.contact.name == "Acme Ltd"
    assert part.draft.currency == "USD"
    assert part.draft.tax_mode is TaxMode.EXCLUSIVE
    assert len(part.draft.lines) == 1


def test_a_negative_invoice_is_a_credit_note_with_positive_amounts_and_its_own_number() -> None:
    plan = plan_document(
        invoice([line("-80.00", taxable=True, tax_code="OUTPUT")], number="5002", tax="-8.00"),
        context(invoice_prefix="CW-"),
    )
    (part,) = plan.parts
    assert part.draft.document_type is DocumentType.SALES_CREDIT
    assert plan.credit_number == "CW-5002"
    assert plan.target_number is None
    assert [(entry.quantity, entry.unit_amount) for entry in part.draft.lines] == [(Decimal(1), Decimal("80.0000"))]
    assert [entry.tax_amount for entry in part.draft.lines] == [Decimal("8.00")]
    assert part.total == Decimal("88.00")
    assert plan.signed_total == Decimal("-88.00")


def test_charges_and_returns_split_into_an_invoice_and_a_credit_numbered_cr() -> None:
    document = invoice(
        [line("150.00", taxable=True), line("-50.00", "Returned switch", taxable=True, line_id=2)], tax="10.00"
    )
    plan = plan_document(document, context(invoice_prefix="CW-"))
    main, credit = plan.parts
    assert (main.part, main.draft.document_type, main.draft.number) == (
        PlanPart.MAIN,
        DocumentType.SALES_INVOICE,
        "CW-5001",
    )
    assert (credit.part, credit.draft.document_type, credit.draft.number) == (
        PlanPart.RETURNS,
        DocumentType.SALES_CREDIT,
        "CW-5001-CR",
    )
    assert credit.draft.reference == "CW-5001"
    assert [entry.description for entry in credit.draft.lines] == ["Returned switch"]
    assert (main.total, credit.total) == (Decimal("165.00"), Decimal("55.00"))
    assert plan.signed_total == document.total == Decimal("110.00")


def test_without_the_split_setting_returns_stay_as_negative_lines_on_the_invoice() -> None:
    plan = plan_document(
        invoice([line("150.00"), line("-50.00", line_id=2)]), context(split_returns_as_credit_notes=False)
    )
    (part,) = plan.parts
    assert part.draft.document_type is DocumentType.SALES_INVOICE
    assert [entry.unit_amount for entry in part.draft.lines] == [Decimal("150.0000"), Decimal("-50.0000")]
    assert all(entry.quantity > 0 for entry in part.draft.lines)


def test_down_payment_lines_use_the_gl_mapping_product_else_the_configured_default() -> None:
    mapped = line("500.00", "Deposit", item="DP-PROJECT", down_payment=True)
    unmapped = line("250.00", "Deposit", down_payment=True, line_id=2)
    plan = plan_document(invoice([mapped, unmapped]), context())
    assert [entry.item_code for entry in plan.parts[0].draft.lines] == ["DP-PROJECT", "Down Payment"]
    configured = plan_document(invoice([unmapped]), context(down_payment_product="Deferred Revenue"))
    assert configured.parts[0].draft.lines[0].item_code == "Deferred Revenue"
    assert [item.code for item in plan.items] == ["DP-PROJECT", "Down Payment"]
    assert plan.items[1].sales_account_code == SALES


def test_in_quickbooks_a_sales_line_without_a_product_goes_as_the_default_sales_item() -> None:
    document = invoice([line("90.00", "Managed services - January"), line("10.00", item="MS-365", line_id=2)])
    plan = plan_document(document, context(QUICKBOOKS))
    assert [entry.item_code for entry in plan.parts[0].draft.lines] == ["Services", "MS-365"]
    assert [(item.code, item.sales_account_code) for item in plan.items] == [("Services", SALES), ("MS-365", SALES)]
    assert plan.parts[0].origins[0].psa_item is None
    configured = plan_document(document, context(QUICKBOOKS, default_sales_item="Managed Services"))
    assert configured.parts[0].draft.lines[0].item_code == "Managed Services"


def test_in_quickbooks_a_line_without_a_product_goes_as_the_item_mapped_to_its_gl_account() -> None:
    document = invoice(
        [
            line("90.00", "Managed services - January", account="4100"),
            line("40.00", "Project work", account="4200", line_id=2),
            line("10.00", "Other", line_id=3),
            line("5.00", "Licence", item="MS-365", account="4100", line_id=4),
        ]
    )
    mapped = {"4100": "Managed Services", "4200": "Projects"}

    plan = plan_document(document, context(QUICKBOOKS, sales_items_by_account=mapped))

    lines = plan.parts[0].draft.lines
    assert [entry.item_code for entry in lines] == ["Managed Services", "Projects", "Services", "MS-365"]
    assert [entry.account_code for entry in lines] == ["4100", "4200", SALES, "4100"]
    assert [(item.code, item.sales_account_code) for item in plan.items][:2] == [
        ("Managed Services", "4100"),
        ("Projects", "4200"),
    ]


def test_in_xero_a_sales_line_without_a_product_goes_to_its_account_alone() -> None:
    plan = plan_document(invoice([line("100.00", "Managed services - January")]), context(XERO))
    (entry,) = plan.parts[0].draft.lines
    assert (entry.item_code, entry.account_code) == (None, SALES)
    assert plan.items == ()


def test_in_quickbooks_an_unmapped_down_payment_keeps_the_down_payment_product() -> None:
    plan = plan_document(invoice([line("250.00", "Deposit", down_payment=True)]), context(QUICKBOOKS))
    assert plan.parts[0].draft.lines[0].item_code == "Down Payment"


def test_an_invoice_without_lines_plans_nothing_to_send() -> None:
    plan = plan_document(empty_invoice(), context())
    assert plan.parts == ()
    assert plan.signed_total == Decimal("0.00")


def test_tax_goes_to_the_taxable_lines_only() -> None:
    plan = plan_document(
        invoice([line("100.00", taxable=True, tax_code="OUTPUT"), line("50.00", line_id=2)], tax="10.00"), context()
    )
    assert [entry.tax_amount for entry in plan.parts[0].draft.lines] == [Decimal("10.00"), Decimal("0.00")]
    assert plan.parts[0].draft.total_tax == Decimal("10.00")


def test_the_plan_names_the_customer_to_create_and_products_once() -> None:
    plan = plan_document(invoice([line("10.00", item="MS-365"), line("10.00", item="ms-365", line_id=2)]), context())
    assert plan.contact is not None
    assert (plan.contact.name, plan.contact.role, plan.contact.number) == ("Acme Ltd", PartyRole.CUSTOMER, "ACME")
    assert [item.code for item in plan.items] == ["MS-365"]


def test_a_line_without_description_gets_one_because_packages_refuse_blank_lines() -> None:
    plan = plan_document(invoice([line("10.00", "  ", item="MS-365")]), context())
    assert plan.parts[0].draft.lines[0].description == "MS-365"
    assert plan.parts[0].origins[0].label == "line 1 'MS-365'"


amounts = st.integers(-200_000, 200_000).map(lambda value: Decimal(value).scaleb(-2))


@st.composite
def invoices(draw: st.DrawFn, *, any_tax: bool = False) -> UnpostedInvoice:
    """Invoices with any mix of charges, returns and quantities; tax at one rate on the taxable lines, or any tax."""
    count = draw(st.integers(1, 8))
    lines = tuple(
        InvoiceLine(
            line_id=index,
            description=f"line {index}",
            amount=draw(amounts),
            quantity=Decimal(draw(st.integers(-5, 9))),
            account_number=SALES,
            taxable=draw(st.booleans()),
        )
        for index in range(count)
    )
    taxable_net = total(entry.amount for entry in lines if entry.taxable)
    rate = Decimal(draw(st.integers(0, 2500))).scaleb(-4)
    tax = draw(amounts) if any_tax else (taxable_net * rate).quantize(Decimal("0.01"))
    return invoice(lines, tax=str(tax), customer=ACME)


@settings(max_examples=200)
@given(document=invoices(any_tax=True), split=st.booleans())
def test_the_drafts_add_up_to_the_psa_total_to_the_cent(document: UnpostedInvoice, split: bool) -> None:
    plan = plan_document(document, context(split_returns_as_credit_notes=split))
    assert plan.signed_total == document.total
    for part in plan.parts:
        assert total(entry.line_amount for entry in part.draft.lines) + part.tax == part.total
        assert part.draft.total_tax == part.tax
        assert all(entry.quantity > 0 for entry in part.draft.lines)


@settings(max_examples=200)
@given(document=invoices())
def test_the_split_preserves_the_net_total_and_never_makes_a_negative_document(document: UnpostedInvoice) -> None:
    split = plan_document(document, context(split_returns_as_credit_notes=True))
    whole = plan_document(document, context(split_returns_as_credit_notes=False))
    assert split.signed_total == whole.signed_total == document.total
    has_charges = any(entry.amount > 0 for entry in document.lines)
    has_returns = any(entry.amount < 0 for entry in document.lines)
    assert len(split.parts) == (2 if has_charges and has_returns else 1)
    assert all(part.total >= 0 for part in split.parts)


def test_the_profile_export_settings_drive_plans_as_they_are() -> None:
    settings = ExportSettings(invoice_prefix="CW-", invoice_suffix="-1", split_returns_as_credit_notes=False)
    plans = PlanContext("sandbox", "Demo Xero", XERO, settings)
    plan = plan_document(invoice([line("100.00"), line("-20.00", line_id=2)]), plans)
    assert [part.draft.number for part in plan.parts] == ["CW-5001-1"]
    quickbooks = PlanContext("sandbox", "Demo QuickBooks", QUICKBOOKS, ExportSettings(default_sales_item="Labour"))
    assert plan_document(invoice(), quickbooks).parts[0].draft.lines[0].item_code == "Labour"
    by_account = ExportSettings(sales_items_by_account={SALES: " Managed Services "})
    mapped = PlanContext("sandbox", "Demo QuickBooks", QUICKBOOKS, by_account)
    assert plan_document(invoice(), mapped).parts[0].draft.lines[0].item_code == "Managed Services"


def test_a_run_looks_up_each_target_number_once_per_document_type() -> None:
    plans = [
        plan_document(invoice([line("100.00"), line("-20.00", line_id=2)], number="1", invoice_id=1), context()),
        plan_document(invoice(number="2", invoice_id=2), context()),
        plan_document(invoice(number="2", invoice_id=3), context()),
        plan_document(empty_invoice(), context()),
    ]
    assert numbers_to_look_up(plans) == {
        DocumentType.SALES_INVOICE: ("1", "2"),
        DocumentType.SALES_CREDIT: ("1-CR",),
    }
