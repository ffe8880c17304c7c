"""Pax8 as a `PlatformSource`: a period's partner invoices, their items, enriched and mapped to invoice lines.

Recipe (reference/platform_apis.md §2.6): `GET /invoices?invoiceDateRangeStart&invoiceDateRangeEnd` (inclusive),
then `GET /invoices/{id}/items` page by page. Items lack the commitment term, so the partner's subscriptions are
read once per load (`GET /subscriptions`, 200 a page) and joined by `subscriptionId`; a subscription missing from
that list is fetched alone. Companies and products are only asked for when an item lacks its company name or its
vendor (older items), and each is asked for once.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import httpx

from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pax8.client import Pax8Settings, envelope_pages, open_pax8_client
from tui_ledger.connectors.pax8.items import (
    CompanyFacts,
    InvoiceHeader,
    SubscriptionFacts,
    invoice_header,
    invoice_line,
    subscription_facts,
)
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.invoice_lines import InvoiceLine, SourcePlatform


class Pax8Source:
    """Invoice lines from the Pax8 Partner API."""

    platform = SourcePlatform.PAX8

    def __init__(self, client: ServiceClient) -> None:
        self._client = client
        self._subscriptions: dict[str, SubscriptionFacts] | None = None
        self._companies: dict[str, CompanyFacts | None] = {}
        self._product_vendors: dict[str, str | None] = {}

    def __repr__(self) -> str:
        return f"Pax8Source({self._client!r})"

    @classmethod
    def open(
        cls, settings: Pax8Settings, *, clock: Clock | None = None, transport: httpx.AsyncBaseTransport | None = None
    ) -> Pax8Source:
        return cls(open_pax8_client(settings, clock=clock, transport=transport))

    async def invoices(self, period_start: date, period_end: date) -> list[InvoiceHeader]:
        """The partner invoices dated in the period, oldest first."""
        params = {
            "invoiceDateRangeStart": period_start.isoformat(),
            "invoiceDateRangeEnd": period_end.isoformat(),
            "sort": "invoiceDate,asc",
        }
        return [
            invoice_header(body) async for page in envelope_pages(self._client, "invoices", params) for body in page
        ]

    async def invoice_lines(self, period_start: date, period_end: date) -> AsyncIterator[list[InvoiceLine]]:
        self._subscriptions = None
        for invoice in await self.invoices(period_start, period_end):
            async for items in envelope_pages(self._client, f"invoices/{invoice.id}/items"):
                yield [await self._line(item, invoice) for item in items]

    async def _line(self, item: dict[str, Any], invoice: InvoiceHeader) -> InvoiceLine:
        subscription_id = item.get("subscriptionId")
        company_id = item.get("companyId")
        product_id = item.get("productId")
        return invoice_line(
            item,
            invoice,
            subscription=await self._subscription(subscription_id) if isinstance(subscription_id, str) else None,
            company=await self._company(company_id)
            if not item.get("companyName") and isinstance(company_id, str)
            else None,
            product_vendor=await self._vendor(product_id)
            if not item.get("vendorName") and isinstance(product_id, str)
            else None,
        )

    async def _subscription(self, subscription_id: str) -> SubscriptionFacts | None:
        if self._subscriptions is None:
            self._subscriptions = {
                str(body.get("id")): subscription_facts(body)
                async for page in envelope_pages(self._client, "subscriptions")
                for body in page
            }
        if subscription_id not in self._subscriptions:
            body = await self._optional(f"subscriptions/{subscription_id}")
            self._subscriptions[subscription_id] = subscription_facts(body) if body else SubscriptionFacts(None, None)
        return self._subscriptions[subscription_id]

    async def _company(self, company_id: str) -> CompanyFacts | None:
        if company_id not in self._companies:
            body = await self._optional(f"companies/{company_id}")
            name = body.get("name") if body else None
            external_id = body.get("externalId") if body else None
            self._companies[company_id] = (
                CompanyFacts(name, external_id if isinstance(external_id, str) else None)
                if isinstance(name, str) and name.strip()
                else None
            )
        return self._companies[company_id]

    async def _vendor(self, product_id: str) -> str | None:
        if product_id not in self._product_vendors:
            body = await self._optional(f"products/{product_id}")
            vendor = body.get("vendorName") if body else None
            self._product_vendors[product_id] = vendor if isinstance(vendor, str) and vendor.strip() else None
        return self._product_vendors[product_id]

    async def _optional(self, path: str) -> dict[str, Any] | None:
        """One resource, or None when Pax8 answers 404 (deleted since it was invoiced)."""
        response = await self._client.request("GET", path, allow_statuses=(404,))
        if response.status_code == 404:
            return None
        body = self._client.json_of(response)
        return body if isinstance(body, dict) else None

    async def aclose(self) -> None:
        await self._client.aclose()
