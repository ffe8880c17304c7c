"""The Pax8 sandbox behaves as the Partner API does: OAuth2 client credentials, bearer checks, Spring paging,
filters, sorting, rate limiting, and a month of items in Pax8's own vocabulary."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import httpx
import pytest
from platform_world import SteppingClock

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.pax8.app import build_pax8_app
from tui_ledger.sandbox.pax8.seeding import DEMO_CREDENTIALS, seed_pax8_state
from tui_ledger.sandbox.pax8.service import SERVICE as PAX8
from tui_ledger.sandbox.pax8.state import Pax8State

TOKEN_REQUEST = {
    "client_id": DEMO_CREDENTIALS.client_id,
    "client_secret": DEMO_CREDENTIALS.client_secret,
    "audience": "https://api.pax8.com",
    "grant_type": "client_credentials",
}


async def bearer(client: httpx.AsyncClient, **changes: str) -> dict[str, str]:
    response = await client.post("token", json={**TOKEN_REQUEST, **changes})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
async def auth(pax8: httpx.AsyncClient) -> dict[str, str]:
    return await bearer(pax8)


@pytest.fixture
def state(tmp_path: Path, world: DemoCompany) -> Pax8State:
    seeded = Pax8State(tmp_path / "pax8.sqlite")
    seed_pax8_state(seeded, world)
    return seeded


async def test_the_token_lives_one_day(pax8: httpx.AsyncClient) -> None:
    body = (await pax8.post("token", json=TOKEN_REQUEST)).json()
    assert body["expires_in"] == 86400
    assert body["token_type"] == "Bearer"


@pytest.mark.parametrize(
    ("changes", "status", "error"),
    [
        ({"client_secret": "wrong"}, 401, "access_denied"),
        ({"client_id": "someone-else"}, 401, "access_denied"),
        ({"grant_type": "password"}, 403, "unsupported_grant_type"),
        ({"audience": "https://example.com"}, 403, "access_denied"),
        ({"client_secret": ""}, 400, "invalid_request"),
    ],
)
async def test_token_requests_are_refused_in_oauth_terms(
    pax8: httpx.AsyncClient, changes: dict[str, str], status: int, error: str
) -> None:
    response = await pax8.post("token", json={**TOKEN_REQUEST, **changes})
    assert response.status_code == status
    assert response.json()["error"] == error


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc", "Bearer "])
async def test_partner_endpoints_need_a_valid_bearer_token(pax8: httpx.AsyncClient, header: str | None) -> None:
    headers = {"Authorization": header} if header is not None else {}
    response = await pax8.get("invoices", headers=headers)
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response.json()["instance"] == "/v1/invoices"


async def test_a_token_for_another_audience_is_refused(pax8: httpx.AsyncClient) -> None:
    headers = await bearer(pax8, audience="api://usage")
    assert (await pax8.get("companies", headers=headers)).status_code == 401


async def test_a_token_expires_on_the_sandbox_clock(state: Pax8State) -> None:
    clock = SteppingClock()
    app = build_pax8_app(state, clock)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pax8.test/v1/") as client:
        headers = await bearer(client)
        assert (await client.get("companies", headers=headers)).status_code == 200
        clock.seconds += 86400
        expired = await client.get("companies", headers=headers)
    assert expired.status_code == 401
    assert expired.json()["message"] == "Access token expired"


async def test_more_than_the_rate_limit_a_minute_is_answered_429(state: Pax8State) -> None:
    clock = SteppingClock()
    app = build_pax8_app(state, clock, calls_per_minute=3)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pax8.test/v1/") as client:
        headers = await bearer(client)
        statuses = [(await client.get("products", headers=headers)).status_code for _ in range(4)]
        clock.seconds += 61
        after_a_minute = (await client.get("products", headers=headers)).status_code
    assert statuses == [200, 200, 200, 429]
    assert after_a_minute == 200


async def test_a_size_above_200_is_capped_silently_like_spring(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    body = (await pax8.get("subscriptions", headers=auth, params={"size": 500})).json()
    assert body["page"]["size"] == 200
    assert len(body["content"]) == min(200, body["page"]["totalElements"])


async def test_pages_walk_every_element_once(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    first = (await pax8.get("subscriptions", headers=auth, params={"size": 7})).json()
    total, pages = first["page"]["totalElements"], first["page"]["totalPages"]
    ids = [item["id"] for item in first["content"]]
    for number in range(1, pages):
        page = (await pax8.get("subscriptions", headers=auth, params={"size": 7, "page": number})).json()
        assert page["page"]["number"] == number
        ids += [item["id"] for item in page["content"]]
    assert pages == -(-total // 7)
    assert len(ids) == len(set(ids)) == total


async def test_default_page_is_zero_of_size_ten(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    page = (await pax8.get("companies", headers=auth)).json()["page"]
    assert (page["number"], page["size"]) == (0, 10)


async def test_invoices_filter_by_inclusive_date_range_and_sort(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    april = await pax8.get(
        "invoices",
        headers=auth,
        params={"invoiceDateRangeStart": "2026-04-01", "invoiceDateRangeEnd": "2026-04-01"},
    )
    assert {invoice["invoiceDate"] for invoice in april.json()["content"]} == {"2026-04-01"}
    newest_first = await pax8.get("invoices", headers=auth, params={"sort": "invoiceDate,desc"})
    dates = [invoice["invoiceDate"] for invoice in newest_first.json()["content"]]
    assert dates == sorted(dates, reverse=True)
    assert set(dates) == {"2026-04-01", "2026-05-01"}


async def test_previous_month_is_paid_and_current_unpaid(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    paid = (await pax8.get("invoices", headers=auth, params={"status": "Paid"})).json()["content"]
    unpaid = (await pax8.get("invoices", headers=auth, params={"status": "Unpaid"})).json()["content"]
    assert {invoice["invoiceDate"] for invoice in paid} == {"2026-04-01"}
    assert {invoice["invoiceDate"] for invoice in unpaid} == {"2026-05-01"}


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("invoices", {"invoiceDateRangeStart": "01/04/2026"}, 400),
        ("invoices", {"sort": "amount,desc"}, 400),
        ("invoices", {"companyId": "6b1e0e55-7a3c-4a37-a0f2-1f3b7c0d9e11"}, 404),
        ("subscriptions", {"billingTerm": "Weekly"}, 400),
        ("companies", {"selfServiceAllowed": "maybe"}, 400),
        ("invoices/not-a-uuid", {}, 404),
    ],
)
async def test_bad_queries_are_refused_with_the_error_body(
    pax8: httpx.AsyncClient, auth: dict[str, str], path: str, params: dict[str, str], status: int
) -> None:
    response = await pax8.get(path, headers=auth, params=params)
    assert response.status_code == status
    assert response.json()["message"]


async def test_invoices_of_a_company_are_those_with_its_items(
    pax8: httpx.AsyncClient, auth: dict[str, str], world: DemoCompany
) -> None:
    organization = world.organizations[0]
    invoices = (await pax8.get("invoices", headers=auth, params={"companyId": organization.id})).json()["content"]
    assert invoices
    for invoice in invoices:
        items = (await pax8.get(f"invoices/{invoice['id']}/items", headers=auth, params={"size": 200})).json()
        assert any(item["companyId"] == organization.id for item in items["content"])


async def test_a_month_carries_every_item_type_the_demo_produces(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    invoices = await pax8.get("invoices", headers=auth, params={"invoiceDate": "2026-05-01"})
    seen: Counter[tuple[str, str | None]] = Counter()
    for invoice in invoices.json()["content"]:
        items = (await pax8.get(f"invoices/{invoice['id']}/items", headers=auth, params={"size": 200})).json()
        seen.update((item["type"], item.get("term")) for item in items["content"])
    types = {item_type for item_type, _ in seen}
    assert {"subscription", "prorate", "one-time", "service-charge", "service-credit"} <= types
    assert ("subscription", "Arrears") in seen


async def test_custom_charges_have_neither_product_nor_subscription(
    pax8: httpx.AsyncClient, auth: dict[str, str]
) -> None:
    invoices = (await pax8.get("invoices", headers=auth)).json()["content"]
    custom = []
    for invoice in invoices:
        items = (await pax8.get(f"invoices/{invoice['id']}/items", headers=auth, params={"size": 200})).json()
        custom += [item for item in items["content"] if item["type"].startswith("service-")]
    assert custom
    assert all("productId" not in item and "subscriptionId" not in item for item in custom)


async def test_unknown_paths_answer_in_the_error_dialect(pax8: httpx.AsyncClient, auth: dict[str, str]) -> None:
    response = await pax8.get("orders-that-do-not-exist", headers=auth)
    assert response.status_code == 404
    assert response.json()["type"] == "Not Found"


def test_registered_with_the_hub_at_the_real_api_root(hub: SandboxHub) -> None:
    assert hub.base_url("pax8") == "http://pax8.sandbox.invalid/v1"
    assert hub.credentials("pax8")["client_id"] == DEMO_CREDENTIALS.client_id


async def test_the_plain_demo_company_shows_every_item_type_in_both_months(tmp_path: Path) -> None:
    hub = SandboxHub(tmp_path, services=[PAX8])
    hub.seed(DemoCompany.generate(seed=2026, anchor=date(2026, 5, 18)))
    async with hub.client("pax8") as client:
        headers = await bearer(client)
        for invoice_date in ("2026-04-01", "2026-05-01"):
            invoices = await client.get("invoices", headers=headers, params={"invoiceDate": invoice_date})
            types: set[str] = set()
            for invoice in invoices.json()["content"]:
                items = await client.get(f"invoices/{invoice['id']}/items", headers=headers, params={"size": 200})
                types |= {item["type"] for item in items.json()["content"]}
            assert {"subscription", "prorate", "one-time"} <= types, invoice_date
            assert types & {"service-charge", "service-credit"}, f"a custom charge on {invoice_date}"
