"""Where a document's copy is looked for in the package: which document types, under which numbers.

The export writes an invoice as `<prefix><number><suffix>` (seed 004), a negative one as a credit note under
the same number, the returns of a split invoice as `<number>-CR`; bills keep the PO number and expenses their
`<expense id><member>` number (domain/plans/numbers.py). Looking under every type the export may have used
finds the copy whatever the document's sign was when it was sent.
"""

from __future__ import annotations

from tui_ledger.domain.accounting import DocumentType, PackageCapabilities
from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.plans.numbers import invoice_number, returns_credit_number
from tui_ledger.domain.plans.options import ExportOptions

Lookup = tuple[DocumentType, str]


def package_lookups(
    document: DocumentRef, options: ExportOptions, capabilities: PackageCapabilities
) -> tuple[Lookup, ...]:
    """Every (document type, number) the package may hold the document's copy under, supported types only."""
    if document.kind is DocumentKind.INVOICE:
        number = invoice_number(document.number, options)
        wanted = [
            (DocumentType.SALES_INVOICE, number),
            (DocumentType.SALES_CREDIT, number),
            (DocumentType.SALES_CREDIT, returns_credit_number(number)),
        ]
    elif document.kind is DocumentKind.EXPENSE:
        wanted = [
            (DocumentType.BILL, document.number),
            (DocumentType.PURCHASE, document.number),
            (DocumentType.SUPPLIER_CREDIT, document.number),
        ]
    else:
        wanted = [(DocumentType.BILL, document.number), (DocumentType.SUPPLIER_CREDIT, document.number)]
    return tuple(lookup for lookup in wanted if capabilities.supports(lookup[0]))


def target_number(document: DocumentRef, options: ExportOptions) -> str:
    """The main number the document carries in the package (what a user types into its search)."""
    if document.kind is DocumentKind.INVOICE:
        return invoice_number(document.number, options)
    return document.number
