"""Pacing to QBO's limits (no 429 drawn), recovering from the 429s and failures that happen anyway, never twice."""

from __future__ import annotations

from pathlib import Path

from tests.connectors.quickbooks.support import World, invoice_draft, make_world
from tui_ledger.domain.accounting import DocumentType
from tui_ledger.sandbox.chaos import SandboxTransport
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks.app import refused_requests


async def test_forty_one_batch_calls_wait_for_the_minute_instead_of_drawing_429s(
    tmp_path: Path, demo: DemoCompany
) -> None:
    world = make_world(tmp_path, demo, SandboxKnobs(clock_speedup=600))
    customer = world.plain_customer()
    drafts = [invoice_draft(f"p{n}", customer, f"PACE-{n}") for n in range(41 * 30)]

    async with world.connector() as qbo:
        started = world.clock.monotonic()
        results = [result async for outcome in qbo.create_documents(drafts) for result in outcome.results]
        elapsed = world.clock.monotonic() - started

    assert all(result.ok for result in results)
    assert refused_requests(world.hub.app("quickbooks")) == 0
    assert elapsed >= 60, "the 41st batch call must wait for the first minute's window to move"


def _fault_free(world: World) -> World:
    """The same sandbox state reached without the fault injection, for signing in and for checking the outcome."""
    clean = World(world.hub, world.demo)
    clean.transport = SandboxTransport(world.hub.app("quickbooks").app)  # type: ignore[attr-defined]
    return clean


async def test_injected_429s_are_backed_off_and_retried(tmp_path: Path, demo: DemoCompany) -> None:
    world = make_world(tmp_path, demo, SandboxKnobs(clock_speedup=600, fault_rate=0.2, fault_kinds=("429",)))
    sink = await _fault_free(world).sign_in()

    started = world.clock.monotonic()
    async with world.connector(sink) as qbo:
        accounts = await qbo.accounts()
        outcomes = [
            outcome async for outcome in qbo.create_documents([invoice_draft("r1", world.plain_customer(), "R-1")])
        ]

    assert len(accounts) == len(demo.gl_accounts) + 1
    assert outcomes[0].results[0].ok
    assert world.clock.monotonic() - started >= 60, "a 429 without Retry-After pauses the company for a minute"


async def test_lost_answers_and_server_errors_never_create_twice(tmp_path: Path, demo: DemoCompany) -> None:
    knobs = SandboxKnobs(clock_speedup=600, fault_rate=0.25, fault_kinds=("5xx", "timeout", "reset", "429"))
    world = make_world(tmp_path, demo, knobs)
    clean = _fault_free(world)
    sink = await clean.sign_in()
    customer = world.plain_customer()
    numbers = [f"CHAOS-{n}" for n in range(90)]
    drafts = [invoice_draft(f"x{n}", customer, number) for n, number in enumerate(numbers)]

    async with world.connector(sink) as qbo:
        results = [result async for outcome in qbo.create_documents(drafts) for result in outcome.results]
    async with clean.connector(sink) as check:
        found = await check.find_documents(DocumentType.SALES_INVOICE, numbers)

    assert all(result.ok for result in results)
    assert sorted(document.number for document in found) == sorted(numbers)
    assert len({result.target_id for result in results}) == 90
