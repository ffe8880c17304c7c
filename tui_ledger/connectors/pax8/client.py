"""The Pax8 Partner API client on the shared connector base: base URL, OAuth, limits, error dialect, paging.

Pax8 pages every list the Spring way (`page` 0-based, `size` ≤ 200, envelope `{content, page: {size,
totalElements, totalPages, number}}`) and silently caps a larger size, so pages are walked by `totalPages`, never
by "a short page is the last one". Pax8 allows about 1000 calls a minute and documents no quota headers, so
the client paces itself under that budget and backs off on a 429.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from tui_ledger.connectors.error_mapping import ServiceMessage, StatusErrorMapper, read_generic_error_body
from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.http import QueryParams, ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.pacing import PacingPolicy, RateBudget
from tui_ledger.connectors.pagination import concurrent_pages
from tui_ledger.connectors.pax8.auth import SERVICE, Pax8TokenAuth
from tui_ledger.domain.clock import Clock, SystemClock

PAX8_API_URL = "https://api.pax8.com/v1"
PAGE_SIZE = 200
CALLS_PER_MINUTE = 900
"""A margin under the 1000 successful calls a minute third parties report (Pax8 publishes no headers)."""
CONCURRENT_PAGES = 4


@dataclass(frozen=True)
class Pax8Settings:
    """What a profile configures for Pax8; the secret never shows in a repr."""

    client_id: str
    client_secret: str = field(repr=False)
    base_url: str = PAX8_API_URL


def read_pax8_error(response: httpx.Response) -> ServiceMessage:
    """Pax8's `Error` body: `message` plus `details[].message`; other shapes fall back to the generic reader."""
    generic = read_generic_error_body(response)
    try:
        body = response.json()
    except ValueError:
        return generic
    details = body.get("details") if isinstance(body, dict) else None
    if not isinstance(details, list):
        return generic
    problems = tuple(str(detail["message"]) for detail in details if isinstance(detail, dict) and detail.get("message"))
    return ServiceMessage(generic.message, problems, generic.code)


def open_pax8_client(
    settings: Pax8Settings, *, clock: Clock | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> ServiceClient:
    clock = clock or SystemClock()
    base_url = settings.base_url.rstrip("/")
    spec = ServiceSpec(
        service=SERVICE,
        base_url=base_url + "/",
        headers={"Accept": "application/json"},
        auth=Pax8TokenAuth(f"{base_url}/token", settings.client_id, settings.client_secret, clock),
        pacing=PacingPolicy(max_in_flight=CONCURRENT_PAGES, budgets=(RateBudget(CALLS_PER_MINUTE, 60.0),)),
        errors=StatusErrorMapper(read_pax8_error),
        secrets=(settings.client_secret,),
    )
    return open_service_client(spec, clock=clock, transport=transport)


def _malformed(client: ServiceClient, path: str, message: str, field_name: str) -> MalformedResponse:
    return MalformedResponse(client.service, message, field=field_name, method="GET", path=f"/{path}")


async def _page(client: ServiceClient, path: str, params: Mapping[str, Any], number: int) -> tuple[list[dict], int]:
    """One page's content and the total number of pages the envelope states."""
    body = await client.get_json(path, params={**params, "page": number, "size": PAGE_SIZE})
    if not isinstance(body, dict) or not isinstance(body.get("content"), list):
        raise _malformed(client, path, "expected a page envelope with a content list", "content")
    page = body.get("page")
    total_pages = page.get("totalPages") if isinstance(page, dict) else None
    if not isinstance(total_pages, int) or total_pages < 0:
        raise _malformed(client, path, "the page envelope has no whole totalPages", "page.totalPages")
    if not all(isinstance(item, dict) for item in body["content"]):
        raise _malformed(client, path, "a content element is not an object", "content")
    return body["content"], total_pages


async def envelope_pages(
    client: ServiceClient, path: str, params: QueryParams | None = None
) -> AsyncIterator[list[dict]]:
    """Yield every page of a Pax8 list in order: the first alone, the rest a few at a time once the count is known."""
    query = dict(params or {})
    first, total_pages = await _page(client, path, query, 0)
    if first:
        yield first

    async def fetch(number: int) -> list[dict]:
        content, _ = await _page(client, path, query, number)
        return content

    async for content in concurrent_pages(fetch, total_pages - 1, concurrency=CONCURRENT_PAGES, first_page=1):
        if content:
            yield content
