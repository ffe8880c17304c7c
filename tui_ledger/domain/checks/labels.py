"""How a document and a package document are named in messages, so every message reads the same way."""

from __future__ import annotations

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.documents import Document, UnpostedExpense, UnpostedInvoice


def document_label(document: Document) -> str:
    """ "Invoice 5001", "Expense 4351bbastine", "Purchase order 984": the PSA's own names."""
    if isinstance(document, UnpostedInvoice):
        return f"Invoice {document.number}"
    if isinstance(document, UnpostedExpense):
        return f"Expense {document.document_number}"
    return f"Purchase order {document.po_number}"


def package_document_name(document_type: DocumentType, credit_name: str) -> str:
    """The package document in words: "invoice", "credit note" (Xero) or "credit memo" (QuickBooks), ..."""
    return {
        DocumentType.SALES_INVOICE: "invoice",
        DocumentType.SALES_CREDIT: credit_name,
        DocumentType.BILL: "bill",
        DocumentType.SUPPLIER_CREDIT: "supplier credit",
        DocumentType.PURCHASE: "purchase",
    }[document_type]
