"""The AppXite connector against the AppXite sandbox (in process) and against hand-made answers."""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.connectors.platform.conftest import appxite_settings
from tui_ledger.connectors.appxite import AppXiteSettings, AppXiteSource
from tui_ledger.connectors.appxite import client as appxite_client
from tui_ledger.connectors.errors import AuthenticationFailed, Forbidden, MalformedResponse, ValidationFailed
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.domain.invoice_lines import CUSTOM_INVOICE_OFFER_NAME, ChargeType, InvoiceLine
from tui_ledger.sandbox.hub import SandboxHub

APRIL = (date(2026, 4, 1), date(2026, 4, 30))
MAY = (date(2026, 5, 1), date(2026, 5, 31))


async def load(source: AppXiteSource, period: tuple[date, date] = APRIL) -> list[InvoiceLine]:
    return [line async for page in source.invoice_lines(*period) for line in page]


async def load_with(hub: SandboxHub, period: tuple[date, date], **changes: Any) -> list[InvoiceLine]:
    source = AppXiteSource.open(appxite_settings(hub, **changes), clock=hub.clock, transport=hub.transport("appxite"))
    try:
        return await load(source, period)
    finally:
        await source.aclose()


async def test_every_charge_type_arrives_in_both_months(hub: SandboxHub) -> None:
    for period in (APRIL, MAY):
        assert {line.charge_type for line in await load_with(hub, period)} == set(ChargeType)


async def test_cost_is_joined_from_the_incoming_invoice(appxite_source: AppXiteSource) -> None:
    lines = [line for line in await load(appxite_source) if not line.is_custom_invoice]
    assert lines
    assert all(line.cost != 0 for line in lines)
    assert all((line.cost < line.revenue) if line.revenue > 0 else (line.cost > line.revenue) for line in lines)


async def test_lines_carry_the_grid_columns(appxite_source: AppXiteSource) -> None:
    line = next(line for line in await load(appxite_source) if line.charge_type is ChargeType.CYCLE_FEE)
    assert line.organization_reference is not None
    assert line.organization_reference.startswith("ORG-")
    assert line.contract_id
    assert line.offer_id
    assert line.vendor_name
    assert line.billing_cycle == "Monthly"
    assert line.commitment_term in ("Monthly", "Annual")
    assert (line.charge_start_date, line.charge_end_date) == (date(2026, 4, 1), date(2026, 4, 30))
    assert line.invoice_date.month == 4


async def test_custom_invoices_are_default_subscription_lines(appxite_source: AppXiteSource) -> None:
    custom = [line for line in await load(appxite_source) if line.is_custom_invoice]
    assert {line.description for line in custom} >= {"Tenant migration service", "Goodwill credit"}
    for line in custom:
        assert line.offer_name == CUSTOM_INVOICE_OFFER_NAME
        assert line.charge_type is ChargeType.USER_CORRECTION
        assert line.psa_charge_type is ChargeType.CORRECTION
        assert line.cost == 0


async def test_unverified_invoices_load_only_when_asked(hub: SandboxHub) -> None:
    everything = await load_with(hub, MAY)
    verified_only = await load_with(hub, MAY, include_unverified=False)
    missing = {line.key for line in everything} - {line.key for line in verified_only}
    assert missing
    assert all(line.is_custom_invoice for line in everything if line.key in missing)


async def test_line_ids_are_unique_and_stable_across_loads(hub: SandboxHub) -> None:
    first, second = await load_with(hub, APRIL), await load_with(hub, APRIL)
    assert len({line.key for line in first}) == len(first)
    assert [line.key for line in first] == [line.key for line in second]


