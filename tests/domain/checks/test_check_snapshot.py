"""The package snapshot's lookups: trimmed codes, case-insensitive names, currencies, tax constraints."""

from decimal import Decimal

from tests.domain.plans.builders import SALES, account, contact, snapshot
from tui_ledger.domain.accounting import DocumentType, ItemRecord, PartyRef, RemoteDocument, RemoteStatus, TaxRateRecord


def test_codes_are_found_trimmed_and_names_case_insensitively() -> None:
    package = snapshot(
        accounts=[account(" 4000 ")],
        tax_rates=[TaxRateRecord("OUTPUT", "Tax", Decimal("0.1"), True)],
        contacts=[contact("Acme  Ltd")],
        items=[ItemRecord("1", "MS-365", "Microsoft 365")],
    )
    assert package.account("4000") is not None
    assert package.tax_rate(" OUTPUT") is not None
    assert package.contacts_by_name["acme ltd"][0].name == "Acme  Ltd"
    assert package.items_named("microsoft 365") == package.items_named("ms-365")


def test_currencies_accepted_are_the_base_or_the_enabled_ones() -> None:
    assert snapshot().accepts_currency("usd")
    assert not snapshot().accepts_currency("EUR")
    assert snapshot(multi_currency=True).accepts_currency("EUR")
    assert not snapshot(multi_currency=True, currencies=["GBP"]).accepts_currency("EUR")


def test_a_tax_rate_is_allowed_on_the_account_classes_it_applies_to_and_unknowns_allow_any() -> None:
    package = snapshot(
        accounts=[account(SALES, account_class="REVENUE"), account("5000")],
        tax_rates=[
            TaxRateRecord("OUTPUT", "Sales tax", Decimal("10"), True, applies_to=frozenset({"REVENUE"})),
            TaxRateRecord("INPUT", "Purchase tax", Decimal("10"), True, applies_to=frozenset({"EXPENSE"})),
            TaxRateRecord("NONE", "No tax", Decimal("0"), True),
        ],
    )
    assert package.tax_allowed(SALES, "OUTPUT")
    assert not package.tax_allowed(SALES, "INPUT")
    assert package.tax_allowed(SALES, "NONE")
    assert package.tax_allowed("5000", "INPUT")
    assert package.tax_allowed("9999", "INPUT")


def test_remote_documents_are_found_by_type_and_number() -> None:
    found = RemoteDocument(
        DocumentType.SALES_INVOICE,
        "x",
        "CW-1",
        RemoteStatus.PAID,
        PartyRef(name="A"),
        None,
        Decimal(1),
        Decimal(1),
        Decimal(0),
    )
    package = snapshot(remote=[found])
    assert package.documents_numbered(DocumentType.SALES_INVOICE, "CW-1") == (found,)
    assert package.documents_numbered(DocumentType.SALES_CREDIT, "CW-1") == ()
