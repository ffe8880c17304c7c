"""Reading a whole list: the count and the first page at once, the rest in parallel, in order, each record once."""

from __future__ import annotations

from typing import Any

import httpx

from tests.connectors.fakes import make_client
from tui_ledger.connectors.connectwise.conditions import field
from tui_ledger.connectors.connectwise.paging import read_all_pages
from tui_ledger.connectors.error_mapping import CallSite


class MovingList:
    """A list endpoint whose `/count` is stale: `extra` records arrive after the count was taken, and the
    records before `shift_at` appear again on the following page (someone closed an invoice mid-read)."""

    def __init__(self, total: int, *, counted: int, shift_at_page: int | None = None) -> None:
        self.ids = list(range(1, total + 1))
        self.counted = counted
        self.shift_at_page = shift_at_page
        self.pages_asked: list[int] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/count"):
            return httpx.Response(200, json={"count": self.counted})
        page = int(request.url.params["page"])
        size = int(request.url.params["pageSize"])
        self.pages_asked.append(page)
        start = (page - 1) * size
        if self.shift_at_page is not None and page >= self.shift_at_page:
            start -= 1
        return httpx.Response(200, json=[{"id": n} for n in self.ids[start : start + size]])


async def identity_convert(records: list[Any], _: CallSite) -> list[int]:
    return [record["id"] for record in records]


async def read(endpoint: MovingList, page_size: int) -> list[list[int]]:
    client = make_client(endpoint)
    pages = read_all_pages(
        client,
        "/items",
        field("id").gt(0),
        identity_convert,
        lambda item: item,
        page_size=page_size,
        concurrency=3,
    )
    return [page async for page in pages]


async def test_pages_arrive_in_order_after_a_count() -> None:
    endpoint = MovingList(23, counted=23)

    pages = await read(endpoint, 5)

    assert [item for page in pages for item in page] == list(range(1, 24))
    assert sorted(endpoint.pages_asked) == [1, 2, 3, 4, 5]


async def test_records_added_after_the_count_are_still_read() -> None:
    endpoint = MovingList(17, counted=10)

    pages = await read(endpoint, 5)

    assert [item for page in pages for item in page] == list(range(1, 18))


async def test_a_record_repeated_by_a_shifting_list_is_kept_once() -> None:
    endpoint = MovingList(12, counted=12, shift_at_page=2)

    pages = await read(endpoint, 5)

    items = [item for page in pages for item in page]
    assert items == list(range(1, 13))


async def test_a_short_first_page_needs_no_count() -> None:
    endpoint = MovingList(3, counted=3)

    assert await read(endpoint, 5) == [[1, 2, 3]]
    assert endpoint.pages_asked == [1]
