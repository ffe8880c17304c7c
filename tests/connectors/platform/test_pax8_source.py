"""The Pax8 connector against the Pax8 sandbox (in process) and against hand-made answers for the odd cases."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import httpx
import pytest

from tests.connectors.platform.conftest import pax8_settings
from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse
from tui_ledger.connectors.pax8 import Pax8Settings, Pax8Source
from tui_ledger.connectors.pax8.items import SubscriptionFacts, charge_type_of
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.domain.invoice_lines import CUSTOM_INVOICE_OFFER_NAME, ChargeType, InvoiceLine
from tui_ledger.domain.money import total
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.demo_catalog import UNMAPPED_ORGANIZATIONS
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.marketplace_billing import MarketplaceBilling
from tui_ledger.sandbox.pax8.service import SERVICE as PAX8

MAY = (date(2026, 5, 1), date(2026, 5, 31))


async def load(source: Pax8Source, period: tuple[date, date] = MAY) -> list[InvoiceLine]:
    return [line async for page in source.invoice_lines(*period) for line in page]


class Recording(httpx.AsyncBaseTransport):
    """Counts requests per (method, last path segment) and can act before passing one on."""

    def __init__(self, inner: httpx.AsyncBaseTransport, before: Callable[[httpx.Request], None] | None = None) -> None:
        self.inner = inner
        self.before = before
        self.calls: Counter[tuple[str, str]] = Counter()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.calls[(request.method, request.url.path.rsplit("/", 1)[-1])] += 1
        if self.before is not None:
            self.before(request)
        return await self.inner.handle_async_request(request)


async def test_a_month_of_lines_matches_what_pax8_billed(pax8_source: Pax8Source, world: DemoCompany) -> None:
    lines = await load(pax8_source)
    charges = MarketplaceBilling(world).charges(MAY[0])
    assert len(lines) == len(charges)
    assert total(line.revenue for line in lines) == total(charge.price for charge in charges)
    assert total(line.cost for line in lines) == total(charge.cost for charge in charges)
    assert {line.invoice_date for line in lines} == {date(2026, 5, 1)}
    assert len({line.key for line in lines}) == len(lines)


async def test_every_charge_type_pax8_can_express_is_there(pax8_source: Pax8Source) -> None:
    types = {line.charge_type for line in await load(pax8_source)}
    assert types == {
        ChargeType.CYCLE_FEE,
        ChargeType.PURCHASE_FEE,
        ChargeType.CORRECTION,
        ChargeType.USAGE_FEE,
        ChargeType.ONE_TIME_FEE,
        ChargeType.USER_CORRECTION,
    }


async def test_purchase_fees_start_on_the_subscriptions_first_day(pax8_source: Pax8Source, world: DemoCompany) -> None:
    starts = {subscription.id: subscription.start_date for subscription in world.subscriptions}
    purchases = [line for line in await load(pax8_source) if line.charge_type is ChargeType.PURCHASE_FEE]
    assert purchases
    assert all(line.subscription_id and line.charge_start_date == starts[line.subscription_id] for line in purchases)


async def test_commitment_terms_come_from_the_subscriptions(pax8_source: Pax8Source, world: DemoCompany) -> None:
    terms = {subscription.id: subscription.commitment_term for subscription in world.subscriptions}
    spelled = {"Annual": "1-Year", "Monthly": "Monthly", "One-Time": "One-Time"}
    for line in await load(pax8_source):
        if line.subscription_id:
            assert line.commitment_term == spelled[terms[line.subscription_id]]


async def test_custom_charges_are_custom_invoice_lines(pax8_source: Pax8Source) -> None:
    custom = [line for line in await load(pax8_source) if line.is_custom_invoice]
    assert {line.description for line in custom} >= {"Tenant migration service", "Goodwill credit"}
    for line in custom:
        assert line.offer_name == CUSTOM_INVOICE_OFFER_NAME
        assert line.charge_type is ChargeType.USER_CORRECTION
        assert line.psa_charge_type is ChargeType.CORRECTION
        assert line.subscription_id is None
    assert any(line.revenue < 0 for line in custom)


async def test_unmapped_organizations_arrive_with_their_reference(pax8_source: Pax8Source, world: DemoCompany) -> None:
    lines = await load(pax8_source)
    references = {organization.name: organization.reference_number for organization in world.organizations}
    assert all(line.organization_reference == references[line.organization_name] for line in lines)
    billed_unmapped = {line.organization_name for line in lines} & set(UNMAPPED_ORGANIZATIONS)
    assert billed_unmapped


async def test_one_token_serves_the_whole_load(hub: SandboxHub) -> None:
    transport = Recording(hub.transport("pax8"))
    source = Pax8Source.open(pax8_settings(hub), clock=hub.clock, transport=transport)
    await load(source)
    await load(source)
    await source.aclose()
    assert transport.calls[("POST", "token")] == 1
    assert transport.calls[("GET", "items")] >= 2


async def test_a_revoked_token_is_renewed_once_and_the_load_completes(hub: SandboxHub) -> None:
    state_file = hub.context.state_file("pax8")
    revoked = False

    def revoke_after_first_invoice_list(request: httpx.Request) -> None:
        nonlocal revoked
        if request.url.path.endswith("/items") and not revoked:
            revoked = True
            with sqlite3.connect(state_file) as connection:
                connection.execute("DELETE FROM access_tokens")

    transport = Recording(hub.transport("pax8"), before=revoke_after_first_invoice_list)
    source = Pax8Source.open(pax8_settings(hub), clock=hub.clock, transport=transport)
    lines = await load(source)
    await source.aclose()
    assert revoked
    assert transport.calls[("POST", "token")] == 2
    assert len(lines) == len(await load_fresh(hub))


async def load_fresh(hub: SandboxHub) -> list[InvoiceLine]:
    source = Pax8Source.open(pax8_settings(hub), clock=hub.clock, transport=hub.transport("pax8"))
    try:
        return await load(source)
    finally:
        await source.aclose()


async def test_a_wrong_secret_is_an_authentication_error_without_the_secret(hub: SandboxHub) -> None:
    secret = "wrong-secret-value-1234"
    source = Pax8Source.open(pax8_settings(hub, client_secret=secret), clock=hub.clock, transport=hub.transport("pax8"))
    with pytest.raises(AuthenticationFailed) as refused:
        await load(source)
    await source.aclose()
    assert "access_denied: Unauthorized" in str(refused.value)
    assert "client id and secret" in str(refused.value)
    assert secret not in str(refused.value)
    assert secret not in repr(pax8_settings(hub, client_secret=secret))


async def test_the_secret_and_the_token_never_reach_the_logs(hub: SandboxHub, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="tui_ledger"):
        lines = await load_fresh(hub)
    assert lines
    assert "GET" in caplog.text
    assert hub.credentials("pax8")["client_secret"] not in caplog.text
    assert "Bearer" not in caplog.text


async def test_the_load_survives_server_errors_and_429s(
    tmp_path_factory: pytest.TempPathFactory, world: DemoCompany
) -> None:
    knobs = SandboxKnobs(fault_rate=0.1, fault_kinds=("5xx", "429"), clock_speedup=1000.0, random_seed=3)
    flaky = SandboxHub(tmp_path_factory.mktemp("flaky-pax8"), knobs, services=[PAX8])
    flaky.seed(world)
    source = Pax8Source.open(pax8_settings(flaky), clock=flaky.clock, transport=flaky.transport("pax8"))
    lines = await load(source)
    await source.aclose()
    assert sorted(line.key for line in lines) == sorted(line.key for line in await load_fresh(flaky))


async def test_items_from_before_late_2025_take_the_vendor_from_the_product(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    older = DemoCompany.generate(seed=11, anchor=date(2025, 9, 18))
    hub = SandboxHub(tmp_path_factory.mktemp("older-pax8"), SandboxKnobs(), services=[PAX8])
    hub.seed(older)
    transport = Recording(hub.transport("pax8"))
    source = Pax8Source.open(pax8_settings(hub), clock=hub.clock, transport=transport)
    lines = await load(source, (date(2025, 9, 1), date(2025, 9, 30)))
    await source.aclose()
    vendors = {offer.id: offer.vendor_name for offer in older.offers}
    subscribed = [line for line in lines if line.offer_id in vendors]
    assert subscribed
    assert all(line.vendor_name == vendors[line.offer_id] for line in subscribed)
    assert transport.calls.total() - transport.calls[("GET", "items")] > 0


@pytest.mark.parametrize(
    ("item_type", "term", "start", "expected"),
    [
        ("subscription", "Monthly", date(2026, 5, 1), ChargeType.CYCLE_FEE),
        ("subscription", "Arrears", date(2026, 4, 1), ChargeType.USAGE_FEE),
        ("prorate", "Monthly", date(2026, 4, 10), ChargeType.PURCHASE_FEE),
        ("prorate", "Monthly", date(2026, 4, 20), ChargeType.CORRECTION),
        ("one-time", "One-Time", date(2026, 4, 4), ChargeType.ONE_TIME_FEE),
        ("service-charge", "One-Time", date(2026, 4, 4), ChargeType.ONE_TIME_FEE),
        ("rebate", "Rebate", date(2026, 4, 1), ChargeType.CORRECTION),
        ("invoice-credit", None, date(2026, 4, 1), ChargeType.CORRECTION),
    ],
)
def test_item_types_map_to_charge_types(item_type: str, term: str | None, start: date, expected: ChargeType) -> None:
    subscription = SubscriptionFacts(commitment_term="1-Year", billing_start=date(2026, 4, 10))
    assert charge_type_of(item_type, term, start, subscription) is expected


INVOICE_ID = "0b157f32-a423-4fc4-bed0-82ef2f913ab2"


def fake_pax8(items: list[dict]) -> httpx.MockTransport:
    """A Pax8 that holds one invoice with `items`, paged as the real one pages them."""

    def envelope(content: list[dict], page: int, size: int, total_count: int) -> dict:
        return {
            "content": content,
            "page": {"size": size, "totalElements": total_count, "totalPages": -(-total_count // size), "number": page},
        }

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 86400, "token_type": "Bearer"})
        page, size = int(request.url.params.get("page", 0)), min(int(request.url.params.get("size", 10)), 200)
        if path.endswith("/invoices"):
            invoice = {"id": INVOICE_ID, "invoiceDate": "2026-05-01", "currencyCode": "USD"}
            return httpx.Response(200, json=envelope([invoice], page, size, 1))
        if path.endswith("/items"):
            return httpx.Response(
                200, text=json.dumps(envelope(items[page * size : (page + 1) * size], page, size, len(items)))
            )
        if path.endswith("/subscriptions"):
            return httpx.Response(200, json=envelope([], page, size, 0))
        return httpx.Response(404, json={"message": "Not Found", "status": 404})

    return httpx.MockTransport(handler)


def item(number: int, **changes: object) -> dict:
    body = {
        "id": f"item-{number:04d}",
        "type": "subscription",
        "companyId": "c-1",
        "companyName": "Acme Dental",
        "externalId": "A-1",
        "startPeriod": "2026-05-01",
        "endPeriod": "2026-05-31",
        "quantity": 3,
        "term": "Monthly",
        "productId": "p-1",
        "productName": "Microsoft 365 E3",
        "vendorName": "Microsoft",
        "costTotal": 30.5,
        "subTotal": 45.75,
        "subscriptionId": "s-1",
    }
    body.update(changes)
    return body


async def fake_load(items: list[dict]) -> list[InvoiceLine]:
    source = Pax8Source.open(
        Pax8Settings("id", "secret", base_url="https://pax8.test/v1"),
        clock=ScaledClock(1000.0),
        transport=fake_pax8(items),
    )
    try:
        return await load(source)
    finally:
        await source.aclose()


async def test_all_pages_of_a_large_invoice_arrive_in_order() -> None:
    lines = await fake_load([item(number) for number in range(450)])
    assert [line.platform_line_id for line in lines] == [f"item-{number:04d}" for number in range(450)]
    assert lines[0].cost == Decimal("30.5")
    assert lines[0].revenue == Decimal("45.75")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"costTotal": "30.50"}, "costTotal"),
        ({"companyId": None}, "companyId"),
        ({"type": "surcharge"}, "type"),
        ({"startPeriod": "May 1st"}, "startPeriod"),
        ({"endPeriod": "2026-04-01"}, "item"),
    ],
)
async def test_a_malformed_item_names_the_field_and_the_item(changes: dict[str, object], field: str) -> None:
    with pytest.raises(MalformedResponse) as malformed:
        await fake_load([item(1), item(2, **changes)])
    assert malformed.value.field == field
    assert "item-0002" in str(malformed.value)
