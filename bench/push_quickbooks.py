"""QuickBooks Online half of the push-throughput benchmark: 3,000 invoices through `/batch` under QBO's real limits.

A throw-away sandbox (temporary directory) is seeded with the demo company and run with its rate limits ON at
their real numbers (500 calls a minute, 40 batch calls a minute, 10 in flight) on a clock sped up `--speedup`
times. The connector signs in with the same OAuth flow a user follows, loads the company's lists, then creates
3,000 one-to-three-line invoices, 30 per batch call, as fast as its pacing allows. Time is measured on the
sandbox clock (the clock the limits run on) and in real seconds.

Ceiling: the least time the batch limit allows if calls were spread evenly at the limit, calls / 40 per minute
(100 calls → 150 s). A sliding window lets the first 40 calls go at once, so a perfect client can finish a little
under the ceiling; the goal is achieved / ceiling ≤ 1.1 with zero 429 answers. 429s are counted twice: as the
client saw them (a counting transport) and as the sandbox's throttle refused them.

    .venv/bin/python bench/push_quickbooks.py [--invoices N] [--speedup S]
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx

from tui_ledger.connectors.quickbooks import (
    AppRegistration,
    IntuitEndpoints,
    IntuitOAuthClient,
    MemoryTokenSink,
    QuickBooksSettings,
    open_quickbooks,
)
from tui_ledger.connectors.quickbooks.connector import BATCH_CALLS_PER_MINUTE, BATCH_SIZE, sign_in_hint
from tui_ledger.domain.accounting import DocumentDraft, DocumentType, LineDraft, PartyRef
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE
from tui_ledger.sandbox.quickbooks.app import refused_requests
from tui_ledger.sandbox.quickbooks.seed import choose_gaps

GOAL_RATIO = 1.1
DEFAULT_INVOICES = 3000
DEFAULT_SPEEDUP = 30.0
ROOT = "http://quickbooks.sandbox.invalid"


@dataclass(frozen=True, slots=True)
class PushFigures:
    """One package's push: what was sent, how long it took against the ceiling, and how many 429s it drew."""

    package: str
    documents: int
    calls: int
    per_call: int
    calls_per_minute: int
    speedup: float
    achieved_seconds: float
    ceiling_seconds: float
    real_seconds: float
    client_429s: int
    service_429s: int
    created: int
    refused: int

    @property
    def ratio(self) -> float:
        return self.achieved_seconds / self.ceiling_seconds

    def report(self) -> str:
        verdict = "meets" if self.ratio <= GOAL_RATIO and self.client_429s == 0 else "MISSES"
        return "\n".join(
            [
                f"{self.package}: {self.documents:,} invoices in {self.calls} calls of up to {self.per_call} "
                f"(limit {self.calls_per_minute} calls/min), clock x{self.speedup:g}",
                f"  achieved {self.achieved_seconds:7.1f} s (sandbox time) = {self.real_seconds:.2f} s real",
                f"  ceiling  {self.ceiling_seconds:7.1f} s = {self.calls} calls / {self.calls_per_minute} per minute",
                f"  achieved / ceiling = {self.ratio:.3f} (goal <= {GOAL_RATIO}); "
                f"429s: {self.client_429s} seen by the client, {self.service_429s} refused by the sandbox "
                f"-> {verdict} the goal",
                f"  created {self.created:,}, refused {self.refused:,}",
            ]
        )


