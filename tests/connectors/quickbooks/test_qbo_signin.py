"""Signing in over SSH, rotating refresh tokens, and the messages that say what to do when sign-in breaks."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.connectors.quickbooks.support import APP, CREDENTIALS, World
from tui_ledger.connectors.errors import AuthenticationFailed, Forbidden
from tui_ledger.connectors.quickbooks import AppRegistration, MemoryTokenSink, TokenSet, open_quickbooks
from tui_ledger.connectors.quickbooks.auth import REFRESH_AHEAD_SECONDS


def test_the_printed_link_asks_for_accounting_access_with_the_registered_redirect(world: World) -> None:
    url = world.oauth().authorization_url("state-1")

    query = parse_qs(urlsplit(url).query)
    assert url.startswith("http://quickbooks.sandbox.invalid/connect/oauth2?")
    assert query == {
        "client_id": [APP.client_id],
        "response_type": ["code"],
        "scope": ["com.intuit.quickbooks.accounting"],
        "redirect_uri": [APP.redirect_uri],
        "state": ["state-1"],
    }


async def test_the_pasted_address_gives_tokens_for_the_chosen_company(world: World) -> None:
    sink = await world.sign_in()

    saved = TokenSet.from_json(sink.tokens or {}, "")
    assert saved.realm_id == CREDENTIALS["realm_id"]
    assert sink.saves == 1


@pytest.mark.parametrize(
    ("pasted", "says"),
    [
        ("http://localhost:8765/quickbooks/callback?code=abc&state=other&realmId=1", "state does not match"),
        ("http://localhost:8765/quickbooks/callback?error=access_denied&state=mine", "refused the sign-in"),
        ("http://localhost:8765/quickbooks/callback?code=abc&state=mine", "no realmId"),
        ("http://localhost:8765/quickbooks/callback?state=mine&realmId=1", "no code"),
    ],
)
def test_a_wrong_paste_says_what_to_do(world: World, pasted: str, says: str) -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        world.oauth().read_redirect(pasted, "mine")

    assert says in str(raised.value)


async def test_every_rotated_refresh_token_is_saved_before_use(world: World) -> None:
    sink = await world.sign_in()
    first = TokenSet.from_json(sink.tokens or {}, "")
    expired = TokenSet(
        first.access_token, first.refresh_token, world.clock.now(), first.refresh_expires_at, first.realm_id
    )
    sink.save(expired.to_json())

    async with world.connector(sink) as qbo:
        await qbo.company()
        rotated = TokenSet.from_json(sink.tokens or {}, "")
        await qbo.company()

    assert sink.saves == 3
    assert rotated.refresh_token != first.refresh_token
    assert rotated.expires_within(world.clock.now(), 3600)
    assert not rotated.expires_within(world.clock.now(), REFRESH_AHEAD_SECONDS)
    with pytest.raises(AuthenticationFailed, match="invalid_grant"):
        await world.oauth().refresh(first)


async def test_concurrent_calls_refresh_only_once(world: World) -> None:
    sink = await world.sign_in()
    first = TokenSet.from_json(sink.tokens or {}, "")
    sink.save(TokenSet(first.access_token, first.refresh_token, world.clock.now(), None, first.realm_id).to_json())

    async with world.connector(sink) as qbo:
        await asyncio.gather(*(qbo.company() for _ in range(8)))

    assert sink.saves == 3


async def test_a_wrong_access_token_and_a_dead_refresh_token_tell_the_user_to_sign_in(world: World) -> None:
    sink = await world.sign_in()
    first = TokenSet.from_json(sink.tokens or {}, "")
    sink.save(TokenSet("not-a-token", "not-a-refresh-token", first.expires_at, None, first.realm_id).to_json())

    async with world.connector(sink) as qbo:
        with pytest.raises(AuthenticationFailed) as raised:
            await qbo.accounts()

    assert "tui-ledger auth quickbooks --profile test" in str(raised.value)
    assert "invalid_grant" in str(raised.value)


async def test_a_revoked_sign_in_tells_the_user_to_sign_in_again(world: World) -> None:
    sink = await world.sign_in()
    tokens = TokenSet.from_json(sink.tokens or {}, "")
    await world.oauth().revoke(tokens)

    async with world.connector(sink) as qbo:
        with pytest.raises(AuthenticationFailed) as raised:
            await qbo.company()

    assert "revoked" in str(raised.value)
    assert "tui-ledger auth quickbooks --profile test" in str(raised.value)


async def test_a_wrong_client_secret_points_at_the_config(world: World) -> None:
    oauth = world.oauth(AppRegistration(APP.client_id, "wrong-secret", APP.redirect_uri))
    tokens = TokenSet.from_json((await world.sign_in()).tokens or {}, "")

    with pytest.raises(AuthenticationFailed) as raised:
        await oauth.refresh(tokens)

    assert "client_secret" in str(raised.value)
    assert "wrong-secret" not in str(raised.value)


def test_without_sign_in_or_realm_the_message_says_how_to_get_one(world: World) -> None:
    with pytest.raises(AuthenticationFailed) as raised:
        open_quickbooks(world.settings(), MemoryTokenSink())

    assert "no QuickBooks company (realm id)" in str(raised.value)
    assert "tui-ledger auth quickbooks --profile test" in str(raised.value)


async def test_a_realm_that_disagrees_with_the_sign_in_is_caught_before_any_call(world: World) -> None:
    sink = await world.sign_in()

    with pytest.raises(AuthenticationFailed, match="realm_id"):
        open_quickbooks(world.settings(realm_id="123"), sink)


async def test_a_realm_the_token_does_not_cover_is_a_forbidden_with_advice(world: World) -> None:
    sink = await world.sign_in()
    tokens = TokenSet.from_json(sink.tokens or {}, "")
    sink.save(TokenSet(tokens.access_token, tokens.refresh_token, tokens.expires_at, None, None).to_json())
    qbo = open_quickbooks(world.settings(realm_id="123"), sink, clock=world.clock, transport=world.transport)

    with pytest.raises(Forbidden) as raised:
        await qbo.company()
    await qbo.aclose()

    assert "realm_id" in str(raised.value)
    assert tokens.access_token not in str(raised.value)
