"""Helpers the QuickBooks sandbox tests share (fixtures live in conftest.py)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any

import httpx

from tui_ledger.domain.decimal_json import dumps
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.quickbooks.credentials import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REALM_ID
from tui_ledger.sandbox.quickbooks.qbo_json import loads
from tui_ledger.sandbox.quickbooks.seed import choose_gaps
from tui_ledger.sandbox.quickbooks.xsd_json import JsonConformance

ROOT = "http://quickbooks.sandbox.invalid"
COMPANY = f"/v3/company/{DEMO_REALM_ID}"
CONFORMANCE = JsonConformance()
ANCHOR = date(2026, 11, 20)


@cache
def demo_company() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


@cache
def plain_customer() -> str:
    """The DisplayName of a demo customer the seed leaves alone (no gap touches it)."""
    gaps = choose_gaps(demo_company())
    return next(customer.name for customer in demo_company().customers if customer.id not in gaps.customers_with_gaps)


class VirtualClock:
    """Sandbox time that moves only when someone sleeps (instantly) or a test calls `advance`."""

    def __init__(self) -> None:
        self.elapsed = 0.0
        self.start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    async def sleep(self, seconds: float) -> None:
        self.elapsed += max(seconds, 0.0)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


async def refresh(root: httpx.AsyncClient, refresh_token: str) -> httpx.Response:
    return await root.post(
        "/oauth2/v1/tokens/bearer",
        data={"grant_type": "refresh_token", "refresh_token": refresh_token},
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
    )


def body(response: httpx.Response) -> Any:
    """A response body with amounts as Decimal, checked against the XSD (every answer must conform)."""
    parsed = loads(response.content)
    violations = CONFORMANCE.response(parsed)
    assert not violations, [str(violation) for violation in violations]
    return parsed


async def query(api: httpx.AsyncClient, statement: str) -> dict[str, Any]:
    response = await api.get("/query", params={"query": statement, "minorversion": "75"})
    assert response.status_code == 200, response.text
    return body(response)["QueryResponse"]


async def one(api: httpx.AsyncClient, statement: str) -> dict[str, Any]:
    found = await query(api, statement)
    entities = [key for key in found if key not in ("startPosition", "maxResults", "totalCount")]
    records = [record for entity in entities for record in found[entity]]
    assert len(records) == 1, f"expected one record for {statement}: {found}"
    return records[0]


def fault_code(response: httpx.Response) -> str:
    """The code of the single error of a Fault answer."""
    errors = body(response)["Fault"]["Error"]
    assert len(errors) == 1, errors
    return str(errors[0]["code"])


def json_body(payload: Any) -> dict[str, Any]:
    """Keyword arguments for httpx sending `payload` as JSON with Decimal amounts written exactly."""
    return {"content": dumps(payload), "headers": {"Content-Type": "application/json"}}


def quoted(value: str) -> str:
    """A string literal of the query language: single quotes, with `\\` and `\'` escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
