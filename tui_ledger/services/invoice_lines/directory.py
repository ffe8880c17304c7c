"""The ConnectWise side of the pickers: companies, each company's agreements, and the product catalog.

The Invoices grid's drop-downs and the Mapping screen ask for the same lists again and again while a user
works through a month; the tenant's companies and catalog barely change meanwhile. So each list is read once
and kept until `forget()` (the screens' Refresh), and a company's agreements once per company.
"""

from __future__ import annotations

import asyncio

from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.connectwise.agreements import Agreement
from tui_ledger.connectors.connectwise.catalog import CatalogItem
from tui_ledger.connectors.connectwise.companies import Company
from tui_ledger.services.invoice_lines.suggestions import Candidate, Suggester


class PsaDirectory:
    """Cached reads of companies, agreements and catalog items from one ConnectWise tenant."""

    def __init__(self, billing: ConnectWiseAgreementBilling) -> None:
        self._billing = billing
        self._lock = asyncio.Lock()
        self._companies: list[Company] | None = None
        self._products: list[CatalogItem] | None = None
        self._agreements: dict[int, list[Agreement]] = {}

    async def companies(self) -> list[Company]:
        """Active companies a line can bill, by name: those typed only as Vendor are left out of the pickers."""
        async with self._lock:
            if self._companies is None:
                every = await self._billing.companies.companies()
                self._companies = [company for company in every if company.is_customer]
            return self._companies

    async def products(self) -> list[CatalogItem]:
        """Active catalog items, by identifier."""
        async with self._lock:
            if self._products is None:
                self._products = await self._billing.catalog.catalog_items()
            return self._products

    async def agreements(self, company_id: int) -> list[Agreement]:
        """The company's agreements that are not cancelled, by name (seed 003's PSA Agreement drop-down)."""
        async with self._lock:
            if company_id not in self._agreements:
                self._agreements[company_id] = await self._billing.agreements.agreements(company_id)
            return self._agreements[company_id]

    def forget(self) -> None:
        """Read everything afresh next time (after agreements or products were added in ConnectWise)."""
        self._companies = None
        self._products = None
        self._agreements.clear()

    async def company_suggester(self) -> Suggester:
        return Suggester(
            Candidate(company.id, company.name, company.name, (company.name,)) for company in await self.companies()
        )

    async def product_suggester(self) -> Suggester:
        return Suggester(
            Candidate(
                item.id,
                item.identifier,
                product_label(item),
                tuple(name for name in (item.description, item.identifier) if name),
            )
            for item in await self.products()
        )


def product_label(item: CatalogItem) -> str:
    """What a product is called in pickers and in the grid's PSA Product Name: its identifier (ConnectWise's
    own key for a catalog item), with the description when it says more."""
    if item.description and item.description.casefold() != item.identifier.casefold():
        return f"{item.identifier} - {item.description}"
    return item.identifier
