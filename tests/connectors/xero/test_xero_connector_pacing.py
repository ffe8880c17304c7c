"""Pacing to Xero's real limits (sandbox clock sped up 600 times): no 429 storms; a 429 from elsewhere waited out."""

from __future__ import annotations

import asyncio

from tui_ledger.connectors.xero import XeroConnector
from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.xero.app import XeroSandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID


async def test_130_concurrent_reads_are_paced_to_60_a_minute_and_5_in_flight_without_a_429(
    xero: XeroConnector, sandbox: XeroSandbox, clock: Clock
) -> None:
    await xero.company()  # two calls: the organisation and its currencies
    started = clock.monotonic()
    await asyncio.gather(*(xero.accounts() for _ in range(128)))
    elapsed = clock.monotonic() - started
    calls = [call for call in sandbox.calls.snapshot() if call.tenant_id == MAIN_TENANT_ID]
    assert len(calls) == 130
    assert [call for call in calls if call.status == 429] == []
    assert elapsed >= 120, "130 calls at 60 a minute need two full windows after the first"


async def test_a_429_from_calls_made_elsewhere_is_waited_out_and_retried(
    xero: XeroConnector, sandbox: XeroSandbox, hub: SandboxHub
) -> None:
    await xero.company()
    client_id = hub.credentials("xero")["custom_client_id"]
    while sandbox.limiter.admit(client_id, MAIN_TENANT_ID) is None:
        sandbox.limiter.leave(client_id, MAIN_TENANT_ID)
    accounts = await xero.accounts()
    assert accounts
    refused = [call for call in sandbox.calls.snapshot() if call.status == 429]
    assert [call.problem for call in refused] == ["minute"]
