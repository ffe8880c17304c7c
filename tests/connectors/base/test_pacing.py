"""Pacing: limits respected before the service has to refuse, day-limit stops reported with the reset time."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest

from tests.connectors.fakes import START, FakeClock, Script, make_client
from tui_ledger.connectors.errors import DayLimitReached
from tui_ledger.connectors.pacing import PacingPolicy, QuotaHeader, RateBudget, WindowAnchor

XERO_LIKE = PacingPolicy(
    max_in_flight=5,
    budgets=(RateBudget(60, 60),),
    quota_headers=(
        QuotaHeader("X-MinLimit-Remaining", 60),
        QuotaHeader("X-DayLimit-Remaining", 86_400, daily=True),
    ),
    safety_seconds=1.0,
    day_limit_signal=lambda response: response.headers.get("X-Rate-Limit-Problem") == "day",
)


async def test_calls_in_flight_never_exceed_the_cap() -> None:
    in_flight = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.002)
        in_flight -= 1
        return httpx.Response(200, json=[])

    client = make_client(handler, pacing=PacingPolicy(max_in_flight=3))

    await asyncio.gather(*(client.request("GET", f"/things/{n}") for n in range(12)))

    assert peak == 3


async def test_a_budget_spaces_calls_by_its_window() -> None:
    clock = FakeClock()
    started: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        started.append(clock.monotonic())
        return httpx.Response(200, json={})

    client = make_client(handler, clock, pacing=PacingPolicy(budgets=(RateBudget(5, 60),), safety_seconds=1.0))

    for n in range(7):
        await client.request("GET", f"/things/{n}")

    assert started[:5] == [0.0] * 5
    assert started[5] == pytest.approx(61.0)
    assert started[6] == pytest.approx(61.0)


async def test_a_tagged_budget_only_counts_tagged_calls() -> None:
    """QuickBooks: 40 batch calls a minute on top of 500 calls a minute."""
    clock = FakeClock()
    pacing = PacingPolicy(budgets=(RateBudget(500, 60), RateBudget(2, 60, applies_to="batch")), safety_seconds=0)
    client = make_client(Script([httpx.Response(200, json={})]), clock, pacing=pacing)

    for _ in range(10):
        await client.request("GET", "/query")
    assert clock.elapsed == 0

    for _ in range(3):
        await client.request("POST", "/batch", tags=("batch",), idempotent=True)
    assert clock.elapsed == pytest.approx(60.0)


async def test_a_minute_quota_header_at_zero_holds_the_next_call_until_the_window_frees() -> None:
    clock = FakeClock()
    script = Script(
        [
            httpx.Response(200, json={}, headers={"X-MinLimit-Remaining": "1"}),
            httpx.Response(200, json={}, headers={"X-MinLimit-Remaining": "0"}),
            httpx.Response(200, json={}, headers={"X-MinLimit-Remaining": "59"}),
        ]
    )
    client = make_client(script, clock, pacing=XERO_LIKE)

    await client.request("GET", "/Invoices")
    await client.request("GET", "/Invoices")
    assert clock.elapsed == 0
    await client.request("GET", "/Invoices")

    assert clock.elapsed == pytest.approx(61.0)
    assert script.count == 3


async def test_a_daily_quota_header_at_zero_stops_further_calls_without_sending_them() -> None:
    clock = FakeClock()
    script = Script([httpx.Response(200, json={}, headers={"X-DayLimit-Remaining": "0"})])
    client = make_client(script, clock, pacing=XERO_LIKE, service="Xero")

    await client.request("GET", "/Invoices")
    with pytest.raises(DayLimitReached) as caught:
        await client.request("GET", "/Invoices")

    assert script.count == 1
    assert clock.sleeps == []
    assert caught.value.retry_at == START + timedelta(days=1)
    assert "Xero: daily call limit used up" in str(caught.value)


async def test_a_day_limit_429_is_never_retried_and_reports_when_it_resets() -> None:
    clock = FakeClock()
    refused = httpx.Response(
        429,
        headers={"Retry-After": "5400", "X-Rate-Limit-Problem": "day"},
        json={"Title": "Too many requests", "Detail": "daily limit exceeded"},
    )
    script = Script([refused, httpx.Response(200, json={})])
    client = make_client(script, clock, pacing=XERO_LIKE, service="Xero")

    with pytest.raises(DayLimitReached) as first:
        await client.request("POST", "/Invoices", json_body={}, idempotent=True)
    with pytest.raises(DayLimitReached) as second:
        await client.request("GET", "/Contacts")

    assert script.count == 1
    assert clock.sleeps == []
    assert first.value.retry_at == START + timedelta(seconds=5400)
    assert second.value.retry_at == first.value.retry_at
    assert "daily limit exceeded" in str(first.value)
    assert first.value.where == "POST /Invoices"


async def test_the_day_stop_lifts_when_its_time_has_passed() -> None:
    clock = FakeClock()
    script = Script([httpx.Response(200, json={}, headers={"X-DayLimit-Remaining": "0"}), httpx.Response(200, json={})])
    client = make_client(script, clock, pacing=XERO_LIKE)
    await client.request("GET", "/Invoices")

    clock.elapsed += 86_400

    response = await client.request("GET", "/Invoices")
    assert response.status_code == 200


async def test_retry_after_pauses_every_call_to_the_service_not_just_the_refused_one() -> None:
    clock = FakeClock()
    started: dict[str, float] = {}
    refused_once = False

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal refused_once
        if request.url.path.endswith("/a") and not refused_once:
            refused_once = True
            return httpx.Response(429, headers={"Retry-After": "30"})
        started[request.url.path] = clock.monotonic()
        return httpx.Response(200, json={})

    client = make_client(handler, clock)

    await client.request("GET", "/a")
    await client.request("GET", "/b")

    assert started["/v1/a"] == pytest.approx(30.0)
    assert started["/v1/b"] >= 30.0


async def test_an_unreadable_quota_header_is_ignored() -> None:
    script = Script([httpx.Response(200, json={}, headers={"X-MinLimit-Remaining": "lots"})])
    client = make_client(script, pacing=XERO_LIKE)

    await client.request("GET", "/Invoices")
    await client.request("GET", "/Invoices")

    assert script.count == 2


def test_policies_refuse_nonsense_limits() -> None:
    with pytest.raises(ValueError, match="rate budget"):
        RateBudget(0, 60)
    with pytest.raises(ValueError, match="in flight"):
        PacingPolicy(max_in_flight=0)


def slow_service(clock: FakeClock, latency: float, started: list[float], finished: list[float]):
    async def handler(request: httpx.Request) -> httpx.Response:
        started.append(clock.monotonic())
        await clock.sleep(latency)
        finished.append(clock.monotonic())
        return httpx.Response(200, json={})

    return handler


async def test_windows_anchored_at_admission_count_from_the_start_of_each_call() -> None:
    clock = FakeClock()
    started: list[float] = []
    pacing = PacingPolicy(budgets=(RateBudget(2, 60),), safety_seconds=0)
    client = make_client(slow_service(clock, 5, started, []), clock, pacing=pacing)

    for _ in range(3):
        await client.request("GET", "/Invoices")

    assert started == [0, 5, 60]


async def test_windows_anchored_at_completion_count_from_when_each_answer_arrived() -> None:
    """The service counts a call when it arrives, after we sent it: counting from our completion is always safe."""
    clock = FakeClock()
    started: list[float] = []
    pacing = PacingPolicy(budgets=(RateBudget(2, 60),), window_anchor=WindowAnchor.COMPLETION, safety_seconds=9)
    client = make_client(slow_service(clock, 5, started, []), clock, pacing=pacing)

    for _ in range(3):
        await client.request("GET", "/Invoices")

    assert started == [0, 5, 65]


async def test_a_call_in_flight_holds_its_place_until_it_completes() -> None:
    clock = FakeClock()
    started: list[float] = []
    finished: list[float] = []
    pacing = PacingPolicy(max_in_flight=5, budgets=(RateBudget(2, 60),), window_anchor=WindowAnchor.COMPLETION)
    client = make_client(slow_service(clock, 5, started, finished), clock, pacing=pacing)

    await asyncio.gather(*(client.request("GET", f"/Invoices/{n}") for n in range(3)))

    assert len(started) == 3
    assert started[2] >= min(finished[:2]) + 60
