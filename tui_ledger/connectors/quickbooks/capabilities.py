"""What QuickBooks Online can do, stated once for the workflows (see `PackageCapabilities`)."""

from __future__ import annotations

from tui_ledger.domain.accounting import (
    AccountingPackage,
    DocumentType,
    NumberLookup,
    PackageCapabilities,
    RemoteStatus,
    Removal,
)

QUICKBOOKS_DOCUMENT_TYPES = frozenset(
    {DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT, DocumentType.BILL, DocumentType.PURCHASE}
)

QUICKBOOKS_CAPABILITIES = PackageCapabilities(
    package=AccountingPackage.QUICKBOOKS,
    display_name="QuickBooks Online",
    sales_credit_name="credit memo",
    max_batch_size=30,
    document_types=QUICKBOOKS_DOCUMENT_TYPES,
    number_lookup=dict.fromkeys(QUICKBOOKS_DOCUMENT_TYPES, NumberLookup.QUERY_LANGUAGE),
    numbers_per_lookup=100,
    max_number_length=21,
    unique_number_types=frozenset({DocumentType.SALES_INVOICE, DocumentType.SALES_CREDIT}),
    # Every QBO transaction can be deleted; only invoices can be voided through the API, so deletion is the
    # removal that works for all types. A paid document must have its payment removed first (not offered).
    removal_by_status={RemoteStatus.AUTHORISED: Removal.DELETE, RemoteStatus.VOIDED: Removal.DELETE},
    contact_names_unique=True,
    suppliers_separate_from_customers=True,
    # AcctNum is the bookkeeper's "Account no.", not a key only integrations write (see PackageCapabilities).
    contact_numbers_hold_psa_keys=False,
    # Invoice and CreditMemo lines are SalesItemLineDetail lines: each names an item (ItemRef).
    sales_lines_need_items=True,
    # Purchase.AccountRef: "Check should have bank account, CreditCard should specify credit card account" (XSD).
    purchase_payment_account_types=frozenset({"Bank", "Credit Card"}),
    # A customer or vendor has one CurrencyRef; a transaction to it in another currency is refused.
    contacts_hold_one_currency=True,
    minute_call_limit=500,
    day_call_limit=None,
    max_in_flight=10,
)
