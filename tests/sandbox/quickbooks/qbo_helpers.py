"""Helpers the QuickBooks sandbox tests share (fixtures live in conftest.py)."""

from __future__ import annotations

from typing import Any

import httpx

from tui_ledger.sandbox.quickbooks.credentials import DEMO_REALM_ID
from tui_ledger.sandbox.quickbooks.qbo_json import loads
from tui_ledger.sandbox.quickbooks.xsd_json import JsonConformance

ROOT = "http://quickbooks.sandbox.invalid"
COMPANY = f"/v3/company/{DEMO_REALM_ID}"
CONFORMANCE = JsonConformance()


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
    entity = next(key for key in found if key not in ("startPosition", "maxResults", "totalCount"))
    assert len(found[entity]) == 1, found
    return found[entity][0]


def fault_code(response: httpx.Response) -> str:
    """The code of the single error of a Fault answer."""
    errors = body(response)["Fault"]["Error"]
    assert len(errors) == 1, errors
    return str(errors[0]["code"])
