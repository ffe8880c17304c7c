"""Test doubles shared by the connector tests: a clock whose sleeps pass instantly, and a scripted service."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

import httpx

from tui_ledger.connectors.http import ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.pacing import PacingPolicy
from tui_ledger.connectors.retry import RetryPolicy

START = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)


class FakeClock:
    """Virtual time: `sleep` moves the clock forward at once and records how long was asked for."""

    def __init__(self, start: datetime = START) -> None:
        self.elapsed = 0.0
        self.start = start
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.elapsed

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.elapsed)

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += max(seconds, 0.0)
        await asyncio.sleep(0)


class Script:
    """A MockTransport handler that answers with the queued outcomes in order, then repeats the last one.

    An outcome is an httpx.Response, an exception to raise, or a callable taking the request.
    """

    def __init__(self, outcomes: Iterable[httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]]):
        self.outcomes = list(outcomes)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        outcome = self.outcomes.pop(0) if len(self.outcomes) > 1 else self.outcomes[0]
        if isinstance(outcome, Exception):
            raise outcome
        if isinstance(outcome, httpx.Response):
            return outcome
        return outcome(request)

    @property
    def count(self) -> int:
        return len(self.requests)


def make_client(
    handler: Callable[[httpx.Request], object],
    clock: FakeClock | None = None,
    *,
    retry: RetryPolicy | None = None,
    pacing: PacingPolicy | None = None,
    secrets: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
    service: str = "Demo",
) -> ServiceClient:
    spec = ServiceSpec(
        service=service,
        base_url="https://api.demo.test/v1",
        headers=headers or {},
        retry=retry or RetryPolicy(),
        pacing=pacing or PacingPolicy(),
        secrets=secrets,
    )
    return open_service_client(
        spec,
        clock=clock or FakeClock(),
        transport=httpx.MockTransport(handler),  # type: ignore[arg-type]
        rng=random.Random(1),
    )
