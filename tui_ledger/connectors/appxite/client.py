"""The AppXite Reporting API v2 client on the shared connector base.

Every call carries the SAS key as the `sasKey` query parameter and the requester id in the path (reference §1.2);
the shared redaction masks `sasKey` in every logged URL and scrubs the key from any error text. Error bodies are
ASP.NET Core problem details, whose validation messages sit in an `errors` object keyed by parameter.

Paging is not documented. The client asks for `pageNumber`/`pageSize` pages and stops at the first page shorter
than it asked for; an API that ignores those parameters answers everything at once, which ends the walk after
one short page, so the same code reads either.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from tui_ledger.connectors.error_mapping import ServiceMessage, StatusErrorMapper, read_generic_error_body
from tui_ledger.connectors.errors import MalformedResponse
from tui_ledger.connectors.http import ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.pacing import PacingPolicy
from tui_ledger.connectors.pagination import numbered_pages
from tui_ledger.domain.clock import Clock

APPXITE_API_URL = "https://api.telemetry.appxite.com:8449"
SERVICE = "AppXite"
PAGE_SIZE = 1000


@dataclass(frozen=True)
class AppXiteSettings:
    """What a profile configures for AppXite. `include_unverified` also loads invoices not yet Verified
    (`isPreview=true`): the current month's and custom invoices start unverified (New / New Corrected)."""

    requester_id: str
    sas_key: str = field(repr=False)
    base_url: str = APPXITE_API_URL
    include_unverified: bool = True


def read_problem_details(response: httpx.Response) -> ServiceMessage:
    """`detail` or `title` as the message, and `errors: {param: [texts]}` as problems naming the parameter."""
    generic = read_generic_error_body(response)
    try:
        body = response.json()
    except ValueError:
        return generic
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, dict):
        return generic
    problems = tuple(
        f"{name}: {text}" for name, texts in errors.items() for text in (texts if isinstance(texts, list) else [texts])
    )
    return ServiceMessage(generic.message, problems, generic.code)


def open_appxite_client(
    settings: AppXiteSettings, *, clock: Clock | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> ServiceClient:
    spec = ServiceSpec(
        service=SERVICE,
        base_url=settings.base_url.rstrip("/") + "/",
        headers={"Accept": "application/json"},
        pacing=PacingPolicy(max_in_flight=2),
        errors=StatusErrorMapper(read_problem_details),
        secrets=(settings.sas_key,),
    )
    return open_service_client(spec, clock=clock, transport=transport)


async def reporting_pages(
    client: ServiceClient, settings: AppXiteSettings, resource: str, date_from: date, date_till: date
) -> AsyncIterator[list[dict[str, Any]]]:
    """Yield the pages of `invoices/headers` or `invoices/rows` for invoice dates `date_from..date_till`."""
    path = f"api/v2/reporting/requesters/{settings.requester_id}/invoices/{resource}"

    async def fetch(number: int) -> list[dict[str, Any]]:
        params = {
            "sasKey": settings.sas_key,
            "invoiceDateFrom": date_from.isoformat(),
            "invoiceDateTill": date_till.isoformat(),
            "isPreview": settings.include_unverified,
            "pageNumber": number,
            "pageSize": PAGE_SIZE,
        }
        body = await client.get_json(path, params=params)
        if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
            raise MalformedResponse(
                SERVICE, "expected a JSON array of objects", field=resource, method="GET", path=f"/{path}"
            )
        return body

    async for page in numbered_pages(fetch, PAGE_SIZE, first_page=1):
        yield list(page)
