"""Every Pax8 sandbox response the connector relies on validates against specs/pax8_partner.json (and the token
response against specs/pax8_authentication.json): the sandbox is only useful if it is the real API's shape."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pax8_spec import validate, validate_schema

from tui_ledger.sandbox.hub import SandboxHub

PARTNER = "pax8_partner.json"


async def bearer(pax8: httpx.AsyncClient, hub_credentials: dict[str, str]) -> dict[str, str]:
    response = await pax8.post(
        "token",
        json={**hub_credentials, "audience": "https://api.pax8.com", "grant_type": "client_credentials"},
    )
    assert response.status_code == 200
    validate("pax8_authentication.json", "/token", "post", "200", response.json())
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def auth(pax8: httpx.AsyncClient, hub: SandboxHub) -> dict[str, str]:
    return await bearer(pax8, dict(hub.credentials("pax8")))


async def every_page(pax8: httpx.AsyncClient, path: str, auth: dict[str, str], **params: Any) -> list[dict]:
    """Walk a list with the connector's page size, validating each page against the operation's schema."""
    content: list[dict] = []
    number = 0
    while True:
        response = await pax8.get(path, headers=auth, params={**params, "page": number, "size": 200})
        assert response.status_code == 200, response.text
        body = response.json()
        validate(PARTNER, f"/{path}", "get", "200", body)
        content.extend(body["content"])
        number += 1
        if number >= body["page"]["totalPages"]:
            return content


async def test_token_error_matches_the_documented_example(pax8: httpx.AsyncClient) -> None:
    response = await pax8.post(
        "token",
        json={
            "client_id": "x",
            "client_secret": "y",
            "audience": "https://api.pax8.com",
            "grant_type": "client_credentials",
        },
    )
    assert response.status_code == 401
    assert response.json() == {"error": "access_denied", "error_description": "Unauthorized"}


async def test_invoices_and_their_items(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    invoices = await every_page(
        pax8, "invoices", auth, invoiceDateRangeStart="2026-04-01", invoiceDateRangeEnd="2026-05-31"
    )
    assert invoices
    for invoice in invoices:
        single = await pax8.get(f"invoices/{invoice['id']}", headers=auth)
        validate(PARTNER, "/invoices/{invoiceId}", "get", "200", single.json())
        items = await pax8.get(f"invoices/{invoice['id']}/items", headers=auth, params={"page": 0, "size": 200})
        assert items.status_code == 200
        validate(PARTNER, "/invoices/{invoiceId}/items", "get", "200", items.json())
        assert items.json()["content"], "every seeded invoice has items"


async def test_companies_products_and_subscriptions(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    companies = await every_page(pax8, "companies", auth)
    products = await every_page(pax8, "products", auth)
    subscriptions = await every_page(pax8, "subscriptions", auth)
    assert companies, "the demo company has organizations"
    assert products, "and offers"
    assert subscriptions, "and subscriptions"
    single = await pax8.get(f"companies/{companies[0]['id']}", headers=auth)
    validate(PARTNER, "/companies/{companyId}", "get", "200", single.json())
    single = await pax8.get(f"products/{products[0]['id']}", headers=auth)
    validate(PARTNER, "/products/{productId}", "get", "200", single.json())
    single = await pax8.get(f"subscriptions/{subscriptions[0]['id']}", headers=auth)
    validate(PARTNER, "/subscriptions/{subscriptionId}", "get", "200", single.json())


@pytest.mark.parametrize(
    ("path", "spec_path"),
    [
        ("invoices/6b1e0e55-7a3c-4a37-a0f2-1f3b7c0d9e11/items", "/invoices/{invoiceId}/items"),
        ("companies/6b1e0e55-7a3c-4a37-a0f2-1f3b7c0d9e11", "/companies/{companyId}"),
        ("products/6b1e0e55-7a3c-4a37-a0f2-1f3b7c0d9e11", "/products/{productId}"),
        ("subscriptions/6b1e0e55-7a3c-4a37-a0f2-1f3b7c0d9e11", "/subscriptions/{subscriptionId}"),
    ],
)
async def test_unknown_ids_answer_the_documented_404(
    pax8: httpx.AsyncClient, auth: dict[str, str], path: str, spec_path: str
) -> None:
    response = await pax8.get(path, headers=auth)
    assert response.status_code == 404
    validate(PARTNER, spec_path, "get", "404", response.json())


async def test_refusals_use_the_error_schema(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    unauthorized = await pax8.get("invoices", headers={"Authorization": "Bearer not-a-token"})
    bad_query = await pax8.get("invoices", headers=auth, params={"status": "Overdue"})
    assert (unauthorized.status_code, bad_query.status_code) == (401, 400)
    validate_schema(PARTNER, "Error", unauthorized.json())
    validate_schema(PARTNER, "Error", bad_query.json())
