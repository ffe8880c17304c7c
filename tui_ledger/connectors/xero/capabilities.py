"""What Xero can do, stated once for workflows and screens (issue 3 part 3)."""

from __future__ import annotations

from tui_ledger.domain.accounting import (
    AccountingPackage,
    DocumentType,
    NumberLookup,
    PackageCapabilities,
    RemoteStatus,
    Removal,
)

MAX_ELEMENTS_PER_CALL = 50
"""Xero's recommended ceiling per request ("bundles of up to 50"); its hard limit is the 3.5 MB body."""
NUMBERS_PER_INVOICE_LOOKUP = 50
"""`InvoiceNumbers=` values per call: about 50 fit the query-string limit Xero applies to list parameters."""
NUMBERS_PER_CREDIT_NOTE_LOOKUP = 25
"""Credit notes have no number list parameter; a `where` of ORed numbers is kept short."""

XERO_CAPABILITIES = PackageCapabilities(
    package=AccountingPackage.XERO,
    display_name="Xero",
    sales_credit_name="credit note",
    max_batch_size=MAX_ELEMENTS_PER_CALL,
    document_types=frozenset(
        {DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT, DocumentType.BILL, DocumentType.SUPPLIER_CREDIT}
    ),
    number_lookup={
        DocumentType.SALES_INVOICE: NumberLookup.LIST_PARAMETER,
        DocumentType.BILL: NumberLookup.LIST_PARAMETER,
        DocumentType.SALES_CREDIT: NumberLookup.WHERE_FILTER,
        DocumentType.SUPPLIER_CREDIT: NumberLookup.WHERE_FILTER,
    },
    numbers_per_lookup=NUMBERS_PER_INVOICE_LOOKUP,
    max_number_length=255,
    unique_number_types=frozenset({DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT}),
    removal_by_status={
        RemoteStatus.DRAFT: Removal.DELETE,
        RemoteStatus.SUBMITTED: Removal.DELETE,
        RemoteStatus.AUTHORISED: Removal.VOID,
    },
    contact_names_unique=True,
    suppliers_separate_from_customers=False,
    minute_call_limit=60,
    day_call_limit=5000,
    max_in_flight=5,
)
