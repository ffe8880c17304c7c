"""`PsaReader` over the ConnectWise REST API: what the Export screen retrieves.

Invoices and expenses arrive page by page (1000 a page), each page joined with the GL export preview of
exactly its records, so the first rows can show while the rest are on their way. Purchases are gathered
whole before they are handed on, because one PO's freight and product records can sit on different pages.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Hashable
from typing import Any

import httpx

from tui_ledger.connectors.connectwise.batches import ConnectWiseBatches
from tui_ledger.connectors.connectwise.client import open_connectwise_client
from tui_ledger.connectors.connectwise.connection import SystemInfo, check_connection
from tui_ledger.connectors.connectwise.directory import read_companies, read_locations
from tui_ledger.connectors.connectwise.expenses import (
    UNPOSTED_EXPENSES_PATH,
    expense_ids_of,
    parse_expense_entries,
    parse_unposted_expense,
)
from tui_ledger.connectors.connectwise.gl_export import EXPORT_PATH, export_request
from tui_ledger.connectors.connectwise.invoices import (
    UNPOSTED_INVOICE_FIELDS,
    UNPOSTED_INVOICES_PATH,
    invoice_ids_of,
    parse_invoice_transactions,
    parse_unposted_invoice,
)
from tui_ledger.connectors.connectwise.paging import count_records, read_all_pages
from tui_ledger.connectors.connectwise.procurement import (
    UNPOSTED_PROCUREMENT_PATH,
    group_purchases,
    parse_purchase_details,
    product_ids_of,
)
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.connectors.connectwise.unposted_filters import unposted_conditions
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.gc_pause import collection_paused
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.ports import Location
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.documents import DocumentKind, Reference, UnpostedExpense, UnpostedInvoice, UnpostedPurchase
from tui_ledger.domain.filters import UnpostedFilter

DEFAULT_PAGE_CONCURRENCY = 4
PURCHASES_PER_PAGE = 200
"""Purchases are handed on in pages of this many POs once all their records are in."""


def _unposted_id(document: UnpostedInvoice | UnpostedExpense) -> Hashable:
    return document.unposted_id


def _record_id(record: Any) -> Hashable:
    return record.get("id") if isinstance(record, dict) else id(record)


class ConnectWiseReader:
    """The ConnectWise connector: the read path (`PsaReader`: unposted documents, counts, locations, companies),
    the connection check, and `batches` — the GL batch calls on the same client and limits."""

    def __init__(
        self,
        client: ServiceClient,
        settings: ConnectWiseSettings,
        *,
        page_concurrency: int = DEFAULT_PAGE_CONCURRENCY,
    ) -> None:
        self.client = client
        self.settings = settings
        self.page_size = settings.page_size
        self.page_concurrency = page_concurrency
        self.batches = ConnectWiseBatches(client)

    @classmethod
    def open(
        cls,
        settings: ConnectWiseSettings,
        *,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        page_concurrency: int = DEFAULT_PAGE_CONCURRENCY,
    ) -> ConnectWiseReader:
        client = open_connectwise_client(settings, clock=clock, transport=transport)
        return cls(client, settings, page_concurrency=page_concurrency)

    def __repr__(self) -> str:
        return f"ConnectWiseReader({self.client!r})"

    async def check_connection(self) -> SystemInfo:
        return await check_connection(self.client, self.settings)

    # -- counts

    async def count_unposted_invoices(self, unposted: UnpostedFilter) -> int:
        return await count_records(
            self.client, UNPOSTED_INVOICES_PATH, unposted_conditions(DocumentKind.INVOICE, unposted)
        )

    async def count_unposted_expenses(self, unposted: UnpostedFilter) -> int:
        return await count_records(
            self.client, UNPOSTED_EXPENSES_PATH, unposted_conditions(DocumentKind.EXPENSE, unposted)
        )

    async def count_unposted_procurement(self, unposted: UnpostedFilter) -> int:
        """Unposted procurement *records* (freight and product lines), which is what ConnectWise counts."""
        return await count_records(
            self.client, UNPOSTED_PROCUREMENT_PATH, unposted_conditions(DocumentKind.PROCUREMENT, unposted)
        )

    # -- documents

    async def _preview(self, body: dict[str, Any]) -> Any:
        response = await self.client.request("POST", EXPORT_PATH, json_body=body, idempotent=True)
        return self.client.json_of(response)

    async def unposted_invoices(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedInvoice]]:
        """Pages of invoices with their lines at the filter's summary level and their GL entry ids."""

        async def convert(records: list[Any], call: CallSite) -> list[UnpostedInvoice]:
            export = await self._preview(export_request(unposted, invoice_ids=invoice_ids_of(records, call)))
            with collection_paused():
                gl = parse_invoice_transactions(export, self.client.call_for("POST", EXPORT_PATH))
                return [parse_unposted_invoice(record, call, gl) for record in records]

        async for page in read_all_pages(
            self.client,
            UNPOSTED_INVOICES_PATH,
            unposted_conditions(DocumentKind.INVOICE, unposted),
            convert,
            _unposted_id,
            page_size=self.page_size,
            concurrency=self.page_concurrency,
            fields=UNPOSTED_INVOICE_FIELDS,
        ):
            yield page

    async def unposted_expenses(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedExpense]]:
        """Pages of approved expenses with the GL entry ids a batch is created from."""

        async def convert(records: list[Any], call: CallSite) -> list[UnpostedExpense]:
            export = await self._preview(export_request(unposted, expense_ids=expense_ids_of(records, call)))
            with collection_paused():
                entries = parse_expense_entries(export, self.client.call_for("POST", EXPORT_PATH))
                return [parse_unposted_expense(record, call, entries) for record in records]

        async for page in read_all_pages(
            self.client,
            UNPOSTED_EXPENSES_PATH,
            unposted_conditions(DocumentKind.EXPENSE, unposted),
            convert,
            _unposted_id,
            page_size=self.page_size,
            concurrency=self.page_concurrency,
        ):
            yield page

    async def unposted_purchases(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedPurchase]]:
        """Purchase orders, each grouping its freight and product records, in pages of POs."""

        async def keep_raw(records: list[Any], _: CallSite) -> list[Any]:
            return records

        records: list[Any] = []
        async for page in read_all_pages(
            self.client,
            UNPOSTED_PROCUREMENT_PATH,
            unposted_conditions(DocumentKind.PROCUREMENT, unposted),
            keep_raw,
            _record_id,
            page_size=self.page_size,
            concurrency=self.page_concurrency,
        ):
            records.extend(page)
        call = self.client.call_for("GET", UNPOSTED_PROCUREMENT_PATH)
        if not records:
            return
        details: dict[str, list[Any]] = {}
        product_ids = product_ids_of(records, call)
        for start in range(0, len(product_ids), self.page_size):
            chunk = product_ids[start : start + self.page_size]
            export = await self._preview(export_request(unposted, product_ids=chunk))
            for number, found in parse_purchase_details(export, self.client.call_for("POST", EXPORT_PATH)).items():
                details.setdefault(number, []).extend(found)
        purchases = group_purchases(records, call, details)
        for start in range(0, len(purchases), PURCHASES_PER_PAGE):
            yield purchases[start : start + PURCHASES_PER_PAGE]

    # -- reference data

    async def locations(self) -> list[Location]:
        return await read_locations(self.client, self.page_size)

    async def companies(self, name_contains: str | None = None) -> list[Reference]:
        return await read_companies(self.client, name_contains, self.page_size)

    async def aclose(self) -> None:
        await self.client.aclose()
