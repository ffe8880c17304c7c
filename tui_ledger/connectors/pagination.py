"""Walking paged lists: by `Link` header (ConnectWise navigable and forward-only), by page number, and in parallel.

Following a `Link` is what the service promises; numbering pages ourselves is what a generic API allows;
fetching numbered pages concurrently is how ten thousand records arrive in under two seconds once the total
is known from a `/count` call. All three yield whole pages, in order, so callers can report progress per page.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.http import QueryParams, ServiceClient

T = TypeVar("T")

FORWARD_ONLY_HEADERS = {"pagination-type": "forward-only"}
"""ConnectWise switches a list to cursor paging (`pageId`) when asked with this header."""

_LINK_PART = re.compile(r"""<(?P<url>[^>]*)>(?P<params>(?:\s*;\s*[^;,]+)*)""")
_REL = re.compile(r"""rel\s*=\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s;,]+))""", re.IGNORECASE)


def parse_link_header(value: str | None) -> dict[str, str]:
    """`<u1>; rel="next", <u2>; rel="last"` → {"next": "u1", "last": "u2"} (RFC 8288; several rels per link allowed)."""
    links: dict[str, str] = {}
    if not value:
        return links
    for match in _LINK_PART.finditer(value):
        rel = _REL.search(match.group("params") or "")
        if rel is None:
            continue
        for name in (rel.group("quoted") or rel.group("bare") or "").split():
            links.setdefault(name.lower(), match.group("url").strip())
    return links


def _as_page(body: Any, client: ServiceClient, response: httpx.Response) -> list[Any]:
    if not isinstance(body, list):
        call = client.call_site(response.request.method, response.request.url)
        raise MalformedResponse(
            client.service,
            f"expected a JSON array page, got {type(body).__name__}",
            method=call.method,
            path=call.path,
            status=response.status_code,
        )
    return body


async def link_pages(
    client: ServiceClient,
    path: str,
    params: QueryParams | None = None,
    *,
    headers: Mapping[str, str] | None = None,
) -> AsyncIterator[list[Any]]:
    """Yield JSON-array pages, following `rel="next"` until the service stops sending one or a page is empty.

    A next link to another host is refused: our credentials must not follow it.
    """
    url: str | httpx.URL = path
    query: QueryParams | None = params
    while True:
        response = await client.request("GET", url, params=query, headers=headers)
        page = _as_page(client.json_of(response), client, response)
        if not page:
            return
        yield page
        next_url = parse_link_header(response.headers.get("Link")).get("next")
        if next_url is None:
            return
        if not client.same_origin(next_url):
            call = client.call_site("GET", response.request.url)
            raise MalformedResponse(
                client.service,
                "the next-page link points at another host; refusing to send credentials there",
                field="Link",
                method=call.method,
                path=call.path,
            )
        url, query = next_url, None


async def forward_only_pages(
    client: ServiceClient,
    path: str,
    params: QueryParams | None = None,
) -> AsyncIterator[list[Any]]:
    """Cursor paging (`pagination-type: forward-only`): stable under concurrent inserts, ordered by id."""
    async for page in link_pages(client, path, params, headers=FORWARD_ONLY_HEADERS):
        yield page


async def numbered_pages(
    fetch_page: Callable[[int], Awaitable[Sequence[T]]],
    page_size: int,
    *,
    first_page: int = 1,
) -> AsyncIterator[Sequence[T]]:
    """Generic page/size walking for APIs without links: stops after a short or empty page."""
    number = first_page
    while True:
        page = await fetch_page(number)
        if page:
            yield page
        if len(page) < page_size:
            return
        number += 1


async def concurrent_pages(
    fetch_page: Callable[[int], Awaitable[T]],
    page_count: int,
    *,
    concurrency: int,
    first_page: int = 1,
) -> AsyncIterator[T]:
    """Fetch pages `first_page..first_page+page_count-1` with at most `concurrency` in flight; yield them in order.

    If any page fails, the error propagates at once (not after the pages before it arrive) and the pages
    still in flight are cancelled: a half-read list must never look like a complete one.
    """
    if page_count <= 0:
        return
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    numbers = iter(range(first_page, first_page + page_count))
    pending: dict[int, asyncio.Task[T]] = {}

    def start_next() -> None:
        number = next(numbers, None)
        if number is not None:
            pending[number] = asyncio.ensure_future(fetch_page(number))

    try:
        for _ in range(concurrency):
            start_next()
        for number in range(first_page, first_page + page_count):
            wanted = pending[number]
            while not wanted.done():
                done, _ = await asyncio.wait(pending.values(), return_when=asyncio.FIRST_COMPLETED)
                failed = next((task for task in done if not task.cancelled() and task.exception()), None)
                if failed is not None:
                    failed.result()
            del pending[number]
            start_next()
            yield wanted.result()
    finally:
        for task in pending.values():
            task.cancel()
        if pending:
            await asyncio.gather(*pending.values(), return_exceptions=True)
