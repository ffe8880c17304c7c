"""An approved ConnectWise expense → a bill (or supplier credit) to the member, or a purchase.

`expenses_as = "bills"`: a BILL to the member who is owed the money, numbered `<expense id><member>` (the batch
label without its `E`), posting to the expense's GL account. `expenses_as = "purchases"`: a PURCHASE paid from
the expense's credit account (a QuickBooks Purchase), but only where the package can record one; Xero
cannot, so the expense goes as a bill and the plan says so in its notices (the checks show it as a warning).

An expense total is what was paid, tax included, so its single line is tax-inclusive: the package's total then
equals ConnectWise's whatever rate the package applies. A negative expense (a refund) is a supplier credit.
"""

from __future__ import annotations

from decimal import Decimal

from tui_ledger.domain.accounting import DocumentType, PartyRole, TaxMode
from tui_ledger.domain.documents import UnpostedExpense
from tui_ledger.domain.plans.assemble import Header, planned_document
from tui_ledger.domain.plans.keys import KeySubject
from tui_ledger.domain.plans.lines import SourceLine, description_of
from tui_ledger.domain.plans.model import DocumentPlan, LineOrigin, PlanContext, PlanPart
from tui_ledger.domain.plans.parties import contact_draft, party_name

ONE_UNIT = Decimal(1)


def expense_document_type(expense: UnpostedExpense, context: PlanContext) -> tuple[DocumentType, str | None]:
    """The package document for an expense, and a notice when the setting could not be followed."""
    if expense.total < 0:
        return DocumentType.SUPPLIER_CREDIT, None
    if context.options.expenses_as == "purchases":
        if context.capabilities.supports(DocumentType.PURCHASE):
            return DocumentType.PURCHASE, None
        return DocumentType.BILL, (
            f"{context.capabilities.display_name} cannot record purchases: expense {expense.document_number} "
            "is sent as a bill"
        )
    return DocumentType.BILL, None


def plan_expense(expense: UnpostedExpense, context: PlanContext, *, attempt: int = 1) -> DocumentPlan:
    document_type, notice = expense_document_type(expense, context)
    label = expense.expense_type or expense.classification
    line = SourceLine(
        description=description_of(expense.description, label, f"Expense {expense.document_number}"),
        amount=expense.total,
        quantity=ONE_UNIT,
        tax=None,
        origin=LineOrigin(label=f"expense type '{description_of(label)}'"),
        account_code=expense.account_number,
        tax_code=context.package_tax_code(expense.tax_code),
    )
    header = Header(
        subject=KeySubject.EXPENSE,
        psa_id=expense.expense_id,
        contact_name=party_name(expense.counterparty),
        issue_date=expense.expense_date,
        currency=expense.currency,
        number=expense.document_number,
        reference=expense.description,
        tax_mode=TaxMode.INCLUSIVE,
    )
    part = planned_document(
        header,
        PlanPart.MAIN,
        document_type,
        (line,),
        context,
        attempt=attempt,
        negate=expense.total < 0,
        payment_account_code=expense.credit_account if document_type is DocumentType.PURCHASE else None,
    )
    return DocumentPlan(
        document=expense,
        parts=(part,),
        contact=contact_draft(expense.counterparty, PartyRole.SUPPLIER, context, expense.currency),
        items=(),
        notices=(notice,) if notice else (),
    )
