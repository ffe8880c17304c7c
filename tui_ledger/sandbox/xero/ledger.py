"""One organisation's reference data, read once per call: what documents are validated against.

A create call of 50 invoices checks hundreds of account codes, tax types and item codes; reading each table
once per call keeps that cheap, and reading it inside the call's transaction keeps it consistent with the
documents the call itself creates (a contact created by name for the first invoice exists for the second).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from tui_ledger.sandbox.xero.store import Collection, Record, XeroStore
from tui_ledger.sandbox.xero.wire import parse_ms_instant

INTERNAL_PREFIX = "_"
"""Keys the sandbox keeps on a record for itself (who created it); never sent to clients."""


def public(record: Record) -> Record:
    """The record as clients see it: without the sandbox's own bookkeeping keys."""
    return {key: value for key, value in record.items() if not key.startswith(INTERNAL_PREFIX)}


@dataclass
class Ledger:
    """Lazily loaded lookups for one tenant; contacts are re-read through the store as calls create them."""

    store: XeroStore
    tenant_id: str
    _contacts_created: dict[str, Record] = field(default_factory=dict)

    @cached_property
    def organisation(self) -> Record:
        return self.store.all(self.tenant_id, Collection.ORGANISATION)[0]

    @cached_property
    def accounts_by_code(self) -> dict[str, Record]:
        return {
            str(account["Code"]).upper(): account
            for account in self.store.all(self.tenant_id, Collection.ACCOUNTS)
            if account.get("Code")
        }

    @cached_property
    def tax_rates(self) -> dict[str, Record]:
        return {str(rate["TaxType"]).upper(): rate for rate in self.store.all(self.tenant_id, Collection.TAX_RATES)}

    @cached_property
    def items_by_code(self) -> dict[str, Record]:
        return {str(item["Code"]).upper(): item for item in self.store.all(self.tenant_id, Collection.ITEMS)}

    @cached_property
    def tracking_categories(self) -> dict[str, Record]:
        return {
            str(category["Name"]).casefold(): category
            for category in self.store.all(self.tenant_id, Collection.TRACKING_CATEGORIES)
        }

    @cached_property
    def currencies(self) -> frozenset[str]:
        """The base currency and the others the organisation trades in (kept by the seed on the organisation)."""
        enabled = self.organisation.get("_Currencies") or []
        return frozenset({str(self.organisation["BaseCurrency"]), *map(str, enabled)})

    @property
    def base_currency(self) -> str:
        return str(self.organisation["BaseCurrency"])

    @cached_property
    def lock_date(self) -> date | None:
        """The later of the period and end-of-year lock dates: documents on or before it are refused."""
        stamps = [self.organisation.get("PeriodLockDate"), self.organisation.get("EndOfYearLockDate")]
        days = [instant.date() for stamp in stamps if isinstance(stamp, str) and (instant := parse_ms_instant(stamp))]
        return max(days) if days else None

    def tax_rate_percent(self, tax_type: str) -> Decimal:
        rate = self.tax_rates.get(tax_type.upper())
        return Decimal(rate.get("EffectiveRate", 0)) if rate else Decimal(0)

    def contact(self, contact_id: str) -> Record | None:
        return self.store.get(self.tenant_id, Collection.CONTACTS, contact_id)

    def contact_by_number(self, number: str) -> Record | None:
        found = self.store.by_numbers(self.tenant_id, Collection.CONTACTS, [number])
        return found[0] if found else None

    def active_contact_by_name(self, name: str) -> Record | None:
        for contact in self.store.by_name(self.tenant_id, Collection.CONTACTS, name):
            if contact.get("ContactStatus", "ACTIVE") == "ACTIVE":
                return contact
        return None
