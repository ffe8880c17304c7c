"""A ConnectWise invoice → a sales invoice, a credit note, or both.

The lines are kept exactly as ConnectWise gives them at the chosen summary level (Default, Condensed or
Detailed are applied by ConnectWise in the export preview; the difference shows in the number of lines),
because the accountant chose that level for what the customer sees.

- Total (lines + tax) not negative → one SALES_INVOICE numbered `<prefix><number><suffix>`.
- Total negative → one SALES_CREDIT with every amount negated (packages refuse negative totals), numbered
  the same way (seed 004: negative invoices become credit notes with their own number).
- Charges and returns on one invoice with `split_returns_as_credit_notes` on → a SALES_INVOICE of the
  charges plus a SALES_CREDIT of the negated returns numbered `<target number>-CR` (see numbers.py),
  referencing the invoice. The two together still add up to the PSA total.
- No lines → no parts: the invoice is marked batched without being sent (seed 002).

Tax: ConnectWise reports one sales tax per invoice; it is spread over the taxable lines in proportion to
their amounts, to the cent (amounts.allocate), so each part carries the tax of its own lines.
Down-payment (deferred revenue) lines use the product of their GL mapping, else the configured
`down_payment_product`, default "Down Payment" (seed 002). In a package that posts every sales line through an
item (QuickBooks), any other line without a product goes as the item `sales_items_by_account` gives its GL account,
else as the configured `default_sales_item`, default "Services"; the item check then makes sure that item exists,
or plans its creation.
"""

from __future__ import annotations

from decimal import Decimal

from tui_ledger.domain.accounting import DocumentType, ItemDraft, PartyRole
from tui_ledger.domain.documents import InvoiceLine, UnpostedInvoice
from tui_ledger.domain.money import total
from tui_ledger.domain.plans.amounts import allocate
from tui_ledger.domain.plans.assemble import Header, planned_document
from tui_ledger.domain.plans.keys import KeySubject
from tui_ledger.domain.plans.lines import SourceLine, description_of
from tui_ledger.domain.plans.model import DocumentPlan, LineOrigin, PlanContext, PlannedDocument, PlanPart
from tui_ledger.domain.plans.numbers import invoice_number, returns_credit_number
from tui_ledger.domain.plans.parties import contact_draft, item_draft, party_name, unique_items


def line_taxes(invoice: UnpostedInvoice) -> tuple[Decimal, ...]:
    """The invoice's sales tax spread over its taxable lines (all lines if none is marked taxable)."""
    taxable = [index for index, line in enumerate(invoice.lines) if line.taxable]
    carriers = taxable or list(range(len(invoice.lines)))
    shares = allocate(invoice.sales_tax, [invoice.lines[index].amount for index in carriers])
    taxes = [Decimal("0.00")] * len(invoice.lines)
    for index, share in zip(carriers, shares, strict=True):
        taxes[index] = share
    return tuple(taxes)


def line_item(line: InvoiceLine, context: PlanContext) -> str | None:
    """The product a line sends: its own; else for a down payment the configured `down_payment_product`; else,
    where the package posts sales only through items (QuickBooks), the item the settings give the line's GL account,
    or the `default_sales_item` — summary and agreement lines often carry no ConnectWise product. None where the
    line may go without one (Xero)."""
    if line.item_identifier and line.item_identifier.strip():
        return line.item_identifier.strip()
    if line.is_down_payment:
        return context.options.down_payment_product
    if context.capabilities.sales_lines_need_items:
        return context.sales_item_for(line.account_number)
    return None


def source_lines(invoice: UnpostedInvoice, context: PlanContext) -> tuple[SourceLine, ...]:
    lines = []
    for position, (line, tax) in enumerate(zip(invoice.lines, line_taxes(invoice), strict=True), start=1):
        description = description_of(line.description, line.item_identifier, f"Invoice {invoice.number}")
        lines.append(
            SourceLine(
                description=description,
                amount=line.amount,
                quantity=line.quantity,
                tax=tax,
                origin=LineOrigin(
                    label=f"line {position} '{description}'",
                    psa_item=line.item_identifier,
                    is_down_payment=line.is_down_payment,
                ),
                account_code=line.account_number,
                item_code=line_item(line, context),
                tax_code=context.package_tax_code(line.tax_code),
            )
        )
    return tuple(lines)


def invoice_parts(
    invoice: UnpostedInvoice, lines: tuple[SourceLine, ...], context: PlanContext, attempt: int
) -> tuple[PlannedDocument, ...]:
    if not lines:
        return ()
    header = Header(
        subject=KeySubject.INVOICE,
        psa_id=invoice.invoice_id,
        contact_name=party_name(invoice.customer),
        issue_date=invoice.invoice_date,
        currency=invoice.currency,
        number=invoice_number(invoice.number, context.options),
        due_date=invoice.due_date,
        reference=invoice.description,
    )
    charges = tuple(line for line in lines if line.amount >= 0)
    returns = tuple(line for line in lines if line.amount < 0)
    if context.options.split_returns_as_credit_notes and returns and any(line.amount > 0 for line in charges):
        main = planned_document(
            header, PlanPart.MAIN, DocumentType.SALES_INVOICE, charges, context, attempt=attempt, negate=False
        )
        credit = planned_document(
            header,
            PlanPart.RETURNS,
            DocumentType.SALES_CREDIT,
            returns,
            context,
            attempt=attempt,
            negate=True,
            number=returns_credit_number(header.number or ""),
            reference=header.number,
        )
        return (main, credit)
    negative = total(line.gross for line in lines) < 0
    document_type = DocumentType.SALES_CREDIT if negative else DocumentType.SALES_INVOICE
    return (planned_document(header, PlanPart.MAIN, document_type, lines, context, attempt=attempt, negate=negative),)


def invoice_items(lines: tuple[SourceLine, ...], context: PlanContext) -> tuple[ItemDraft, ...]:
    return unique_items(
        [
            item_draft(line.item_code, line.description, context, sales_account_code=line.account_code)
            for line in lines
            if line.item_code
        ]
    )


def plan_invoice(invoice: UnpostedInvoice, context: PlanContext, *, attempt: int = 1) -> DocumentPlan:
    lines = source_lines(invoice, context)
    return DocumentPlan(
        document=invoice,
        parts=invoice_parts(invoice, lines, context, attempt),
        contact=contact_draft(invoice.customer, PartyRole.CUSTOMER, context, invoice.currency),
        items=invoice_items(lines, context),
    )
