"""The package's reference data, fetched once per run and indexed for the checks.

Checking ten thousand documents must take well under the three seconds the retrieve benchmark allows, so every
lookup a check makes is a dictionary hit on an index built here once. Names are compared case-insensitively
(both packages treat "ACME" and "Acme" as the same contact name); codes and numbers exactly, after trimming.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from tui_ledger.domain.accounting import (
    AccountRecord,
    CompanyProfile,
    ContactRecord,
    DocumentType,
    ItemRecord,
    PackageCapabilities,
    RemoteDocument,
    TaxRateRecord,
)


def name_key(name: str | None) -> str:
    """How names are compared: trimmed, inner spaces collapsed, case-folded."""
    return " ".join((name or "").split()).casefold()


def code_key(code: str | None) -> str:
    return (code or "").strip()


K = TypeVar("K")
V = TypeVar("V")


def _group(pairs: Iterable[tuple[K, V]]) -> dict[K, tuple[V, ...]]:
    grouped: dict[K, list[V]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return {key: tuple(values) for key, values in grouped.items()}


@dataclass(frozen=True, slots=True)
class PackageSnapshot:
    """Accounts, tax codes, contacts, items, the lock date, currencies and documents already found by number.

    Which tax codes an account allows comes from the records: a tax rate's `applies_to` account classes against
    the account's `account_class` (Xero: "The TaxType code 'x' cannot be used with account code 'y'"); either
    left unknown allows any.
    `multi_currency` says the organisation may record documents in `currencies` (any currency when empty)
    besides its base currency. `remote_documents` are those the run looked up by the plans' numbers.
    Build it with `PackageSnapshot.of(...)`, which computes the indexes.
    """

    capabilities: PackageCapabilities
    company: CompanyProfile
    accounts: Mapping[str, AccountRecord]
    tax_rates: Mapping[str, TaxRateRecord]
    contacts: tuple[ContactRecord, ...]
    items: tuple[ItemRecord, ...]
    multi_currency: bool
    currencies: frozenset[str]
    contacts_by_number: Mapping[str, tuple[ContactRecord, ...]] = field(repr=False)
    contacts_by_name: Mapping[str, tuple[ContactRecord, ...]] = field(repr=False)
    items_by_key: Mapping[str, tuple[ItemRecord, ...]] = field(repr=False)
    remote_by_number: Mapping[tuple[DocumentType, str], tuple[RemoteDocument, ...]] = field(repr=False)

    @classmethod
    def of(
        cls,
        capabilities: PackageCapabilities,
        company: CompanyProfile,
        *,
        accounts: Iterable[AccountRecord] = (),
        tax_rates: Iterable[TaxRateRecord] = (),
        contacts: Iterable[ContactRecord] = (),
        items: Iterable[ItemRecord] = (),
        remote_documents: Iterable[RemoteDocument] = (),
        multi_currency: bool = False,
        currencies: Iterable[str] = (),
    ) -> PackageSnapshot:
        contact_list = tuple(contacts)
        item_list = tuple(items)
        return cls(
            capabilities=capabilities,
            company=company,
            accounts={code_key(account.code): account for account in accounts if code_key(account.code)},
            tax_rates={code_key(rate.code): rate for rate in tax_rates},
            contacts=contact_list,
            items=item_list,
            multi_currency=multi_currency,
            currencies=frozenset(currency.strip().upper() for currency in currencies),
            contacts_by_number=_group(
                (code_key(contact.number).casefold(), contact) for contact in contact_list if code_key(contact.number)
            ),
            contacts_by_name=_group((name_key(contact.name), contact) for contact in contact_list),
            items_by_key=_group(
                (key, item) for item in item_list for key in {name_key(item.code), name_key(item.name)} if key
            ),
            remote_by_number=_group(
                ((document.document_type, code_key(document.number)), document)
                for document in remote_documents
                if code_key(document.number)
            ),
        )

    @property
    def package_name(self) -> str:
        return self.capabilities.display_name

    @property
    def lock_date(self) -> date | None:
        return self.company.lock_date

    @property
    def base_currency(self) -> str:
        return self.company.base_currency.strip().upper()

    def account(self, code: str) -> AccountRecord | None:
        return self.accounts.get(code_key(code))

    def tax_rate(self, code: str) -> TaxRateRecord | None:
        return self.tax_rates.get(code_key(code))

    def tax_allowed(self, account_code: str, tax_code: str) -> bool:
        """False only when both are known and the rate may not be used on the account's class."""
        account = self.account(account_code)
        rate = self.tax_rate(tax_code)
        return account is None or rate is None or rate.allowed_on(account)

    def accepts_currency(self, currency: str) -> bool:
        wanted = currency.strip().upper()
        if wanted == self.base_currency:
            return True
        return self.multi_currency and (not self.currencies or wanted in self.currencies)

    def items_named(self, code: str) -> tuple[ItemRecord, ...]:
        return self.items_by_key.get(name_key(code), ())

    def documents_numbered(self, document_type: DocumentType, number: str) -> tuple[RemoteDocument, ...]:
        return self.remote_by_number.get((document_type, code_key(number)), ())
