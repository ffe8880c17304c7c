"""Retries: only calls that may be resent are resent, waits grow with jitter, `Retry-After` wins over our guess."""

from __future__ import annotations

import random
from datetime import timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.connectors.fakes import START, FakeClock, Script, make_client
from tui_ledger.connectors.errors import RateLimited, ServiceUnavailable, Unreachable
from tui_ledger.connectors.retry import RetryPolicy, may_resend, parse_retry_after

OK = httpx.Response(200, json={"ok": True})


def unavailable(retry_after: str | None = None) -> httpx.Response:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return httpx.Response(503, json={"code": "ServiceUnavailable", "message": "maintenance"}, headers=headers)


async def test_get_is_retried_after_server_errors_and_succeeds() -> None:
    clock = FakeClock()
    script = Script([unavailable(), httpx.Response(502, text="bad gateway"), OK])
    client = make_client(script, clock)

    response = await client.request("GET", "/things")

    assert response.status_code == 200
    assert script.count == 3
    assert len(clock.sleeps) == 2


async def test_backoff_grows_between_attempts() -> None:
    clock = FakeClock()
    script = Script([unavailable()])
    client = make_client(script, clock, retry=RetryPolicy(max_attempts=4, base_delay_seconds=1, max_delay_seconds=60))

    with pytest.raises(ServiceUnavailable):
        await client.request("GET", "/things")

    assert script.count == 4
    first, second, third = clock.sleeps
    assert 0.5 <= first <= 1
    assert 1 <= second <= 2
    assert 2 <= third <= 4


async def test_post_is_not_resent_after_a_server_error() -> None:
    script = Script([unavailable(), OK])
    client = make_client(script)

    with pytest.raises(ServiceUnavailable) as caught:
        await client.request("POST", "/invoices", json_body={"n": 1})

    assert script.count == 1
    assert caught.value.service_message == "maintenance"
    assert caught.value.where == "POST /invoices"


async def test_post_marked_idempotent_is_resent() -> None:
    script = Script([unavailable(), OK])
    client = make_client(script)

    response = await client.request("POST", "/invoices", json_body={"n": 1}, idempotent=True)

    assert response.status_code == 200
    assert script.count == 2
    assert script.requests[0].content == script.requests[1].content


async def test_post_is_resent_when_the_connection_was_never_made() -> None:
    script = Script([httpx.ConnectError("refused"), OK])
    client = make_client(script)

    response = await client.request("POST", "/invoices", json_body={"n": 1})

    assert response.status_code == 200
    assert script.count == 2


async def test_post_is_not_resent_after_a_read_timeout() -> None:
    """The service may have created the invoice before the answer was lost: resending could duplicate it."""
    script = Script([httpx.ReadTimeout("slow"), OK])
    client = make_client(script)

    with pytest.raises(Unreachable) as caught:
        await client.request("POST", "/invoices", json_body={"n": 1})

    assert script.count == 1
    assert "ReadTimeout" in str(caught.value)
    assert caught.value.status is None


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
        httpx.ReadError("reset"),
        httpx.ConnectError("no"),
    ],
)
async def test_get_is_resent_after_network_failures(failure: Exception) -> None:
    script = Script([failure, OK])
    client = make_client(script)

    response = await client.request("GET", "/things")

    assert response.status_code == 200
    assert script.count == 2


async def test_unreachable_after_all_attempts_names_the_call_not_the_query() -> None:
    script = Script([httpx.ConnectError("connection refused")])
    client = make_client(script, retry=RetryPolicy(max_attempts=3))

    with pytest.raises(Unreachable) as caught:
        await client.request("GET", "/things", params={"conditions": 'name="x"'})

    message = str(caught.value)
    assert script.count == 3
    assert "after 3 attempts" in message
    assert "GET /things" in message
    assert "conditions" not in message


async def test_retry_after_seconds_is_waited_exactly_on_429() -> None:
    clock = FakeClock()
    script = Script([httpx.Response(429, headers={"Retry-After": "17"}), OK])
    client = make_client(script, clock)

    await client.request("GET", "/things")

    assert 17.0 in clock.sleeps
    assert clock.elapsed >= 17.0


async def test_retry_after_http_date_is_waited_until_that_time() -> None:
    clock = FakeClock()
    when = (START + timedelta(seconds=42)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    script = Script([unavailable(retry_after=when), OK])
    client = make_client(script, clock)

    await client.request("GET", "/things")

    assert clock.sleeps == [42.0]


async def test_a_429_is_resent_even_for_a_post_because_nothing_was_done() -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "1"}), OK])
    client = make_client(script)

    response = await client.request("POST", "/invoices", json_body={})

    assert response.status_code == 200
    assert script.count == 2


async def test_a_retry_after_longer_than_we_wait_fails_at_once_with_the_time() -> None:
    clock = FakeClock()
    script = Script([httpx.Response(429, headers={"Retry-After": "3600"}, json={"message": "slow down"}), OK])
    client = make_client(script, clock, retry=RetryPolicy(longest_wait_seconds=300))

    with pytest.raises(RateLimited) as caught:
        await client.request("GET", "/things")

    assert script.count == 1
    assert clock.sleeps == []
    assert caught.value.retry_at == START + timedelta(seconds=3600)
    assert "slow down" in str(caught.value)
    assert "13:00:00" in str(caught.value)


async def test_repeated_429_ends_in_rate_limited() -> None:
    script = Script([httpx.Response(429, headers={"Retry-After": "2"})])
    client = make_client(script, retry=RetryPolicy(max_attempts=3))

    with pytest.raises(RateLimited):
        await client.request("GET", "/things")

    assert script.count == 3


async def test_a_429_without_retry_after_waits_the_configured_pause() -> None:
    clock = FakeClock()
    script = Script([httpx.Response(429), OK])
    client = make_client(script, clock, retry=RetryPolicy(unstated_retry_after_seconds=60))

    await client.request("POST", "/batch", json_body={}, idempotent=True)

    assert clock.sleeps == [60.0]
    assert script.count == 2


def test_may_resend_by_method_and_by_explicit_mark() -> None:
    assert may_resend("GET", marked_idempotent=None)
    assert may_resend("delete", marked_idempotent=None)
    assert not may_resend("POST", marked_idempotent=None)
    assert not may_resend("PATCH", marked_idempotent=None)
    assert may_resend("POST", marked_idempotent=True)
    assert not may_resend("PUT", marked_idempotent=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        (" 3 ", 3.0),
        ("1.5", 1.5),
        ("-4", 0.0),
        ("Sat, 31 Jan 2026 12:01:00 GMT", 60.0),
        ("Sat, 31 Jan 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        ("", None),
        (None, None),
        ("nan", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, START) == expected


@given(attempt=st.integers(min_value=1, max_value=40), seed=st.integers(min_value=0, max_value=10_000))
def test_backoff_stays_within_half_and_whole_step_and_never_exceeds_the_cap(attempt: int, seed: int) -> None:
    policy = RetryPolicy(base_delay_seconds=0.5, max_delay_seconds=30)
    step = min(30.0, 0.5 * 2 ** (attempt - 1))

    wait = policy.backoff_seconds(attempt, random.Random(seed))

    assert step / 2 <= wait <= step <= 30


async def test_a_transport_failure_that_retrying_cannot_fix_is_unreachable_at_once() -> None:
    script = Script([httpx.ProxyError("proxy refused the tunnel"), OK])
    client = make_client(script)

    with pytest.raises(Unreachable, match="ProxyError: proxy refused the tunnel"):
        await client.request("GET", "/things")

    assert script.count == 1
