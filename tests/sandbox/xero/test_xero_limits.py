"""Rate limits with Xero's real numbers and headers, on the sandbox clock."""

from __future__ import annotations

import httpx
from xero_support import ManualClock

from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.xero.limits import RateLimiter, XeroLimits


async def test_every_answer_carries_the_three_quota_headers(api: httpx.AsyncClient) -> None:
    first = await api.get("/Organisation")
    second = await api.get("/Invoices/00000000-0000-0000-0000-000000000000")
    for answer, used in ((first, 1), (second, 2)):
        assert answer.headers["X-MinLimit-Remaining"] == str(60 - used)
        assert answer.headers["X-DayLimit-Remaining"] == str(5000 - used)
        assert answer.headers["X-AppMinLimit-Remaining"] == str(10_000 - used)


async def test_the_61st_call_in_a_minute_is_429_minute_until_the_window_moves(
    api: httpx.AsyncClient, clock: ManualClock
) -> None:
    for _ in range(60):
        assert (await api.get("/Accounts")).status_code == 200
        clock.advance(0.5)
    refused = await api.get("/Accounts")
    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "minute"
    assert refused.headers["X-MinLimit-Remaining"] == "0"
    assert int(refused.headers["Retry-After"]) == 30
    clock.advance(30)
    assert (await api.get("/Accounts")).status_code == 200


def test_more_than_five_in_flight_is_429_concurrent() -> None:
    limiter = RateLimiter(XeroLimits(), ManualClock())
    admitted = [limiter.admit("app", "tenant") for _ in range(5)]
    assert admitted == [None] * 5
    refusal = limiter.admit("app", "tenant")
    assert refusal is not None
    assert refusal.problem == "concurrent"
    limiter.leave("app", "tenant")
    assert limiter.admit("app", "tenant") is None
    assert limiter.admit("app", "other tenant") is None


def test_refused_calls_are_not_counted() -> None:
    limiter = RateLimiter(XeroLimits(minute=2), ManualClock())
    for _ in range(2):
        assert limiter.admit("app", "tenant") is None
        limiter.leave("app", "tenant")
    assert limiter.admit("app", "tenant") is not None
    assert limiter.headers("app", "tenant")["X-DayLimit-Remaining"] == "4998"


def test_the_app_minute_limit_spans_organisations() -> None:
    limiter = RateLimiter(XeroLimits(app_minute=3), ManualClock())
    for tenant in ("a", "b", "c"):
        assert limiter.admit("app", tenant) is None
        limiter.leave("app", tenant)
    refusal = limiter.admit("app", "d")
    assert refusal is not None
    assert refusal.problem == "appminute"


def test_limits_off_refuse_nothing_and_report_full_quotas() -> None:
    limiter = RateLimiter(XeroLimits.from_knobs(SandboxKnobs(rate_limits=False)), ManualClock())
    assert all(limiter.admit("app", "tenant") is None for _ in range(100))
    assert limiter.headers("app", "tenant")["X-MinLimit-Remaining"] == "60"
