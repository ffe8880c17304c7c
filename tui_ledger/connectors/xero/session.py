"""What `tui-ledger auth xero` and the Xero part of `tui-ledger doctor` do, free of any terminal code.

Sign-in: show the authorize link, read back the address the browser landed on (again, if the user pasted the
wrong one), exchange the code, let the user pick one of the organisations they connected, save tokens and choice.
A Custom Connection signs in with its client credentials and has exactly one organisation. The caller supplies
`show`, `ask` and `choose`, so the same flow runs from the command line, the app and tests.

Doctor: one connection checked step by step, each a line a support engineer can read: the saved sign-in (renewed
if due), the organisation it reaches, each scope the export needs (settings, contacts, transactions), and the quota
left. A failed step stops the steps that depend on it and carries the message that says what to do.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from tui_ledger.connectors.accounting import ConnectionCheck, run_checks
from tui_ledger.connectors.errors import Forbidden
from tui_ledger.connectors.oauth_tokens import TokenSink
from tui_ledger.connectors.xero.auth import GrantKind
from tui_ledger.connectors.xero.connector import XeroConnector
from tui_ledger.connectors.xero.oauth import LEGACY_SCOPES, RedirectNotUnderstood, XeroOAuthClient, XeroTenant
from tui_ledger.connectors.xero.tokens import XeroTokens
from tui_ledger.connectors.xero.wire import SERVICE
from tui_ledger.domain.accounting import DocumentType

PASTE_ATTEMPTS = 3
Show = Callable[[str], None]
Ask = Callable[[str], Awaitable[str]]
Choose = Callable[[Sequence[XeroTenant]], Awaitable[XeroTenant]]


async def sign_in_interactively(
    oauth: XeroOAuthClient,
    sink: TokenSink,
    redirect_uri: str,
    show: Show,
    ask: Ask,
    choose: Choose,
    scopes: str = LEGACY_SCOPES,
) -> XeroTokens:
    """The SSH-friendly authorization-code flow with PKCE; returns the saved tokens with the chosen organisation."""
    attempt = oauth.authorization_request(redirect_uri, scopes)
    show("Open this address in a browser on any machine, sign in to Xero and allow access:")
    show(attempt.url)
    show(
        f"Xero then sends the browser to {redirect_uri} (the page may fail to load; that is expected). "
        "Copy the whole address from the address bar."
    )
    for remaining in range(PASTE_ATTEMPTS - 1, -1, -1):
        pasted = await ask("Paste the address here: ")
        try:
            tokens = await oauth.exchange(attempt, pasted)
            break
        except RedirectNotUnderstood as problem:
            if not remaining:
                raise
            show(f"{problem.service_message}. Try again ({remaining} left).")
    tenants = await oauth.connections(tokens.access_token)
    if not tenants:
        raise Forbidden(SERVICE, "the sign-in connected no organisation; sign in again and choose one on Xero's page")
    tenant = tenants[0] if len(tenants) == 1 else await choose(tenants)
    chosen = tokens.with_tenant(tenant.tenant_id, tenant.name)
    sink.save(chosen.to_json())
    show(f"Signed in to Xero; organisation {tenant.name} ({tenant.tenant_id}) is saved for this profile.")
    return chosen


async def sign_in_custom_connection(oauth: XeroOAuthClient, sink: TokenSink, show: Show) -> XeroTokens:
    """Client credentials: checks the app's id and secret, finds its one organisation, saves both."""
    tokens = await oauth.client_credentials()
    tenants = await oauth.connections(tokens.access_token)
    if not tenants:
        raise Forbidden(
            SERVICE, "the Custom Connection is not connected to an organisation; finish it at developer.xero.com"
        )
    chosen = tokens.with_tenant(tenants[0].tenant_id, tenants[0].name)
    sink.save(chosen.to_json())
    show(f"Custom Connection works; organisation {tenants[0].name} ({tenants[0].tenant_id}) is saved for this profile.")
    return chosen


async def check_connection(connector: XeroConnector) -> list[ConnectionCheck]:
    """The doctor's steps for one Xero target, in order; stops at the first failure."""

    async def sign_in() -> str:
        tokens = await connector.auth.tokens()
        how = "Custom Connection" if connector.auth.grant is GrantKind.CUSTOM_CONNECTION else "signed in"
        return f"{how}; access token valid until {tokens.expires_at:%Y-%m-%d %H:%M} UTC"

    async def organisation() -> str:
        company = await connector.company()
        return f"{company.name} (tenant {company.id}), base currency {company.base_currency}"

    async def settings_scope() -> str:
        accounts = await connector.accounts()
        rates = await connector.tax_rates()
        return f"reads settings: {len(accounts)} accounts, {len(rates)} tax rates"

    async def contacts_scope() -> str:
        return f"reads contacts: {len(await connector.contacts())} contacts"

    async def transactions_scope() -> str:
        await connector.find_documents(DocumentType.SALES_INVOICE, ["tui-ledger-doctor"])
        return "reads invoices (creating needs the same scope)"

    async def quota() -> str:
        left = connector.quota()
        minute = "?" if left.minute_remaining is None else f"{left.minute_remaining}"
        day = "?" if left.day_remaining is None else f"{left.day_remaining:,}"
        return f"{minute} of 60 calls left this minute, {day} of 5,000 today (5 at once)"

    return await run_checks(
        (
            ("sign-in", sign_in),
            ("organisation", organisation),
            ("scope accounting.settings", settings_scope),
            ("scope accounting.contacts", contacts_scope),
            ("scope accounting.transactions", transactions_scope),
            ("quota", quota),
        )
    )
