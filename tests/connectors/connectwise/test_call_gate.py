"""The sync client's adaptive gate: halve the calls in flight on 429/503 (once per round), grow back by one per
round of clean answers, never past the ceiling nor below one, and never more calls on the wire than the limit."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tui_ledger.connectors.connectwise.call_gate import AdaptiveCallGate, GatedTransport


def answering(statuses: list[int]) -> httpx.MockTransport:
    """Answers with the given statuses in order, then 200."""
    queue = list(statuses)

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(queue.pop(0) if queue else 200, json={})

    return httpx.MockTransport(answer)


async def send(gate: AdaptiveCallGate, transport: httpx.AsyncBaseTransport, times: int) -> None:
    gated = GatedTransport(transport, gate)
    for _ in range(times):
        await gated.handle_async_request(httpx.Request("GET", "https://cw.example/apis/3.0/system/info"))


async def test_push_back_halves_the_limit_and_clean_answers_grow_it_back_to_the_ceiling() -> None:
    gate = AdaptiveCallGate(16)

    await send(gate, answering([429]), 1)
    assert gate.limit == 8
    await send(gate, answering([503]), 1)
    assert gate.limit == 4
    await send(gate, answering([500, 404]), 2)
    assert gate.limit == 4, "only 429 and 503 mean the tenant is overloaded"

    await send(gate, answering([]), 2)
    assert gate.limit == 5, "a round of `limit` clean answers grows the limit by one"
    await send(gate, answering([]), 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 + 15 + 40)
    assert gate.limit == 16
    assert gate.figures.lowest == 4
    assert gate.figures.cuts == 2


async def test_the_limit_never_drops_below_one() -> None:
    gate = AdaptiveCallGate(4)
    await send(gate, answering([429] * 10), 10)
    assert gate.limit == 1


async def test_answers_to_calls_sent_before_a_cut_do_not_cut_again() -> None:
    gate = AdaptiveCallGate(32)
    started = asyncio.Event()
    release = asyncio.Event()

    async def answer(request: httpx.Request) -> httpx.Response:
        started.set()
        await release.wait()
        return httpx.Response(429)

    gated = GatedTransport(httpx.MockTransport(answer), gate)
    burst = [
        asyncio.create_task(gated.handle_async_request(httpx.Request("GET", "https://cw.example/x"))) for _ in range(20)
    ]
    await started.wait()
    await asyncio.sleep(0)
    release.set()
    await asyncio.gather(*burst)

    assert (gate.limit, gate.figures.cuts) == (16, 1), "one burst of 429s is one congestion event"


async def test_never_more_calls_on_the_wire_than_the_limit_allows() -> None:
    gate = AdaptiveCallGate(8)
    on_wire = 0
    seen: list[tuple[int, int]] = []

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal on_wire
        on_wire += 1
        seen.append((on_wire, gate.limit))
        number = len(seen)
        await asyncio.sleep(0.001)
        on_wire -= 1
        return httpx.Response(429 if number in (10, 60) else 200)

    gated = GatedTransport(httpx.MockTransport(answer), gate)
    await asyncio.gather(
        *(gated.handle_async_request(httpx.Request("GET", "https://cw.example/x")) for _ in range(120))
    )

    assert max(count for count, _ in seen) == 8
    assert all(count <= limit for count, limit in seen)
    assert gate.figures.lowest < 8


def test_a_ceiling_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        AdaptiveCallGate(0)
