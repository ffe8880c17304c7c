"""A rate limit or an outage at Xero Identity is temporary: the token call waits and tries again, and only a real
refusal (invalid_grant, invalid_client) tells the user to fix the sign-in."""

from __future__ import annotations

from collections import deque
from dataclasses import replace

import httpx
import pytest
from xero_connector_support import sign_in
from xero_support import ManualClock

from tui_ledger.connectors.errors import AuthenticationFailed, RateLimited, ServiceUnavailable
from tui_ledger.connectors.xero import MemoryTokenSink, XeroConnection, open_xero
from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID

TOKEN_PATH = "/connect/token"


@pytest.fixture
def clock(manual_clock: ManualClock) -> Clock:
    return manual_clock


class TokenTrouble(httpx.AsyncBaseTransport):
    """The sandbox, except that the next token requests get the scripted answers first; counts token requests."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *answers: httpx.Response) -> None:
        self.inner = inner
        self.answers = deque(answers)
        self.token_requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == TOKEN_PATH:
            self.token_requests += 1
            if self.answers:
                scripted = self.answers.popleft()
                return httpx.Response(scripted.status_code, headers=scripted.headers, content=scripted.content)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def too_many(retry_after: int) -> httpx.Response:
    return httpx.Response(429, headers={"Retry-After": str(retry_after)})


def outage(status: int = 503) -> httpx.Response:
    return httpx.Response(status, text="The Xero API is temporarily unavailable")


async def test_a_custom_connection_waits_out_rate_limits_on_the_token_call(
    custom_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    transport = TokenTrouble(hub.transport("xero"), too_many(20), too_many(30))
    connector = open_xero(custom_connection, MemoryTokenSink(), transport=transport, clock=manual_clock)
    assert (await connector.company()).id == MAIN_TENANT_ID
    assert transport.token_requests == 3
    assert manual_clock.seconds >= 50
    await connector.aclose()


async def test_an_outage_during_renewal_is_retried_and_the_rotated_refresh_token_saved(
    web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    sink = MemoryTokenSink()
    await sign_in(web_connection, sink, hub.transport("xero"), hub.credentials("xero")["redirect_uri"], manual_clock)
    first_refresh = sink.tokens["refresh_token"]
    transport = TokenTrouble(hub.transport("xero"), outage(502), outage(503))
    connector = open_xero(web_connection, sink, transport=transport, clock=manual_clock)
    manual_clock.advance(1800)
    accounts = await connector.accounts()
    assert accounts
    assert transport.token_requests == 3
    assert sink.tokens["refresh_token"] != first_refresh
    await connector.aclose()


async def test_a_rate_limit_that_outlasts_the_retries_is_a_rate_limit_not_bad_credentials(
    custom_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    transport = TokenTrouble(hub.transport("xero"), *(too_many(5) for _ in range(4)))
    connector = open_xero(custom_connection, MemoryTokenSink(), transport=transport, clock=manual_clock)
    with pytest.raises(RateLimited) as stopped:
        await connector.accounts()
    assert not isinstance(stopped.value, AuthenticationFailed)
    assert stopped.value.retry_at is not None
    assert stopped.value.path == TOKEN_PATH
    assert custom_connection.client_secret not in str(stopped.value)
    assert transport.token_requests == 4
    await connector.aclose()


async def test_an_outage_that_outlasts_the_retries_is_service_unavailable(
    custom_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    transport = TokenTrouble(hub.transport("xero"), *(outage() for _ in range(4)))
    connector = open_xero(custom_connection, MemoryTokenSink(), transport=transport, clock=manual_clock)
    with pytest.raises(ServiceUnavailable, match="temporarily unavailable"):
        await connector.accounts()
    assert transport.token_requests == 4
    await connector.aclose()


async def test_a_wrong_secret_is_refused_at_once_without_retrying(
    custom_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    transport = TokenTrouble(hub.transport("xero"))
    connector = open_xero(
        replace(custom_connection, client_secret="wrong-secret"),
        MemoryTokenSink(),
        transport=transport,
        clock=manual_clock,
    )
    with pytest.raises(AuthenticationFailed, match="invalid_client"):
        await connector.accounts()
    assert transport.token_requests == 1
    assert manual_clock.seconds == 0
    await connector.aclose()


async def test_a_revoked_sign_in_is_refused_at_once_even_after_a_rate_limit(
    web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    sink = MemoryTokenSink()
    await sign_in(web_connection, sink, hub.transport("xero"), hub.credentials("xero")["redirect_uri"], manual_clock)
    sink.save({**sink.tokens, "refresh_token": "revoked-long-ago"})
    transport = TokenTrouble(hub.transport("xero"), too_many(1))
    connector = open_xero(web_connection, sink, transport=transport, clock=manual_clock)
    manual_clock.advance(1800)
    with pytest.raises(AuthenticationFailed, match="invalid_grant"):
        await connector.accounts()
    assert transport.token_requests == 2
    await connector.aclose()
