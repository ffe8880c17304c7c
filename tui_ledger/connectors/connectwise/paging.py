"""Reading a whole ConnectWise list quickly: the first page and `/count` at once, then the rest in parallel.

A month-end list of ten thousand invoices is ten pages of 1000 plus one export preview per page. Fetched
one after another that is twenty round trips in a row; with the total known from `/count`, pages 2..N
(each with its preview) are fetched a few at a time and still handed on in order. Page-number paging can
repeat a record when another user closes an invoice mid-read (everything shifts by one), so records are
de-duplicated by id; a page that comes back full at the end means the list grew, and reading continues.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from typing import Any, TypeVar

from tui_ledger.connectors.connectwise.conditions import Condition
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import concurrent_pages

T = TypeVar("T")

PageConverter = Callable[[list[Any], CallSite], Awaitable[list[T]]]


async def count_records(client: ServiceClient, path: str, conditions: Condition | None) -> int:
    """`GET {path}/count` → `{"count": N}`."""
    params = {"conditions": str(conditions)} if conditions is not None else None
    response = await client.request("GET", f"{path}/count", params=params)
    body = RecordReader(client.json_of(response), "count", client.call_site("GET", response.request.url))
    count = body.integer("count")
    if count < 0:
        raise body.fail("count", f"expected a count of zero or more, got {count}")
    return count


async def fetch_page(
    client: ServiceClient,
    path: str,
    conditions: Condition | None,
    page: int,
    page_size: int,
    fields: str | None = None,
) -> tuple[list[Any], CallSite]:
    """One page of raw records (only `fields`, when given), checked to be a JSON array."""
    params: dict[str, str | int] = {"page": page, "pageSize": page_size}
    if conditions is not None:
        params["conditions"] = str(conditions)
    if fields is not None:
        params["fields"] = fields
    response = await client.request("GET", path, params=params)
    call = client.call_site("GET", response.request.url)
    body = client.json_of(response)
    if not isinstance(body, list):
        raise MalformedResponse(
            client.service,
            f"expected a JSON array page, got {type(body).__name__}",
            method=call.method,
            path=call.path,
            status=response.status_code,
        )
    return body, call


async def read_all_pages(
    client: ServiceClient,
    path: str,
    conditions: Condition | None,
    convert: PageConverter[T],
    identity: Callable[[T], Hashable],
    *,
    page_size: int,
    concurrency: int,
    fields: str | None = None,
) -> AsyncIterator[list[T]]:
    """Every record of the list, converted page by page, in the service's order, each exactly once.

    `fields` asks only for what the converter reads: less for the service to encode and for us to parse.
    """
    seen: set[Hashable] = set()

    def fresh(items: list[T]) -> list[T]:
        kept = []
        for item in items:
            key = identity(item)
            if key not in seen:
                seen.add(key)
                kept.append(item)
        return kept

    async def converted(page: int) -> tuple[int, list[T]]:
        records, call = await fetch_page(client, path, conditions, page, page_size, fields)
        return len(records), (await convert(records, call) if records else [])

    counting = asyncio.ensure_future(count_records(client, path, conditions))
    try:
        size, items = await converted(1)
        if items:
            yield fresh(items)
        if size < page_size:
            return
        total = await counting
        last_page = max(math.ceil(total / page_size), 1)
        async for fetched, items in concurrent_pages(converted, last_page - 1, concurrency=concurrency, first_page=2):
            size = fetched
            if items:
                yield fresh(items)
        page = last_page
        while size == page_size:
            page += 1
            size, items = await converted(page)
            if items:
                yield fresh(items)
    finally:
        # Cancel the count if it is still running; gathering also consumes a failure nobody awaited.
        counting.cancel()
        await asyncio.gather(counting, return_exceptions=True)
