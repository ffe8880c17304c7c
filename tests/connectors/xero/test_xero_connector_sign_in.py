"""Signing in to Xero over SSH, keeping the sign-in alive, and what the user is told when it breaks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from xero_connector_support import follow, sign_in
from xero_support import ManualClock

from tui_ledger.connectors.errors import AuthenticationFailed, Forbidden
from tui_ledger.connectors.xero import MemoryTokenSink, XeroConnection, open_xero
from tui_ledger.connectors.xero.connector import oauth_client
from tui_ledger.connectors.xero.oauth import RedirectNotUnderstood
from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID, TRAINING_TENANT_ID

SIGN_IN_COMMAND = "tui-ledger auth xero --profile demo"


@pytest.fixture
def clock(manual_clock: ManualClock) -> Clock:
    return manual_clock


async def test_the_pasted_redirect_signs_in_and_lists_the_organisations(
    web_connection: XeroConnection, hub: SandboxHub, clock: Clock
) -> None:
    oauth = oauth_client(web_connection, transport=hub.transport("xero"), clock=clock)
    attempt = oauth.authorization_request(hub.credentials("xero")["redirect_uri"])
    assert attempt.url.startswith("http://xero.sandbox.invalid/identity/connect/authorize?")
    assert "code_challenge_method=S256" in attempt.url
    landed = await follow(hub.transport("xero"), attempt.url)
    tokens = await oauth.exchange(attempt, f"  {landed}\n")
    tenants = await oauth.connections(tokens.access_token)
    assert {tenant.tenant_id for tenant in tenants} == {MAIN_TENANT_ID, TRAINING_TENANT_ID}


async def test_a_redirect_from_another_attempt_is_refused_before_any_exchange(
    web_connection: XeroConnection, hub: SandboxHub, clock: Clock
) -> None:
    oauth = oauth_client(web_connection, transport=hub.transport("xero"), clock=clock)
    first = oauth.authorization_request(hub.credentials("xero")["redirect_uri"])
    second = oauth.authorization_request(hub.credentials("xero")["redirect_uri"])
    landed = await follow(hub.transport("xero"), first.url)
    with pytest.raises(RedirectNotUnderstood, match="does not belong to this sign-in"):
        await oauth.exchange(second, landed)
    with pytest.raises(RedirectNotUnderstood, match="carries no code"):
        await oauth.exchange(first, "http://localhost:8765/xero/callback?state=" + first.state)


async def test_an_expired_access_token_is_renewed_and_the_rotated_refresh_token_saved_first(
    signed_in: tuple, manual_clock: ManualClock, hub: SandboxHub
) -> None:
    connector, sink = signed_in
    first_refresh = sink.tokens["refresh_token"]
    await connector.company()
    manual_clock.advance(1800)
    await connector.company()
    assert sink.saves == 2
    assert sink.tokens["refresh_token"] != first_refresh
    credentials = hub.credentials("xero")
    async with httpx.AsyncClient(transport=hub.transport("xero"), base_url="http://xero.sandbox.invalid") as client:
        reuse = await client.post(
            "/connect/token",
            data={"grant_type": "refresh_token", "refresh_token": first_refresh},
            auth=(credentials["client_id"], credentials["client_secret"]),
        )
    assert reuse.json()["error"] == "invalid_grant"


async def test_five_calls_meeting_an_expired_token_refresh_it_once(signed_in: tuple, manual_clock: ManualClock) -> None:
    import asyncio

    connector, sink = signed_in
    manual_clock.advance(1800)
    await asyncio.gather(*(connector.accounts() for _ in range(5)))
    assert sink.saves == 2


async def test_a_revoked_sign_in_says_to_sign_in_again(
    signed_in: tuple, web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    connector, sink = signed_in
    oauth = oauth_client(web_connection, transport=hub.transport("xero"), clock=manual_clock)
    await oauth.revoke(sink.tokens["refresh_token"])
    with pytest.raises(AuthenticationFailed) as refused_token:
        await connector.company()
    assert SIGN_IN_COMMAND in str(refused_token.value)
    manual_clock.advance(1800)
    with pytest.raises(AuthenticationFailed) as refused_refresh:
        await connector.company()
    assert "invalid_grant" in str(refused_refresh.value)
    assert "revoked" in str(refused_refresh.value)
    assert SIGN_IN_COMMAND in str(refused_refresh.value)


async def test_a_wrong_access_token_says_to_sign_in_again(
    web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    sink = MemoryTokenSink(
        {"access_token": "not-a-token", "refresh_token": "nor-this", "expires_at": "2099-01-01T00:00:00+00:00"}
    )
    connector = open_xero(web_connection, sink, transport=hub.transport("xero"), clock=manual_clock)
    with pytest.raises(AuthenticationFailed) as refused:
        await connector.accounts()
    assert "did not accept the access token" in str(refused.value)
    assert SIGN_IN_COMMAND in str(refused.value)
    assert "not-a-token" not in str(refused.value)
    await connector.aclose()


async def test_nobody_signed_in_yet_says_how_to(
    web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    connector = open_xero(web_connection, MemoryTokenSink(), transport=hub.transport("xero"), clock=manual_clock)
    with pytest.raises(
        AuthenticationFailed, match="not signed in to Xero; sign in again with `tui-ledger auth xero --profile demo`"
    ):
        await connector.accounts()
    await connector.aclose()


@pytest.fixture
async def unchosen(web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock) -> AsyncIterator:
    from dataclasses import replace

    connection = replace(web_connection, tenant_id=None)
    sink = MemoryTokenSink()
    await sign_in(connection, sink, hub.transport("xero"), hub.credentials("xero")["redirect_uri"], manual_clock)
    connector = open_xero(connection, sink, transport=hub.transport("xero"), clock=manual_clock)
    yield connector, sink
    await connector.aclose()


async def test_no_tenant_chosen_among_several_names_them_and_says_how_to_choose(unchosen: tuple) -> None:
    connector, _ = unchosen
    with pytest.raises(Forbidden) as refused:
        await connector.accounts()
    message = str(refused.value)
    assert "reaches 2" in message
    assert "(Training)" in message
    assert SIGN_IN_COMMAND in message


async def test_a_chosen_tenant_is_kept_with_the_tokens(unchosen: tuple) -> None:
    connector, sink = unchosen
    await connector.auth.remember_tenant(TRAINING_TENANT_ID, "Training")
    assert sink.tokens["tenant_id"] == TRAINING_TENANT_ID
    assert (await connector.company()).id == TRAINING_TENANT_ID


async def test_an_unknown_tenant_id_is_refused_with_what_to_do(
    web_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    from dataclasses import replace

    connection = replace(web_connection, tenant_id="00000000-1111-2222-3333-444444444444")
    sink = MemoryTokenSink()
    await sign_in(connection, sink, hub.transport("xero"), hub.credentials("xero")["redirect_uri"], manual_clock)
    connector = open_xero(connection, sink, transport=hub.transport("xero"), clock=manual_clock)
    with pytest.raises(Forbidden) as refused:
        await connector.accounts()
    assert "not connected to this app" in str(refused.value)
    assert "set tenant_id of the profile's Xero target" in str(refused.value)
    await connector.aclose()


async def test_a_custom_connection_needs_no_sign_in_and_renews_itself(
    custom_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    sink = MemoryTokenSink()
    connector = open_xero(custom_connection, sink, transport=hub.transport("xero"), clock=manual_clock)
    assert (await connector.company()).id == MAIN_TENANT_ID
    assert sink.tokens["tenant_id"] == MAIN_TENANT_ID
    first_token = sink.tokens["access_token"]
    manual_clock.advance(1800)
    await connector.accounts()
    assert sink.tokens["access_token"] != first_token
    assert sink.tokens["tenant_id"] == MAIN_TENANT_ID
    assert sink.tokens["refresh_token"] is None
    await connector.aclose()


async def test_a_wrong_custom_connection_secret_names_the_setting_to_check(
    custom_connection: XeroConnection, hub: SandboxHub, manual_clock: ManualClock
) -> None:
    from dataclasses import replace

    connector = open_xero(
        replace(custom_connection, client_secret="wrong-secret"),
        MemoryTokenSink(),
        transport=hub.transport("xero"),
        clock=manual_clock,
    )
    with pytest.raises(AuthenticationFailed, match="invalid_client") as refused:
        await connector.accounts()
    assert "wrong-secret" not in str(refused.value)
    await connector.aclose()
