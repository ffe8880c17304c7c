"""Calls in flight to ConnectWise for the invoice-line sync: many while the tenant keeps up, fewer when it pushes back.

ConnectWise documents no rate limit (reference/connectwise_api.md §3.6), but a cloud tenant is shared with every
other integration of the MSP, and clients in the wild report 429 and 503 under heavy load. A fixed small cap
(the connector's 6) wastes most of a sync's time waiting on latency: at 50 ms a call, 6 in flight is about 100
lines a second, 32 is 500. A fixed large cap would keep hammering a tenant that is already refusing. So the sync
uses additive-increase / multiplicative-decrease, as TCP does for the same problem:

- it starts at the ceiling (`ConnectWiseSettings.sync_max_in_flight`): nothing says the tenant is busy yet;
- a 429 or 503 halves the calls allowed in flight (never below one) — once per round: answers to calls sent
  before the cut are the same congestion seen late, not new news;
- every `limit` answered calls in a row without push-back grow the limit by one, back up to the ceiling.

The gate sits in the HTTP transport, under the client's retries, so it sees every answer (also the 429s the
client retries on its own after `Retry-After`) and holds back every call, the retries included.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

PUSH_BACK_STATUSES = frozenset({429, 503})
"""Answers that mean "too much for me now": Too Many Requests and Service Unavailable."""


@dataclass(frozen=True, slots=True)
class GateFigures:
    """What the gate did during a run: for reports and the benchmark."""

    ceiling: int
    limit: int
    lowest: int
    cuts: int


class AdaptiveCallGate:
    """Admits calls up to an adaptive limit between 1 and `ceiling` (see the module docstring)."""

    def __init__(self, ceiling: int) -> None:
        if ceiling < 1:
            raise ValueError(f"the ceiling of calls in flight must be at least 1, not {ceiling}")
        self.ceiling = ceiling
        self.limit = ceiling
        self.in_flight = 0
        self._lowest = ceiling
        self._cuts = 0
        self._clean_answers = 0
        self._next_call = 0
        self._first_call_after_cut = 0
        self._changed = asyncio.Condition()

    def __repr__(self) -> str:
        return f"AdaptiveCallGate(limit={self.limit}, ceiling={self.ceiling}, in_flight={self.in_flight})"

    @property
    def figures(self) -> GateFigures:
        return GateFigures(ceiling=self.ceiling, limit=self.limit, lowest=self._lowest, cuts=self._cuts)

    @asynccontextmanager
    async def call(self) -> AsyncIterator[CallTicket]:
        """Hold while one call is on the wire; tell the ticket the answer's status when it comes."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.limit)
            self.in_flight += 1
            ticket = CallTicket(self._next_call)
            self._next_call += 1
        try:
            yield ticket
        finally:
            async with self._changed:
                self.in_flight -= 1
                if ticket.status is not None:
                    self._learn(ticket)
                self._changed.notify_all()

    def _learn(self, ticket: CallTicket) -> None:
        if ticket.status in PUSH_BACK_STATUSES:
            self._clean_answers = 0
            if ticket.number >= self._first_call_after_cut:
                self.limit = max(1, self.limit // 2)
                self._lowest = min(self._lowest, self.limit)
                self._cuts += 1
                self._first_call_after_cut = self._next_call
            return
        self._clean_answers += 1
        if self._clean_answers >= self.limit and self.limit < self.ceiling:
            self.limit += 1
            self._clean_answers = 0


class CallTicket:
    """One admitted call: its place in the order of sending, and the status of its answer once known."""

    __slots__ = ("number", "status")

    def __init__(self, number: int) -> None:
        self.number = number
        self.status: int | None = None


class GatedTransport(httpx.AsyncBaseTransport):
    """An HTTP transport whose every request passes the gate, which learns from every answer's status."""

    def __init__(self, inner: httpx.AsyncBaseTransport, gate: AdaptiveCallGate) -> None:
        self._inner = inner
        self.gate = gate

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self.gate.call() as ticket:
            response = await self._inner.handle_async_request(request)
            ticket.status = response.status_code
            return response

    async def aclose(self) -> None:
        await self._inner.aclose()
