"""A purchase order's unposted freight and received products → one bill to the vendor.

ConnectWise lists a PO's freight and each received product as separate unposted records (seed 001); the
package sees one supplier bill per PO, numbered with the PO number (so the batch label `P<PO#>` finds it)
and carrying the vendor's invoice number as its reference, which is what the accountant matches against
the paper bill. Each line keeps its own tax. A PO whose records add up to less than zero (returned goods)
becomes a supplier credit with the amounts negated, because packages refuse negative bills.
"""

from __future__ import annotations

from tui_ledger.domain.accounting import DocumentType, PartyRole
from tui_ledger.domain.documents import ProcurementLine, ProcurementLineKind, UnpostedPurchase
from tui_ledger.domain.plans.assemble import Header, planned_document
from tui_ledger.domain.plans.keys import KeySubject
from tui_ledger.domain.plans.lines import SourceLine, description_of
from tui_ledger.domain.plans.model import DocumentPlan, LineOrigin, PlanContext, PlanPart
from tui_ledger.domain.plans.parties import contact_draft, item_draft, party_name, unique_items


def source_line(line: ProcurementLine, context: PlanContext) -> SourceLine:
    fallback = "Freight" if line.kind is ProcurementLineKind.FREIGHT else line.item_identifier
    description = description_of(line.description, fallback)
    item = line.item_identifier.strip() if line.item_identifier and line.item_identifier.strip() else None
    return SourceLine(
        description=description,
        amount=line.amount,
        quantity=line.quantity,
        tax=line.tax,
        origin=LineOrigin(label=f"{line.kind.value} '{description}'", psa_item=item),
        account_code=line.account_number,
        item_code=item if line.kind is ProcurementLineKind.PRODUCT else None,
        tax_code=context.package_tax_code(line.tax_code),
    )


def plan_purchase(purchase: UnpostedPurchase, context: PlanContext, *, attempt: int = 1) -> DocumentPlan:
    lines = tuple(source_line(line, context) for line in purchase.lines)
    header = Header(
        subject=KeySubject.PROCUREMENT,
        psa_id=purchase.po_id,
        contact_name=party_name(purchase.vendor),
        issue_date=purchase.vendor_invoice_date or purchase.purchase_date,
        currency=purchase.currency,
        number=purchase.po_number.strip(),
        reference=purchase.vendor_invoice_number,
    )
    negative = purchase.total < 0
    document_type = DocumentType.SUPPLIER_CREDIT if negative else DocumentType.BILL
    parts = (
        (planned_document(header, PlanPart.MAIN, document_type, lines, context, attempt=attempt, negate=negative),)
        if lines
        else ()
    )
    items = unique_items(
        [
            item_draft(line.item_code, line.description, context, purchase_account_code=line.account_code)
            for line in lines
            if line.item_code
        ]
    )
    return DocumentPlan(
        document=purchase,
        parts=parts,
        contact=contact_draft(purchase.vendor, PartyRole.SUPPLIER, context, purchase.currency),
        items=items,
    )
