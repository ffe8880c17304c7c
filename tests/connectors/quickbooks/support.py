"""A QuickBooks world for connector tests: the sandbox, sped up with its limits on, and a signed-in connector."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx

from tui_ledger.connectors.quickbooks import (
    AppRegistration,
    IntuitEndpoints,
    IntuitOAuthClient,
    MemoryTokenSink,
    QuickBooksConnector,
    QuickBooksSettings,
    TokenSet,
    open_quickbooks,
)
from tui_ledger.connectors.quickbooks.connector import sign_in_hint
from tui_ledger.domain.accounting import DocumentDraft, DocumentType, LineDraft, PartyRef
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE
from tui_ledger.sandbox.quickbooks.seed import SeedGaps, choose_gaps

ANCHOR = date(2026, 11, 20)
ROOT = "http://quickbooks.sandbox.invalid"
SPEEDUP = 60.0
CREDENTIALS = SERVICE.credentials
APP = AppRegistration(CREDENTIALS["client_id"], CREDENTIALS["client_secret"], CREDENTIALS["redirect_uri"])


class World:
    """One sandbox hub plus what a test needs to build connectors and sign in against it."""

    def __init__(self, hub: SandboxHub, demo: DemoCompany) -> None:
        self.hub = hub
        self.demo = demo
        self.gaps: SeedGaps = choose_gaps(demo)
        self.clock = hub.clock
        self.transport = hub.transport("quickbooks")

    def settings(self, realm_id: str | None = None, profile: str = "test") -> QuickBooksSettings:
        return QuickBooksSettings(
            app=APP,
            realm_id=realm_id,
            api_base_url=self.hub.base_url("quickbooks"),
            endpoints=IntuitEndpoints.at(ROOT),
            profile=profile,
        )

    def oauth(self, app: AppRegistration = APP) -> IntuitOAuthClient:
        return IntuitOAuthClient(
            app, IntuitEndpoints.at(ROOT), clock=self.clock, sign_in_hint=sign_in_hint("test"), transport=self.transport
        )

    async def browser_visit(self, url: str) -> str:
        """What a person's browser does with the printed link: follow it and land on the redirect address."""
        async with httpx.AsyncClient(transport=self.transport) as browser:
            response = await browser.get(url)
        assert response.status_code == 302, response.text
        return response.headers["location"]

    async def sign_in(self, sink: MemoryTokenSink | None = None) -> MemoryTokenSink:
        """The SSH flow end to end: print URL → browser → paste the address back → tokens saved."""
        sink = sink or MemoryTokenSink()
        oauth = self.oauth()
        state = secrets.token_urlsafe(8)
        landed = await self.browser_visit(oauth.authorization_url(state))
        tokens: TokenSet = await oauth.exchange(oauth.read_redirect(landed, state))
        sink.save(tokens.to_json())
        return sink

    @asynccontextmanager
    async def connector(self, sink: MemoryTokenSink | None = None) -> AsyncIterator[QuickBooksConnector]:
        sink = sink or await self.sign_in()
        connector = open_quickbooks(self.settings(), sink, clock=self.clock, transport=self.transport)
        try:
            yield connector
        finally:
            await connector.aclose()

    def plain_customer(self) -> str:
        untouched = self.gaps.customers_with_gaps
        return next(customer.name for customer in self.demo.customers if customer.id not in untouched)


def make_world(state_dir: Path, demo: DemoCompany, knobs: SandboxKnobs | None = None) -> World:
    knobs = knobs or SandboxKnobs(clock_speedup=SPEEDUP)
    hub = SandboxHub(state_dir, knobs, services=[SERVICE], clock=ScaledClock(knobs.clock_speedup))
    hub.seed(demo)
    return World(hub, demo)


def invoice_draft(
    key: str,
    customer: str,
    number: str | None,
    amount: str = "120.00",
    item: str = "LAB-REMOTE",
    document_type: DocumentType = DocumentType.SALES_INVOICE,
    tax_code: str | None = None,
) -> DocumentDraft:
    return DocumentDraft(
        document_type=document_type,
        idempotency_key=key,
        contact=PartyRef(name=customer),
        issue_date=date(2026, 11, 1),
        due_date=date(2026, 12, 1),
        number=number,
        lines=(
            LineDraft(
                description="Remote support",
                quantity=Decimal("2"),
                unit_amount=Decimal(amount) / 2,
                item_code=item,
                tax_code=tax_code,
            ),
        ),
    )
