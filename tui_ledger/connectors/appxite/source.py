"""AppXite as a `PlatformSource`: a period's invoice headers and rows, cost joined to revenue, as invoice lines.

AppXite puts cost and revenue on two invoices (reference §1.8), so a line is only complete once the incoming
(cost) rows of the period have been read: the source reads the headers, then every row of the period, and only
then yields lines. A month is a few thousand rows; holding them is cheap, and a half-costed line never escapes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal

import httpx

from tui_ledger.connectors.appxite.client import SERVICE, AppXiteSettings, open_appxite_client, reporting_pages
from tui_ledger.connectors.appxite.rows import Header, JoinKey, Row, read_header
from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.invoice_lines import InvoiceLine, SourcePlatform
from tui_ledger.domain.money import ZERO

LINES_PER_PAGE = 500
log = logging.getLogger(__name__)


class AppXiteSource:
    """Invoice lines from the AppXite Reporting API v2."""

    platform = SourcePlatform.APPXITE

    def __init__(self, client: ServiceClient, settings: AppXiteSettings) -> None:
        self._client = client
        self._settings = settings

    def __repr__(self) -> str:
        return f"AppXiteSource(requester_id={self._settings.requester_id!r})"

    @classmethod
    def open(
        cls,
        settings: AppXiteSettings,
        *,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> AppXiteSource:
        return cls(open_appxite_client(settings, clock=clock, transport=transport), settings)

    async def headers(self, period_start: date, period_end: date) -> dict[str, Header]:
        path = f"/api/v2/reporting/requesters/{self._settings.requester_id}/invoices/headers"
        headers: dict[str, Header] = {}
        async for page in reporting_pages(self._client, self._settings, "headers", period_start, period_end):
            for body in page:
                header = read_header(body, self._settings.requester_id, path)
                headers[header.invoice_id] = header
        return headers

    async def invoice_lines(self, period_start: date, period_end: date) -> AsyncIterator[list[InvoiceLine]]:
        headers = await self.headers(period_start, period_end)
        path = f"/api/v2/reporting/requesters/{self._settings.requester_id}/invoices/rows"
        costs: dict[JoinKey, Decimal] = defaultdict(lambda: ZERO)
        revenue_rows: list[tuple[Row, Header]] = []
        async for page in reporting_pages(self._client, self._settings, "rows", period_start, period_end):
            for body in page:
                row = Row(body, path)
                header = headers.get(row.invoice_id)
                if header is None:
                    raise MalformedResponse(
                        SERVICE,
                        "a row belongs to an invoice the headers of the same period do not list",
                        field="InvoiceId",
                        record=row.fields.label,
                        method="GET",
                        path=path,
                    )
                if header.is_outgoing:
                    revenue_rows.append((row, header))
                elif header.is_incoming:
                    costs[row.join_key(header.invoice_date)] += row.total
        lines = [self._line(row, header, costs) for row, header in revenue_rows]
        for start in range(0, len(lines), LINES_PER_PAGE):
            yield lines[start : start + LINES_PER_PAGE]

    def _line(self, row: Row, header: Header, costs: dict[JoinKey, Decimal]) -> InvoiceLine:
        key = row.join_key(header.invoice_date)
        if not row.is_custom(header) and key not in costs:
            log.warning("AppXite: no incoming row prices %s; its cost is taken as 0", row.fields.label)
        return row.invoice_line(header, costs.get(key, ZERO))

    async def aclose(self) -> None:
        await self._client.aclose()
