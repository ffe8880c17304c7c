"""Push throughput: 3,000 invoices into an accounting package's sandbox under the package's real rate limits.

Each package is one async function in `PACKAGES` returning `PushFigures`; run all or one:

    .venv/bin/python bench/push_throughput.py [--package xero] [--invoices 3000] [--speedup 20]

A throw-away sandbox (temporary directory) is seeded with the demo company and run with its rate limits ON at their
real numbers, on a clock sped up `--speedup` times (rate windows, Retry-After and token expiry run on it; the CPU
work of client and sandbox does not speed up, so a high speed-up makes the push CPU-bound instead of limit-bound).
The connector signs in (a Custom Connection: the token and the tenant come from the identity service, which the API
limits do not count), so the push starts with an empty rate window, then pushes the invoices with
`create_documents` as fast as its pacing allows (contact ids are read from the sandbox's state, not through the API,
for the same reason). QuickBooks signs in through the sandbox's self-consenting authorize page and reads the
company's lists before the clock starts (neither is a batch call). Times are sandbox seconds (the clock the limits
run on).

Definitions, for a push of C calls against a limit of M calls in any window of W seconds:

* ceiling (the goal's yardstick): the time the calls take at exactly the rate limit, T = C x W / M.
  Xero: 3,000 invoices / 50 per call = 60 calls at 60 a minute -> 60 s.
  QuickBooks Online: 3,000 / 30 per batch = 100 batch calls at 40 a minute -> 150 s.
  Goal: achieved / ceiling <= 1.1 and zero 429 answers (counted by the sandbox, which refuses over-limit calls).
* tight bound (how close to the best any client could do, printed beside it): the limits let calls 1..M start at
  once and call M+k no earlier than W after call k started, so the last window's calls cannot start before
  floor((C-1)/M) x W; they then need at least the time they take when nothing throttles them. That time is measured
  in the same run: the same push into a fresh sandbox with the limits off and a client paced only by its in-flight
  cap (the reference), from the arrival of call floor((C-1)/M) x M + 1 to the end. Tight bound =
  floor((C-1)/M) x W + that tail. A client that never waits longer than the limits force scores 1.0 against it.
  With C <= M (Xero's 60 calls) the windows never bind, so this compares the push with the unthrottled reference:
  it measures what pacing itself costs.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import aclosing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.oauth_tokens import MemoryTokenSink
from tui_ledger.connectors.pacing import Pacer, PacingPolicy
from tui_ledger.connectors.quickbooks import (
    AppRegistration,
    IntuitEndpoints,
    IntuitOAuthClient,
    QuickBooksSettings,
    open_quickbooks,
)
from tui_ledger.connectors.quickbooks.connector import BATCH_CALLS_PER_MINUTE as QBO_BATCH_CALLS_PER_MINUTE
from tui_ledger.connectors.quickbooks.connector import BATCH_SIZE as QBO_BATCH_SIZE
from tui_ledger.connectors.quickbooks.connector import MAX_IN_FLIGHT as QBO_IN_FLIGHT
from tui_ledger.connectors.quickbooks.session import sign_in_unattended
from tui_ledger.connectors.xero import GrantKind, XeroConnection, XeroEndpoints, open_xero
from tui_ledger.connectors.xero.capabilities import MAX_ELEMENTS_PER_CALL
from tui_ledger.connectors.xero.connector import MAX_IN_FLIGHT
from tui_ledger.domain.accounting import DocumentDraft, DocumentType, LineDraft, PartyRef
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.sandbox.demo import DemoCompany, Product
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE as QBO_SERVICE
from tui_ledger.sandbox.quickbooks.app import refused_requests
from tui_ledger.sandbox.quickbooks.seed import choose_gaps as choose_qbo_gaps
from tui_ledger.sandbox.service_spec import ServiceSpec
from tui_ledger.sandbox.xero import SERVICE as XERO_SERVICE
from tui_ledger.sandbox.xero.app import xero_sandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.seed import plan_gaps
from tui_ledger.sandbox.xero.store import Collection

GOAL_RATIO = 1.1
DEFAULT_INVOICES = 3000
DEFAULT_SPEEDUP = 10.0
ANCHOR = date(2026, 1, 15)


@dataclass(frozen=True, slots=True)
class PushFigures:
    """One package's push: what was sent, how long it took against the ceiling and the tight bound, and its 429s."""

    package: str
    documents: int
    calls: int
    per_call: int
    calls_per_window: int
    window_seconds: float
    speedup: float
    achieved_seconds: float
    real_seconds: float
    reference_tail_seconds: float
    reference_seconds: float
    throttled: int
    created: int
    refused: int

    @property
    def ceiling_seconds(self) -> float:
        return self.calls * self.window_seconds / self.calls_per_window

    @property
    def forced_wait_seconds(self) -> float:
        return ((self.calls - 1) // self.calls_per_window) * self.window_seconds

    @property
    def tight_bound_seconds(self) -> float:
        return self.forced_wait_seconds + self.reference_tail_seconds

    @property
    def ratio(self) -> float:
        return self.achieved_seconds / self.ceiling_seconds

    @property
    def tight_ratio(self) -> float:
        return self.achieved_seconds / self.tight_bound_seconds

    def report(self) -> str:
        verdict = "meets" if self.ratio <= GOAL_RATIO and self.throttled == 0 else "MISSES"
        return "\n".join(
            [
                f"{self.package}: {self.documents:,} invoices in {self.calls} calls of up to {self.per_call} "
                f"(limit {self.calls_per_window} calls per {self.window_seconds:g} s), clock x{self.speedup:g}",
                f"  achieved     {self.achieved_seconds:8.1f} s sandbox time ({self.real_seconds:.2f} s real); "
                f"created {self.created:,}, refused {self.refused:,}",
                f"  ceiling      {self.ceiling_seconds:8.1f} s = {self.calls} calls at {self.calls_per_window} "
                f"per {self.window_seconds:g} s   -> achieved / ceiling = {self.ratio:.3f} (goal <= {GOAL_RATIO})",
                f"  tight bound  {self.tight_bound_seconds:8.1f} s = {self.forced_wait_seconds:g} s of forced window "
                f"waits + {self.reference_tail_seconds:.1f} s unthrottled tail (reference push: "
                f"{self.reference_seconds:.1f} s)   -> achieved / tight bound = {self.tight_ratio:.3f}",
                f"  429 answers: {self.throttled}   -> {verdict} the goal",
            ]
        )


# -- What both packages share: the sandbox, the invoices, the timed push, the figures


@dataclass(frozen=True, slots=True)
class _PushRun:
    """One push into one sandbox: sandbox and real seconds, outcomes, when each write call started, and the 429s."""

    seconds: float
    real_seconds: float
    created: int
    refused: int
    finished: float
    call_starts: list[float] = field(default_factory=list)
    throttled: int = 0


@contextmanager
def _seeded_sandbox(
    service: ServiceSpec, company: DemoCompany, speedup: float, *, limits_on: bool
) -> Iterator[tuple[SandboxHub, ScaledClock]]:
    """A throw-away sandbox of one service seeded with `company`, on a clock sped up `speedup` times."""
    with tempfile.TemporaryDirectory(prefix=f"tui-ledger-push-{service.name}-") as state:
        clock = ScaledClock(speedup)
        knobs = SandboxKnobs(clock_speedup=speedup, rate_limits=limits_on)
        hub = SandboxHub(Path(state), knobs, services=[service], clock=clock)
        hub.seed(company)
        yield hub, clock


def bench_invoices(
    company: DemoCompany,
    customers: Sequence[PartyRef],
    products: Sequence[Product],
    count: int,
    line: Callable[[Product, Decimal], LineDraft],
) -> list[DocumentDraft]:
    """`count` invoices of one to three lines over `customers` and `products`; `line` words a line for the package."""
    drafts = []
    for n in range(count):
        chosen = [products[(n + j) % len(products)] for j in range(1 + n % 3)]
        drafts.append(
            DocumentDraft(
                document_type=DocumentType.SALES_INVOICE,
                idempotency_key=f"bench-{n}",
                contact=customers[n % len(customers)],
                issue_date=company.anchor,
                due_date=company.anchor,
                number=f"BENCH-{n:05d}",
                lines=tuple(line(product, Decimal(1 + (n + k) % 4)) for k, product in enumerate(chosen)),
            )
        )
    return drafts


async def _timed_push(connector: AccountingConnector, drafts: list[DocumentDraft], clock: ScaledClock) -> _PushRun:
    """Create `drafts` as fast as the connector's pacing allows, timed on the sandbox clock and on the real one."""
    started, started_real = clock.monotonic(), time.perf_counter()
    results = [result async for outcome in connector.create_documents(drafts) for result in outcome.results]
    finished = clock.monotonic()
    return _PushRun(
        seconds=finished - started,
        real_seconds=time.perf_counter() - started_real,
        created=sum(result.ok for result in results),
        refused=sum(not result.ok for result in results),
        finished=finished,
    )


def _figures(
    package: str,
    invoices: int,
    speedup: float,
    *,
    per_call: int,
    calls: int,
    calls_per_window: int,
    reference: _PushRun,
    limited: _PushRun,
) -> PushFigures:
    """The figures of a limited push, its tight bound taken from the unthrottled reference push's last window."""
    last_window_first = ((calls - 1) // calls_per_window) * calls_per_window
    return PushFigures(
        package=package,
        documents=invoices,
        calls=calls,
        per_call=per_call,
        calls_per_window=calls_per_window,
        window_seconds=60.0,
        speedup=speedup,
        achieved_seconds=limited.seconds,
        real_seconds=limited.real_seconds,
        reference_tail_seconds=reference.finished - reference.call_starts[last_window_first],
        reference_seconds=reference.seconds,
        throttled=limited.throttled,
        created=limited.created,
        refused=limited.refused,
    )


# -- Xero


def xero_drafts(company: DemoCompany, contacts: dict[str, str], count: int) -> list[DocumentDraft]:
    """`count` invoices of one to three lines over the demo's customers and products, avoiding the seed's gaps."""
    gaps = plan_gaps(company)
    customers = [PartyRef(id=contacts[c.identifier]) for c in company.customers if c.id != gaps.renamed_customer_id]
    products = [p for p in company.products if p.income_account and p.income_account != gaps.archived_account_code]

    def line(product: Product, quantity: Decimal) -> LineDraft:
        return LineDraft(
            description=product.description,
            quantity=quantity,
            unit_amount=product.price,
            account_code=product.income_account,
            item_code=product.identifier,
            tax_code="NONE",
        )

    return bench_invoices(company, customers, products, count, line)


async def _xero_run(company: DemoCompany, invoices: int, speedup: float, *, limits_on: bool) -> _PushRun:
    with _seeded_sandbox(XERO_SERVICE, company, speedup, limits_on=limits_on) as (hub, clock):
        credentials = XERO_SERVICE.credentials
        connection = XeroConnection(
            client_id=credentials["custom_client_id"],
            client_secret=credentials["custom_client_secret"],
            grant=GrantKind.CUSTOM_CONNECTION,
            endpoints=XeroEndpoints.under("http://xero.sandbox.invalid"),
            profile="bench",
        )
        pacer = None if limits_on else Pacer("Xero", PacingPolicy(max_in_flight=MAX_IN_FLIGHT), clock)
        xero = open_xero(connection, MemoryTokenSink(), transport=hub.transport("xero"), clock=clock, pacer=pacer)
        sandbox = xero_sandbox(hub.app("xero"))
        stored = sandbox.store.all(MAIN_TENANT_ID, Collection.CONTACTS)
        contacts = {
            contact["ContactNumber"]: contact["ContactID"] for contact in stored if contact.get("ContactNumber")
        }
        drafts = xero_drafts(company, contacts, invoices)
        async with aclosing(xero):
            await xero.tenant_id()
            run = await _timed_push(xero, drafts, clock)
        calls = sandbox.calls.snapshot()
        return replace(
            run,
            call_starts=sorted(call.started for call in calls if call.started is not None and call.status != 429),
            throttled=sum(call.status == 429 for call in calls),
        )


async def push_xero(invoices: int = DEFAULT_INVOICES, speedup: float = DEFAULT_SPEEDUP) -> PushFigures:
    company = DemoCompany.generate(seed=2026, anchor=ANCHOR)
    reference = await _xero_run(company, invoices, speedup, limits_on=False)
    limited = await _xero_run(company, invoices, speedup, limits_on=True)
    return _figures(
        "Xero",
        invoices,
        speedup,
        per_call=MAX_ELEMENTS_PER_CALL,
        calls=len(limited.call_starts),
        calls_per_window=60,
        reference=reference,
        limited=limited,
    )


# -- QuickBooks Online


class _BatchCallLog(httpx.AsyncBaseTransport):
    """In process a request reaches the sandbox the moment it is handed over: notes when each batch call did."""

    def __init__(self, inner: httpx.AsyncBaseTransport, clock: ScaledClock) -> None:
        self.inner = inner
        self.clock = clock
        self.batch_starts: list[float] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/batch"):
            self.batch_starts.append(self.clock.monotonic())
        return await self.inner.handle_async_request(request)


def quickbooks_drafts(company: DemoCompany, count: int) -> list[DocumentDraft]:
    """`count` invoices of one to three lines over the demo's customers and products, avoiding the seed's gaps."""
    gaps = choose_qbo_gaps(company)
    untouched = (gaps.renamed_customer_id, gaps.name_taken_customer_id)
    customers = [PartyRef(name=customer.name) for customer in company.customers if customer.id not in untouched]
    products = [p for p in company.products if p.income_account and p.income_account != gaps.inactive_account]

    def line(product: Product, quantity: Decimal) -> LineDraft:
        return LineDraft(product.description, quantity, product.price, item_code=product.identifier)

    return bench_invoices(company, customers, products, count, line)


async def _quickbooks_run(company: DemoCompany, invoices: int, speedup: float, *, limits_on: bool) -> _PushRun:
    with _seeded_sandbox(QBO_SERVICE, company, speedup, limits_on=limits_on) as (hub, clock):
        log = _BatchCallLog(hub.transport(QBO_SERVICE.name), clock)
        credentials = QBO_SERVICE.credentials
        app = AppRegistration(credentials["client_id"], credentials["client_secret"], credentials["redirect_uri"])
        endpoints = IntuitEndpoints.at("http://quickbooks.sandbox.invalid")
        oauth = IntuitOAuthClient(app, endpoints, clock=clock, sign_in_hint="(bench)", transport=log)
        sink = MemoryTokenSink()
        await sign_in_unattended(oauth, sink)
        settings = QuickBooksSettings(app=app, api_base_url=hub.base_url(QBO_SERVICE.name), endpoints=endpoints)
        pacer = None if limits_on else Pacer("QuickBooks Online", PacingPolicy(max_in_flight=QBO_IN_FLIGHT), clock)
        qbo = open_quickbooks(settings, sink, clock=clock, transport=log, pacer=pacer)
        drafts = quickbooks_drafts(company, invoices)
        async with aclosing(qbo):
            await qbo.book()
            run = await _timed_push(qbo, drafts, clock)
        return replace(run, call_starts=sorted(log.batch_starts), throttled=refused_requests(hub.app(QBO_SERVICE.name)))


async def push_quickbooks(invoices: int = DEFAULT_INVOICES, speedup: float = DEFAULT_SPEEDUP) -> PushFigures:
    company = DemoCompany.generate(seed=2026, anchor=ANCHOR)
    reference = await _quickbooks_run(company, invoices, speedup, limits_on=False)
    limited = await _quickbooks_run(company, invoices, speedup, limits_on=True)
    return _figures(
        "QuickBooks Online",
        invoices,
        speedup,
        per_call=QBO_BATCH_SIZE,
        calls=len(reference.call_starts),
        calls_per_window=QBO_BATCH_CALLS_PER_MINUTE,
        reference=reference,
        limited=limited,
    )


PACKAGES: dict[str, Callable[[int, float], Awaitable[PushFigures]]] = {"xero": push_xero, "quickbooks": push_quickbooks}
"""One entry per accounting package: name → push function (invoices, speed-up)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", choices=sorted(PACKAGES), help="one package (default: all)")
    parser.add_argument("--invoices", type=int, default=DEFAULT_INVOICES)
    parser.add_argument("--speedup", type=float, default=DEFAULT_SPEEDUP)
    arguments = parser.parse_args()
    chosen = [arguments.package] if arguments.package else list(PACKAGES)
    for name in chosen:
        print(asyncio.run(PACKAGES[name](arguments.invoices, arguments.speedup)).report())


if __name__ == "__main__":
    main()
