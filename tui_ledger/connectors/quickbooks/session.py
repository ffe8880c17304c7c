"""What `tui-ledger auth quickbooks` and `tui-ledger doctor` do for QuickBooks Online, free of any terminal code.

Sign-in: show the authorization link, read back the address the browser landed on, exchange the code, save the
tokens (with the company the user picked). The caller supplies `show` and `ask`, so the same flow runs from the
command line, from the app, and from tests.

Doctor: one connection checked step by step, each step a line a support engineer can read: the saved sign-in
(and that it can be refreshed), the company (realm) it reaches, the accounting scope (a read of the chart of
accounts), and the quota QBO applies (it reports none, so the limits tui-ledger paces to are shown instead).
A failed step stops the ones that depend on it and says what to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from tui_ledger.connectors.accounting import ConnectionCheck, run_checks
from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.quickbooks.connector import (
    BATCH_CALLS_PER_MINUTE,
    MAX_IN_FLIGHT,
    REQUESTS_PER_MINUTE,
    QuickBooksConnector,
)
from tui_ledger.connectors.quickbooks.oauth import ACCOUNTING_SCOPE, IntuitOAuthClient, new_state
from tui_ledger.connectors.quickbooks.tokens import SERVICE, TokenSet

PASTE_ATTEMPTS = 3


async def sign_in_interactively(
    oauth: IntuitOAuthClient,
    sink: TokenSink,
    show: Callable[[str], None],
    ask: Callable[[str], Awaitable[str]],
    attempts: int = PASTE_ATTEMPTS,
) -> TokenSet:
    """The SSH-friendly authorization-code flow; returns the saved tokens (their `realm_id` is the chosen company).

    A wrong paste (another tab's address, a truncated one) is explained and asked again, a few times.
    """
    state = new_state()
    show("Open this address in a browser on any machine, sign in to Intuit and choose the company:")
    show(oauth.authorization_url(state))
    show(
        f"After you approve, the browser goes to {oauth.app.redirect_uri} (it may say it cannot connect; "
        "that is expected). Copy the whole address from the address bar."
    )
    for attempt in range(1, attempts + 1):
        pasted = await ask("Paste the address here: ")
        try:
            grant = oauth.read_redirect(pasted, state)
        except AuthenticationFailed as error:
            if attempt == attempts:
                raise
            show(f"{error.service_message}. Try again.")
            continue
        tokens = await oauth.exchange(grant)
        sink.save(tokens.to_json())
        show(f"Signed in to QuickBooks Online company {tokens.realm_id}. The sign-in is saved for this profile.")
        return tokens
    raise AssertionError("unreachable: the last attempt returns or raises")


async def sign_in_unattended(oauth: IntuitOAuthClient, sink: TokenSink) -> TokenSet:
    """Sign in where nobody needs to approve (the sandbox profile, whose authorize page consents by itself).

    Lets the app sign in to the embedded sandbox on every start without a prompt; against Intuit it fails with
    the advice to sign in interactively, because there a person must approve.
    """
    state = new_state()
    landed = await oauth.consent_without_a_person(state)
    if landed is None:
        raise AuthenticationFailed(
            SERVICE, f"this QuickBooks Online sign-in needs a person to approve it; {oauth.sign_in_hint}"
        )
    tokens = await oauth.exchange(oauth.read_redirect(landed, state))
    sink.save(tokens.to_json())
    return tokens


async def check_connection(connector: QuickBooksConnector) -> list[ConnectionCheck]:
    """The doctor's steps for one QuickBooks target, in order; stops at the first failure."""

    async def credentials() -> str:
        tokens = await connector.sign_in_status()
        until = tokens.refresh_expires_at.date().isoformat() if tokens.refresh_expires_at else "unknown"
        return f"signed in; access token valid until {tokens.expires_at:%Y-%m-%d %H:%M}, refresh token until {until}"

    async def company() -> str:
        profile = await connector.company()
        return f"{profile.name} (realm {profile.id}, {profile.base_currency})"

    async def scope() -> str:
        accounts = await connector.accounts()
        inactive = sum(1 for account in accounts if not account.active)
        return f"{len(accounts)} accounts readable ({inactive} inactive)"

    async def quota() -> str:
        return (
            f"QuickBooks reports no quota; tui-ledger paces to {REQUESTS_PER_MINUTE} calls/min, "
            f"{BATCH_CALLS_PER_MINUTE} batch calls/min, {MAX_IN_FLIGHT} in flight"
        )

    return await run_checks(
        (("sign-in", credentials), ("company", company), (f"scope {ACCOUNTING_SCOPE}", scope), ("quota", quota))
    )