async def test_small_pages_give_the_same_lines(hub: SandboxHub, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = await load_with(hub, APRIL)
    monkeypatch.setattr(appxite_client, "PAGE_SIZE", 7)
    paged = await load_with(hub, APRIL)
    assert paged == whole


async def test_a_wrong_sas_key_is_an_authentication_error_without_the_key(hub: SandboxHub) -> None:
    key = "wrong-sas-key-0123456789"
    with pytest.raises(AuthenticationFailed) as refused:
        await load_with(hub, APRIL, sas_key=key)
    assert "SAS key is invalid" in str(refused.value)
    assert key not in str(refused.value)
    assert key not in repr(appxite_settings(hub, sas_key=key))


async def test_the_sas_key_never_reaches_the_logs(hub: SandboxHub, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="tui_ledger"):
        await load_with(hub, APRIL)
    assert "GET" in caplog.text
    assert hub.credentials("appxite")["sas_key"] not in caplog.text


async def test_another_requester_is_forbidden(hub: SandboxHub) -> None:
    with pytest.raises(Forbidden):
        await load_with(hub, APRIL, requester_id="another-organization")


REQUESTER = "msp-1"


def fake_appxite(headers: list[dict], rows: list[dict], status: int = 200) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if status != 200:
            return httpx.Response(
                status, json={"title": "Bad Request", "status": status, "errors": {"invoiceDateFrom": ["bad"]}}
            )
        page = int(request.url.params["pageNumber"])
        body = headers if request.url.path.endswith("/headers") else rows
        return httpx.Response(200, text=json.dumps(body if page == 1 else []))

    return httpx.MockTransport(handler)


def header(invoice_id: str, provider: str, consumer: str, **changes: object) -> dict:
    return {
        "invoiceId": invoice_id,
        "invoiceDate": "2026-04-05",
        "providerOrganizationId": provider,
        "consumerOrganizationId": consumer,
        "consumerName": "Acme Dental",
        **changes,
    }


def row(invoice_id: str, total_price: float, **changes: object) -> dict:
    return {
        "invoiceId": invoice_id,
        "organizationId": "org-1",
        "organizationName": "Acme Dental",
        "subscriptionId": "sub-1",
        "subscriptionName": "M365 E3 (Annual)",
        "offerName": "Microsoft 365 E3",
        "quantity": 4,
        "totalPrice": total_price,
        "chargeType": "cycleFee",
        "chargeStartDate": "2026-04-01",
        "chargeEndDate": "2026-04-30",
        **changes,
    }


async def fake_load(transport: httpx.MockTransport) -> list[InvoiceLine]:
    settings = AppXiteSettings(REQUESTER, "key-1234", base_url="https://appxite.test:8449")
    source = AppXiteSource.open(settings, clock=ScaledClock(1000.0), transport=transport)
    try:
        return await load(source)
    finally:
        await source.aclose()


async def test_camel_case_fields_and_plain_dates_are_read_too() -> None:
    transport = fake_appxite(
        [header("out-1", REQUESTER, "org-1"), header("in-1", "distributor", REQUESTER)],
        [row("out-1", 144.8), row("in-1", 120.2)],
    )
    (line,) = await fake_load(transport)
    assert (line.revenue, line.cost) == (Decimal("144.8"), Decimal("120.2"))
    assert line.charge_type is ChargeType.CYCLE_FEE
    assert line.invoice_date == date(2026, 4, 5)
    assert line.organization_name == "Acme Dental"


async def test_a_row_without_a_cost_row_costs_zero_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    transport = fake_appxite([header("out-1", REQUESTER, "org-1")], [row("out-1", 144.8)])
    with caplog.at_level(logging.WARNING):
        (line,) = await fake_load(transport)
    assert line.cost == 0
    assert "no incoming row prices" in caplog.text


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        ([row("unknown-invoice", 1)], "InvoiceId"),
        ([row("out-1", 1, chargeType="SetupFee")], "ChargeType"),
        ([row("out-1", "1.00")], "TotalPrice"),
        ([row("out-1", 1, chargeStartDate="April")], "ChargeStartDate"),
    ],
)
async def test_a_malformed_row_names_the_field(rows: list[dict], field: str) -> None:
    with pytest.raises(MalformedResponse) as malformed:
        await fake_load(fake_appxite([header("out-1", REQUESTER, "org-1")], rows))
    assert malformed.value.field == field


async def test_validation_errors_name_the_parameter() -> None:
    with pytest.raises(ValidationFailed) as refused:
        await fake_load(fake_appxite([], [], status=400))
    assert "invoiceDateFrom: bad" in str(refused.value)
