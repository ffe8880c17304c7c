"""The QuickBooks halves of `tui-ledger auth` and `tui-ledger doctor`, driven as a person would drive them."""

from __future__ import annotations

import httpx
import pytest

from tests.connectors.quickbooks.support import APP, CREDENTIALS, World
from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.connectors.quickbooks import IntuitOAuthClient, MemoryTokenSink, TokenSet
from tui_ledger.connectors.quickbooks.session import check_connection, sign_in_interactively, sign_in_unattended


async def test_sign_in_shows_the_link_and_takes_the_pasted_address(world: World) -> None:
    shown: list[str] = []
    sink = MemoryTokenSink()

    pastes = iter(["http://localhost:8765/quickbooks/callback?code=old&state=from-another-tab&realmId=1"])

    async def paste_from_browser(prompt: str) -> str:
        wrong = next(pastes, None)
        if wrong is not None:
            return wrong
        link = next(line for line in shown if line.startswith("http"))
        return await world.browser_visit(link)

    tokens = await sign_in_interactively(world.oauth(), sink, shown.append, paste_from_browser)

    assert tokens.realm_id == CREDENTIALS["realm_id"]
    assert TokenSet.from_json(sink.tokens or {}, "").refresh_token == tokens.refresh_token
    assert any(CREDENTIALS["realm_id"] in line for line in shown)
    assert any("Try again" in line for line in shown)
    assert all(tokens.refresh_token not in line and tokens.access_token not in line for line in shown)


async def test_doctor_reports_every_step_on_a_healthy_connection(world: World) -> None:
    async with world.connector() as qbo:
        checks = await check_connection(qbo)

    assert [(check.name, check.ok) for check in checks] == [
        ("sign-in", True),
        ("company", True),
        ("scope com.intuit.quickbooks.accounting", True),
        ("quota", True),
    ]
    assert world.demo.name in checks[1].detail
    assert "1 inactive" in checks[2].detail


async def test_doctor_stops_at_a_revoked_sign_in_and_says_what_to_do(world: World) -> None:
    sink = await world.sign_in()
    await world.oauth().revoke(TokenSet.from_json(sink.tokens or {}, ""))
    expired = TokenSet.from_json(sink.tokens or {}, "")
    sink.save(
        TokenSet(expired.access_token, expired.refresh_token, world.clock.now(), None, expired.realm_id).to_json()
    )

    async with world.connector(sink) as qbo:
        checks = await check_connection(qbo)

    assert [(check.name, check.ok) for check in checks] == [("sign-in", False)]
    assert "tui-ledger auth quickbooks --profile test" in checks[0].detail


async def test_the_sandbox_profile_signs_in_without_a_person(world: World) -> None:
    sink = MemoryTokenSink()

    tokens = await sign_in_unattended(world.oauth(), sink)

    assert tokens.realm_id == CREDENTIALS["realm_id"]
    async with world.connector(sink) as qbo:
        assert (await qbo.company()).name == world.demo.name


async def test_an_authorize_page_that_wants_a_person_is_not_signed_in_unattended(world: World) -> None:
    login_form = httpx.MockTransport(lambda request: httpx.Response(200, text="<form>Sign in to Intuit</form>"))
    oauth = IntuitOAuthClient(
        APP,
        world.oauth().endpoints,
        clock=world.clock,
        sign_in_hint="run `tui-ledger auth quickbooks`",
        transport=login_form,
    )

    with pytest.raises(AuthenticationFailed, match="needs a person"):
        await sign_in_unattended(oauth, MemoryTokenSink())
