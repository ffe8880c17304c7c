"""When a failed call may be sent again, and how long to wait first.

Retrying is only safe when sending twice cannot do twice: idempotent methods, a POST that carries an
idempotency key (the caller says so), or any request that provably never left this machine (the connection
was never made). A 429 means the service refused before doing anything, so it may always be resent.
Waits grow exponentially with jitter so several clients recovering from the same outage do not hit the
service in lockstep, and a `Retry-After` from the service overrides our own guess.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})

NEVER_SENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
)
"""The request never reached the service: resending cannot duplicate anything, whatever the method."""

TRANSIENT_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)
"""Network failures worth another try. Protocol misuse on our side (LocalProtocolError, UnsupportedProtocol) is not."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How many attempts a call gets and how the waits between them grow.

    `longest_wait_seconds` caps what a `Retry-After` may make us sleep: beyond it the call fails with the
    time the service gave, because a run that silently waits an hour looks exactly like a hang.
    """

    max_attempts: int = 4
    base_delay_seconds: float = 0.5
    max_delay_seconds: float = 30.0
    longest_wait_seconds: float = 300.0
    unstated_retry_after_seconds: float | None = None
    """How long a 429 without `Retry-After` pauses the service (QuickBooks sends none); None: back off as for a 5xx."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("a call needs at least one attempt")
        if self.base_delay_seconds < 0 or self.max_delay_seconds < self.base_delay_seconds:
            raise ValueError("retry delays must satisfy 0 <= base <= max")

    def backoff_seconds(self, attempt: int, rng: random.Random) -> float:
        """Wait before attempt `attempt + 1`: half the exponential step fixed, half random ("equal jitter")."""
        step = min(self.max_delay_seconds, self.base_delay_seconds * (2 ** max(attempt - 1, 0)))
        return step / 2 + rng.uniform(0, step / 2)


def may_resend(method: str, *, marked_idempotent: bool | None) -> bool:
    """True when sending this request twice has the effect of sending it once."""
    if marked_idempotent is not None:
        return marked_idempotent
    return method.upper() in IDEMPOTENT_METHODS


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP-date. None when absent or unreadable."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        seconds = None
    if seconds is not None:
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None or now.tzinfo is None:
        moment = moment.replace(tzinfo=None)
        now = now.replace(tzinfo=None)
    return max((moment - now).total_seconds(), 0.0)
