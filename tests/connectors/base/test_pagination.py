"""Paging: follow `Link` (navigable and forward-only), number pages, fetch pages concurrently in order."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.connectors.fakes import make_client
from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.pagination import (
    concurrent_pages,
    forward_only_pages,
    link_pages,
    numbered_pages,
    parse_link_header,
)

BASE = "https://api.demo.test/v1"


def test_parse_link_header_reads_every_relation() -> None:
    header = (
        f'<{BASE}/items?pageSize=2&page=2>; rel="next", <{BASE}/items?pageSize=2&page=5>; rel="last",'
        f" <{BASE}/items?page=1>; rel=first"
    )

    links = parse_link_header(header)

    assert links == {
        "next": f"{BASE}/items?pageSize=2&page=2",
        "last": f"{BASE}/items?pageSize=2&page=5",
        "first": f"{BASE}/items?page=1",
    }
    assert parse_link_header(None) == {}
    assert parse_link_header("garbage") == {}


def paged_items(total: int, page_size: int):
    items = list(range(1, total + 1))

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        chunk = items[(page - 1) * page_size : page * page_size]
        headers = {}
        if page * page_size < total:
            headers["Link"] = f'<{BASE}/items?pageSize={page_size}&page={page + 1}>; rel="next"'
        return httpx.Response(200, json=[{"id": n} for n in chunk], headers=headers)

    return handler


async def test_link_pages_follows_next_until_the_last_page() -> None:
    client = make_client(paged_items(7, 3))

    pages = [page async for page in link_pages(client, "/items", {"pageSize": 3})]

    assert [[item["id"] for item in page] for page in pages] == [[1, 2, 3], [4, 5, 6], [7]]


async def test_forward_only_pages_asks_for_cursor_paging() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        after = int(request.url.params.get("pageId", "0"))
        chunk = list(range(after + 1, 6))[:2]
        headers = {"Link": f'<{BASE}/items?pageSize=2&pageId={chunk[-1]}>; rel="next"'} if chunk else {}
        return httpx.Response(200, json=[{"id": n} for n in chunk], headers=headers)

    client = make_client(handler)

    pages = [page async for page in forward_only_pages(client, "/items", {"pageSize": 2})]

    assert [item["id"] for page in pages for item in page] == [1, 2, 3, 4, 5]
    assert all(request.headers["pagination-type"] == "forward-only" for request in seen)


async def test_a_next_link_to_another_host_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"id": 1}], headers={"Link": '<https://evil.test/items?page=2>; rel="next"'})

    client = make_client(handler)
    pages = link_pages(client, "/items")

    assert await anext(pages) == [{"id": 1}]
    with pytest.raises(MalformedResponse, match="another host"):
        await anext(pages)


async def test_a_page_that_is_not_an_array_is_malformed() -> None:
    client = make_client(lambda request: httpx.Response(200, json={"items": []}))

    with pytest.raises(MalformedResponse, match="expected a JSON array page"):
        await anext(link_pages(client, "/items"))


async def test_numbered_pages_stops_after_a_short_page() -> None:
    asked: list[int] = []

    async def fetch(number: int) -> list[int]:
        asked.append(number)
        return list(range(10))[(number - 1) * 4 : number * 4]

    pages = [page async for page in numbered_pages(fetch, 4)]

    assert pages == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert asked == [1, 2, 3]


async def test_numbered_pages_asks_once_more_after_an_exactly_full_page() -> None:
    async def fetch(number: int) -> list[int]:
        return [1, 2] if number == 1 else []

    assert [page async for page in numbered_pages(fetch, 2)] == [[1, 2]]


async def test_concurrent_pages_come_back_in_order_with_bounded_concurrency() -> None:
    in_flight = 0
    peak = 0

    async def fetch(number: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.001 * (7 - number % 7))
        in_flight -= 1
        return number

    pages = [page async for page in concurrent_pages(fetch, 20, concurrency=4)]

    assert pages == list(range(1, 21))
    assert peak == 4


async def test_concurrent_pages_cancels_the_rest_when_one_fails() -> None:
    cancelled: list[int] = []

    async def fetch(number: int) -> int:
        if number == 2:
            raise MalformedResponse("Demo", "broken page")
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            cancelled.append(number)
            raise
        return number

    with pytest.raises(MalformedResponse):
        async for _ in concurrent_pages(fetch, 10, concurrency=3):
            pass

    assert cancelled == [1, 3]
