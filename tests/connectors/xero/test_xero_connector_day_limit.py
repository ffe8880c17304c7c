"""The day limit (lowered to 4 calls by a knob): a clear stop with when it resets, never silently retried."""

from __future__ import annotations

import pytest

from tui_ledger.connectors.errors import DayLimitReached
from tui_ledger.connectors.xero import XeroConnector
from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.xero.app import XeroSandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID


@pytest.fixture
def knobs() -> SandboxKnobs:
    return SandboxKnobs(extra={"xero.day_limit": "4"})


async def test_the_last_call_of_the_day_stops_the_connector_with_when_it_resets(
    xero: XeroConnector, sandbox: XeroSandbox, clock: Clock
) -> None:
    for _ in range(4):
        await xero.accounts()
    with pytest.raises(DayLimitReached) as stopped:
        await xero.accounts()
    message = str(stopped.value)
    assert "daily limit of 5,000 calls" in message
    assert "accepts calls again at" in message
    assert stopped.value.retry_at is not None
    assert stopped.value.retry_at > clock.now()
    assert len(sandbox.calls.snapshot()) == 4, "no call is sent once the day's calls are used up"


async def test_a_day_used_up_elsewhere_is_reported_from_the_429_without_retrying(
    xero: XeroConnector, sandbox: XeroSandbox, hub: SandboxHub, clock: Clock
) -> None:
    await xero.accounts()
    client_id = hub.credentials("xero")["custom_client_id"]
    for _ in range(3):
        assert sandbox.limiter.admit(client_id, MAIN_TENANT_ID) is None
        sandbox.limiter.leave(client_id, MAIN_TENANT_ID)
    with pytest.raises(DayLimitReached) as stopped:
        await xero.items()
    refused = [call for call in sandbox.calls.snapshot() if call.status == 429]
    assert [call.problem for call in refused] == ["day"]
    assert stopped.value.retry_at is not None
    hours = (stopped.value.retry_at - clock.now()).total_seconds() / 3600
    assert 23 < hours <= 24
    with pytest.raises(DayLimitReached):
        await xero.accounts()
    assert len([call for call in sandbox.calls.snapshot() if call.status == 429]) == 1
