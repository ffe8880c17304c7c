"""What a user sees when ConnectWise cannot be used: wrong keys, wrong address, nobody there, garbled answers,
and a flaky service that retries ride out."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.connectors.connectwise.sandbox import ANCHOR, EVERYTHING, collect, open_reader, seeded_hub
from tests.connectors.fakes import FakeClock
from tui_ledger.connectors.errors import AuthenticationFailed, MalformedResponse, NotFound, Unreachable
from tui_ledger.domain.money import total
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs

WRONG_KEY = "not-the-private-key"


class Tampering(httpx.AsyncBaseTransport):
    """The sandbox with its answers on one path passed through `tamper` (a garbled or changed service)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, path_suffix: str, tamper: Callable[[Any], Any]) -> None:
        self.inner = inner
        self.path_suffix = path_suffix
        self.tamper = tamper

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if not request.url.path.endswith(self.path_suffix) or response.status_code != 200:
            return response
        body = json.loads(await response.aread())
        changed = self.tamper(body)
        if isinstance(changed, bytes):
            return httpx.Response(200, content=changed, headers={"content-type": "text/html"})
        return httpx.Response(200, json=changed, headers=dict(response.headers))


async def test_wrong_credentials_name_the_company_and_key_never_the_secret(hub: SandboxHub) -> None:
    reader = open_reader(hub, private_key=WRONG_KEY)
    try:
        with pytest.raises(AuthenticationFailed) as caught:
            await reader.check_connection()
    finally:
        await reader.aclose()

    message = str(caught.value)
    assert "wrong credentials: ConnectWise rejected company 'tuiledger' with public key sand…" in message
    assert "check company_id, public_key and private_key" in message
    assert WRONG_KEY not in message
    assert caught.value.status == 401


async def test_wrong_credentials_during_retrieve_fail_at_once_without_retrying(hub: SandboxHub) -> None:
    reader = open_reader(hub, private_key=WRONG_KEY)
    try:
        with pytest.raises(AuthenticationFailed) as caught:
            await collect(reader.unposted_invoices(EVERYTHING))
    finally:
        await reader.aclose()

    assert caught.value.where.startswith("GET /finance/accounting/unpostedinvoices")


async def test_a_wrong_codebase_says_to_check_site_and_codebase(hub: SandboxHub) -> None:
    wrong = hub.base_url(SERVICE.name).replace("v4_6_release", "v2019_1")
    reader = open_reader(hub, base_url=wrong)
    try:
        with pytest.raises(NotFound) as caught:
            await reader.check_connection()
    finally:
        await reader.aclose()

    assert "no ConnectWise API at http://connectwise.sandbox.invalid/v2019_1/apis/3.0" in str(caught.value)
    assert "check site and codebase" in str(caught.value)


async def test_nobody_listening_is_unreachable_with_the_address_tried(hub: SandboxHub) -> None:
    clock = FakeClock()
    reader = open_reader(
        hub,
        base_url="http://127.0.0.1:9/v4_6_release/apis/3.0",
        clock=clock,
        transport=httpx.AsyncHTTPTransport(),
    )
    try:
        with pytest.raises(Unreachable) as caught:
            await reader.check_connection()
    finally:
        await reader.aclose()

    assert "no answer from http://127.0.0.1:9/v4_6_release/apis/3.0 after 4 attempts: ConnectError" in str(caught.value)
    assert len(clock.sleeps) == 3


def drop_first_billing_log_id(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    del page[0]["billingLogId"]
    return page


async def test_a_malformed_amount_names_the_field_and_the_record(hub: SandboxHub) -> None:
    broken: list[int] = []

    def break_first_total(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
        page[0]["total"] = "n/a"
        broken.append(page[0]["id"])
        return page

    transport = Tampering(hub.transport(SERVICE.name), "/unpostedinvoices", break_first_total)
    reader = open_reader(hub, transport=transport)
    try:
        with pytest.raises(MalformedResponse) as caught:
            await collect(reader.unposted_invoices(EVERYTHING))
    finally:
        await reader.aclose()

    error = caught.value
    assert error.field == "total"
    assert error.record == f"unposted invoice id {broken[0]}"
    assert "expected a finite amount, got 'n/a'" in str(error)
    assert "GET /finance/accounting/unpostedinvoices" in str(error)


async def test_a_missing_required_field_is_named(hub: SandboxHub) -> None:
    transport = Tampering(hub.transport(SERVICE.name), "/unpostedinvoices", drop_first_billing_log_id)
    reader = open_reader(hub, transport=transport)
    try:
        with pytest.raises(MalformedResponse, match="required field is missing") as caught:
            await collect(reader.unposted_invoices(EVERYTHING))
    finally:
        await reader.aclose()

    assert caught.value.field == "billingLogId"


async def test_a_broken_gl_entry_list_in_the_preview_is_named(hub: SandboxHub) -> None:
    def garble(export: dict[str, Any]) -> dict[str, Any]:
        export["transactions"][0]["glEntryIds"] = "12,x"
        return export

    transport = Tampering(hub.transport(SERVICE.name), "/finance/accounting/export", garble)
    reader = open_reader(hub, transport=transport)
    try:
        with pytest.raises(MalformedResponse) as caught:
            await collect(reader.unposted_invoices(EVERYTHING))
    finally:
        await reader.aclose()

    assert caught.value.field == "glEntryIds"
    assert caught.value.record is not None
    assert caught.value.record.startswith("GL export transaction id ")


async def test_an_html_page_instead_of_json_is_malformed(hub: SandboxHub) -> None:
    transport = Tampering(hub.transport(SERVICE.name), "/system/info", lambda _: b"<html>Sign in</html>")
    reader = open_reader(hub, transport=transport)
    try:
        with pytest.raises(MalformedResponse, match="expected JSON, got 20 bytes of text/html"):
            await reader.check_connection()
    finally:
        await reader.aclose()


async def test_a_flaky_service_still_yields_the_whole_list(
    tmp_path: Path, company: DemoCompany, caplog: pytest.LogCaptureFixture
) -> None:
    """5xx, resets, timeouts and 429s on one call in five: retries (the preview is marked idempotent) ride them out."""
    caplog.set_level(logging.WARNING, logger="tui_ledger.connectors")
    knobs = SandboxKnobs(fault_rate=0.2, clock_speedup=10_000)
    flaky = seeded_hub(tmp_path, company, knobs)
    reader = open_reader(flaky, page_size=25)
    try:
        invoices = await collect(reader.unposted_invoices(EVERYTHING))
    finally:
        await reader.aclose()

    expected = company.unposted_invoices()
    retried = [record.getMessage() for record in caplog.records if "failed" in record.getMessage()]
    assert any("POST /finance/accounting/export" in message for message in retried)
    assert any("GET /finance/accounting/unpostedinvoices" in message for message in retried)
    assert len(invoices) == len(expected)
    assert total(invoice.total for invoice in invoices) == total(invoice.total for invoice in expected)
    assert all(invoice.invoice_date <= ANCHOR for invoice in invoices)
