"""Xero's rate limits with their real numbers, counted per connection (app and organisation) on the sandbox clock.

* 5 calls in flight per connection → 429 `X-Rate-Limit-Problem: concurrent`;
* 60 calls in any 60 seconds per connection → 429 `minute`;
* 5,000 calls in any 24 hours per connection (a rolling day) → 429 `day`, `Retry-After` up to many hours;
* 10,000 calls a minute per app across all its organisations → 429 `appminute`.

Every answer carries `X-DayLimit-Remaining`, `X-MinLimit-Remaining` and `X-AppMinLimit-Remaining`. A refused
call is not counted. Numbers can be lowered through knobs (`xero.minute_limit`, `xero.day_limit`,
`xero.concurrent_limit`, `xero.app_minute_limit`) so a test can reach the day limit in a few calls;
`rate_limits=False` turns refusals off and reports full quotas.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.ratelimit import InFlightGate, SlidingWindow

MINUTE_SECONDS = 60.0
DAY_SECONDS = 86_400.0
CONCURRENT_RETRY_SECONDS = 1

DAY_HEADER = "X-DayLimit-Remaining"
MINUTE_HEADER = "X-MinLimit-Remaining"
APP_MINUTE_HEADER = "X-AppMinLimit-Remaining"


@dataclass(frozen=True, slots=True)
class XeroLimits:
    minute: int = 60
    day: int = 5000
    concurrent: int = 5
    app_minute: int = 10_000
    enabled: bool = True

    @classmethod
    def from_knobs(cls, knobs: SandboxKnobs) -> XeroLimits:
        extra: Mapping[str, str] = knobs.extra
        defaults = cls()

        def number(key: str, default: int) -> int:
            raw = extra.get(f"xero.{key}")
            if raw is None:
                return default
            value = int(raw)
            if value < 1:
                raise ValueError(f"knob xero.{key} must be at least 1, not {raw}")
            return value

        return cls(
            minute=number("minute_limit", defaults.minute),
            day=number("day_limit", defaults.day),
            concurrent=number("concurrent_limit", defaults.concurrent),
            app_minute=number("app_minute_limit", defaults.app_minute),
            enabled=knobs.rate_limits,
        )


@dataclass(frozen=True, slots=True)
class Refusal:
    """A 429: which limit (`X-Rate-Limit-Problem`) and how many seconds until a call is allowed."""

    problem: str
    retry_after_seconds: int


@dataclass(slots=True)
class _Connection:
    minute: SlidingWindow
    day: SlidingWindow
    in_flight: InFlightGate


@dataclass
class RateLimiter:
    """Admits or refuses calls per connection, and reports what remains."""

    limits: XeroLimits
    clock: Clock
    _connections: dict[tuple[str, str], _Connection] = field(default_factory=dict)
    _apps: dict[str, SlidingWindow] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _connection(self, client_id: str, tenant_id: str) -> _Connection:
        key = (client_id, tenant_id)
        with self._lock:
            if key not in self._connections:
                self._connections[key] = _Connection(
                    minute=SlidingWindow(self.limits.minute, MINUTE_SECONDS, self.clock),
                    day=SlidingWindow(self.limits.day, DAY_SECONDS, self.clock),
                    in_flight=InFlightGate(self.limits.concurrent),
                )
            return self._connections[key]

    def _app(self, client_id: str) -> SlidingWindow:
        with self._lock:
            if client_id not in self._apps:
                self._apps[client_id] = SlidingWindow(self.limits.app_minute, MINUTE_SECONDS, self.clock)
            return self._apps[client_id]

    def admit(self, client_id: str, tenant_id: str) -> Refusal | None:
        """Count the call and enter it in flight, or say which limit refuses it. Pair with `leave` when admitted."""
        if not self.limits.enabled:
            return None
        connection = self._connection(client_id, tenant_id)
        app = self._app(client_id)
        with self._lock:
            if not connection.in_flight.try_enter():
                return Refusal("concurrent", CONCURRENT_RETRY_SECONDS)
            refusal = self._count(connection, app)
            if refusal is not None:
                connection.in_flight.leave()
            return refusal

    @staticmethod
    def _count(connection: _Connection, app: SlidingWindow) -> Refusal | None:
        if connection.day.remaining() == 0:
            return Refusal("day", connection.day.retry_after_seconds())
        if app.remaining() == 0:
            return Refusal("appminute", app.retry_after_seconds())
        if not connection.minute.try_acquire():
            return Refusal("minute", connection.minute.retry_after_seconds())
        connection.day.try_acquire()
        app.try_acquire()
        return None

    def leave(self, client_id: str, tenant_id: str) -> None:
        if self.limits.enabled:
            self._connection(client_id, tenant_id).in_flight.leave()

    def headers(self, client_id: str, tenant_id: str) -> dict[str, str]:
        if not self.limits.enabled:
            return {
                DAY_HEADER: str(self.limits.day),
                MINUTE_HEADER: str(self.limits.minute),
                APP_MINUTE_HEADER: str(self.limits.app_minute),
            }
        connection = self._connection(client_id, tenant_id)
        return {
            DAY_HEADER: str(connection.day.remaining()),
            MINUTE_HEADER: str(connection.minute.remaining()),
            APP_MINUTE_HEADER: str(self._app(client_id).remaining()),
        }