class Counting429s(httpx.AsyncBaseTransport):
    """Passes requests through and counts the 429 answers the client receives."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.count = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if response.status_code == 429:
            self.count += 1
        return response


def invoice_drafts(company: DemoCompany, count: int) -> list[DocumentDraft]:
    """`count` invoices over the demo's customers and products (none touched by the seed's deliberate gaps)."""
    gaps = choose_gaps(company)
    customers = [
        c.name for c in company.customers if c.id not in (gaps.renamed_customer_id, gaps.name_taken_customer_id)
    ]
    products = [p for p in company.products if p.income_account and p.income_account != gaps.inactive_account]
    drafts = []
    for n in range(count):
        lines = tuple(
            LineDraft(
                description=product.description,
                quantity=Decimal(1 + (n + k) % 4),
                unit_amount=product.price,
                item_code=product.identifier,
            )
            for k, product in enumerate(products[(n + j) % len(products)] for j in range(1 + n % 3))
        )
        drafts.append(
            DocumentDraft(
                document_type=DocumentType.SALES_INVOICE,
                idempotency_key=f"bench-{n}",
                contact=PartyRef(name=customers[n % len(customers)]),
                issue_date=company.anchor,
                due_date=company.anchor,
                number=f"BENCH-{n}",
                lines=lines,
            )
        )
    return drafts


async def push_quickbooks(invoices: int = DEFAULT_INVOICES, speedup: float = DEFAULT_SPEEDUP) -> PushFigures:
    with tempfile.TemporaryDirectory(prefix="tui-ledger-push-qbo-") as state:
        knobs = SandboxKnobs(clock_speedup=speedup, rate_limits=True)
        clock = ScaledClock(speedup)
        hub = SandboxHub(Path(state), knobs, services=[SERVICE], clock=clock)
        company = DemoCompany.generate(anchor=date.today())
        hub.seed(company)
        transport = Counting429s(hub.transport(SERVICE.name))
        credentials = SERVICE.credentials
        app = AppRegistration(credentials["client_id"], credentials["client_secret"], credentials["redirect_uri"])
        sink = await _sign_in(app, clock, transport)
        settings = QuickBooksSettings(
            app=app, api_base_url=hub.base_url(SERVICE.name), endpoints=IntuitEndpoints.at(ROOT), profile="bench"
        )
        qbo = open_quickbooks(settings, sink, clock=clock, transport=transport)
        drafts = invoice_drafts(company, invoices)
        try:
            await qbo.book()
            started_sandbox, started_real = clock.monotonic(), time.perf_counter()
            results = [result async for outcome in qbo.create_documents(drafts) for result in outcome.results]
            achieved = clock.monotonic() - started_sandbox
            real = time.perf_counter() - started_real
        finally:
            await qbo.aclose()
        calls = -(-invoices // BATCH_SIZE)
        return PushFigures(
            package="QuickBooks Online",
            documents=invoices,
            calls=calls,
            per_call=BATCH_SIZE,
            calls_per_minute=BATCH_CALLS_PER_MINUTE,
            speedup=speedup,
            achieved_seconds=achieved,
            ceiling_seconds=calls / BATCH_CALLS_PER_MINUTE * 60.0,
            real_seconds=real,
            client_429s=transport.count,
            service_429s=refused_requests(hub.app(SERVICE.name)),
            created=sum(1 for result in results if result.ok),
            refused=sum(1 for result in results if not result.ok),
        )


async def _sign_in(app: AppRegistration, clock: ScaledClock, transport: httpx.AsyncBaseTransport) -> MemoryTokenSink:
    """The user's SSH sign-in, with the sandbox's auto-consenting authorize page standing in for the browser."""
    oauth = IntuitOAuthClient(
        app, IntuitEndpoints.at(ROOT), clock=clock, sign_in_hint=sign_in_hint("bench"), transport=transport
    )
    state = secrets.token_urlsafe(8)
    async with httpx.AsyncClient(transport=transport) as browser:
        landed = (await browser.get(oauth.authorization_url(state))).headers["location"]
    sink = MemoryTokenSink()
    sink.save((await oauth.exchange(oauth.read_redirect(landed, state))).to_json())
    return sink


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--invoices", type=int, default=DEFAULT_INVOICES)
    parser.add_argument("--speedup", type=float, default=DEFAULT_SPEEDUP)
    arguments = parser.parse_args()
    print(asyncio.run(push_quickbooks(arguments.invoices, arguments.speedup)).report())


if __name__ == "__main__":
    main()
