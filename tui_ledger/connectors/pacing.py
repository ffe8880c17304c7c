"""Pacing calls so a service's rate limits are respected up front, not discovered by a storm of 429s.

Each service states its limits differently, so pacing is a policy per service:

* `max_in_flight` caps concurrent calls (Xero 5, QuickBooks 10);
* `budgets` are client-side sliding windows for limits the service does not report (QuickBooks sends no
  quota headers: 500 calls a minute, 40 batch calls a minute — a budget can apply only to requests tagged
  e.g. "batch");
* `quota_headers` are headers the service sends with what remains (Xero `X-MinLimit-Remaining`,
  `X-DayLimit-Remaining`, `X-AppMinLimit-Remaining`): when one reaches zero the pacer holds new calls until
  its window frees up, and a daily one stops the service for the day with a typed error and the reset time;
* a `Retry-After` the service sends pauses every call to that service, not just the one that got it.

All waiting goes through the injected `Clock`, so a sandbox running its world 60 times faster makes a
per-minute limit cost one real second in tests.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import httpx

from tui_ledger.connectors.errors import DayLimitReached
from tui_ledger.domain.clock import Clock

DayLimitSignal = Callable[[httpx.Response], bool]
"""Recognises a 429 that means "no more calls today" (Xero says so in `X-Rate-Limit-Problem: day`)."""


@dataclass(frozen=True, slots=True)
class RateBudget:
    """At most `calls` call starts in any `per_seconds`; with `applies_to`, only calls carrying that tag count."""

    calls: int
    per_seconds: float
    applies_to: str | None = None

    def __post_init__(self) -> None:
        if self.calls < 1 or self.per_seconds <= 0:
            raise ValueError(f"a rate budget needs at least one call in a positive window, not {self}")

    def governs(self, tags: Collection[str]) -> bool:
        return self.applies_to is None or self.applies_to in tags


@dataclass(frozen=True, slots=True)
class QuotaHeader:
    """A response header carrying how many calls remain in a window the service counts itself."""

    name: str
    window_seconds: float
    daily: bool = False


class WindowAnchor(StrEnum):
    """Which moment of a call its place in a rate window is counted from.

    ADMISSION counts from when we let the call go, padded by `safety_seconds`. COMPLETION keeps the call's
    place taken while it is in flight and counts the window from when its answer arrived: always at or after
    the moment the service counted it, so no margin is needed however busy or sped-up the world is, at the
    cost of at most one call's latency per window.
    """

    ADMISSION = "admission"
    COMPLETION = "completion"


@dataclass(frozen=True, slots=True)
class PacingPolicy:
    """One service's limits. `safety_seconds` pads every window so our clock and the service's never disagree
    by enough to draw a 429 (the service counts a call when it arrives, a moment after we started it)."""

    max_in_flight: int = 8
    budgets: tuple[RateBudget, ...] = ()
    quota_headers: tuple[QuotaHeader, ...] = ()
    safety_seconds: float = 1.0
    day_limit_signal: DayLimitSignal | None = None
    window_anchor: WindowAnchor = WindowAnchor.ADMISSION

    def __post_init__(self) -> None:
        if self.max_in_flight < 1:
            raise ValueError("at least one call must be allowed in flight")


class _Window:
    """The calls that occupy one budget: stamped ones (in time order) and, when anchored at completion,
    admitted ones still in flight, which hold their place until they are stamped."""

    __slots__ = ("budget", "in_flight", "stamps")

    def __init__(self, budget: RateBudget) -> None:
        self.budget = budget
        self.stamps: deque[float] = deque()
        self.in_flight = 0

    def wait_seconds(self, now: float, safety: float) -> float | None:
        """0 when a call may start now; seconds until a place frees; None when only a completion can free one."""
        span = self.budget.per_seconds + safety
        while self.stamps and self.stamps[0] + span <= now:
            self.stamps.popleft()
        if len(self.stamps) + self.in_flight < self.budget.calls:
            return 0.0
        if not self.stamps:
            return None
        return self.stamps[0] + span - now


class Pacer:
    """Admits calls to one service: in-flight cap, budgets, quota-header holds, `Retry-After` pauses, day stops.

    Waiters are admitted in arrival order (one lock, held while waiting), which keeps pacing fair and makes
    the order of calls predictable in tests.
    """

    def __init__(self, service: str, policy: PacingPolicy, clock: Clock, logger: logging.Logger | None = None) -> None:
        self.service = service
        self.policy = policy
        self._clock = clock
        self._log = logger or logging.getLogger("tui_ledger.connectors")
        self._in_flight = asyncio.Semaphore(policy.max_in_flight)
        self._admission = asyncio.Lock()
        self._windows = [_Window(budget) for budget in policy.budgets]
        self._recent_starts: deque[float] = deque()
        self._recent_span = max((q.window_seconds for q in policy.quota_headers if not q.daily), default=0.0)
        self._hold_until = 0.0
        self._day_stop: tuple[float, datetime] | None = None
        self._completed = asyncio.Event()
        self._at_completion = policy.window_anchor is WindowAnchor.COMPLETION
        self._safety = 0.0 if self._at_completion else policy.safety_seconds

    def __repr__(self) -> str:
        return f"Pacer({self.service!r}, in_flight<={self.policy.max_in_flight})"

    @asynccontextmanager
    async def slot(self, tags: Collection[str] = ()) -> AsyncIterator[None]:
        """Hold this while one call is on the wire; raises `DayLimitReached` instead of waiting for tomorrow."""
        self.raise_if_stopped_for_day()
        async with self._in_flight:
            windows = await self._admit(tags)
            try:
                yield
            finally:
                if self._at_completion:
                    self._stamp_completion(windows)

    async def _admit(self, tags: Collection[str]) -> list[_Window]:
        windows = [window for window in self._windows if window.budget.governs(tags)]
        async with self._admission:
            while True:
                self.raise_if_stopped_for_day()
                now = self._clock.monotonic()
                wait = self._wait_seconds(now, windows)
                if wait is None:
                    self._log.debug("%s: pacing, waiting for a call in flight to complete", self.service)
                    self._completed.clear()
                    await self._completed.wait()
                    continue
                if wait <= 0:
                    self._take_places(now, windows)
                    return windows
                self._log.debug("%s: pacing, next call in %.2f s", self.service, wait)
                await self._clock.sleep(wait)

    def _wait_seconds(self, now: float, windows: list[_Window]) -> float | None:
        waits = [window.wait_seconds(now, self._safety) for window in windows]
        if None in waits:
            return None
        return max([self._hold_until - now, *(wait for wait in waits if wait is not None)])

    def _take_places(self, now: float, windows: list[_Window]) -> None:
        if self._at_completion:
            for window in windows:
                window.in_flight += 1
            return
        for window in windows:
            window.stamps.append(now)
        self._remember(now)

    def _stamp_completion(self, windows: list[_Window]) -> None:
        now = self._clock.monotonic()
        for window in windows:
            window.in_flight -= 1
            window.stamps.append(now)
        self._remember(now)
        self._completed.set()

    def _remember(self, moment: float) -> None:
        """Recent call times, for estimating when a service-reported window frees up."""
        if not self._recent_span:
            return
        self._recent_starts.append(moment)
        while self._recent_starts and self._recent_starts[0] + self._recent_span <= moment:
            self._recent_starts.popleft()

    def pause(self, seconds: float) -> None:
        """Hold every new call for `seconds` (a `Retry-After`): the service refuses us, not just one request."""
        self._hold_until = max(self._hold_until, self._clock.monotonic() + max(seconds, 0.0))

    def stop_for_day(
        self,
        seconds: float,
        reason: str,
        *,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
    ) -> DayLimitReached:
        """Refuse every call for `seconds`; returns the error to raise so the caller and later calls agree."""
        resets_at = self._clock.now() + timedelta(seconds=seconds)
        until = self._clock.monotonic() + seconds
        if self._day_stop is None or until > self._day_stop[0]:
            self._day_stop = (until, resets_at)
            self._log.warning("%s: %s; no calls until %s", self.service, reason, resets_at.isoformat())
        return DayLimitReached(
            self.service, reason, retry_at=self._day_stop[1], method=method, path=path, status=status
        )

    def raise_if_stopped_for_day(self) -> None:
        if self._day_stop is None:
            return
        until, resets_at = self._day_stop
        if self._clock.monotonic() >= until:
            self._day_stop = None
            return
        raise DayLimitReached(self.service, "daily call limit used up", retry_at=resets_at)

    def observe(self, response: httpx.Response) -> None:
        """Learn from the quota headers of a response, whatever its status."""
        for quota in self.policy.quota_headers:
            raw = response.headers.get(quota.name)
            if raw is None:
                continue
            try:
                remaining = int(raw.strip())
            except ValueError:
                self._log.debug("%s: ignoring unreadable %s header %r", self.service, quota.name, raw)
                continue
            if remaining > 0:
                continue
            if quota.daily:
                self.stop_for_day(quota.window_seconds, f"daily call limit used up ({quota.name}: {remaining})")
            else:
                self._hold_for_window(quota)

    def _hold_for_window(self, quota: QuotaHeader) -> None:
        """No calls left in the service's window: wait until our oldest call in it leaves (or a whole window)."""
        now = self._clock.monotonic()
        oldest = next((start for start in self._recent_starts if start + quota.window_seconds > now), now)
        self._hold_until = max(self._hold_until, oldest + quota.window_seconds + self._safety)
        self._log.info("%s: %s is 0; holding calls for %.1f s", self.service, quota.name, self._hold_until - now)

    def is_day_limit(self, response: httpx.Response) -> bool:
        signal = self.policy.day_limit_signal
        return bool(signal and signal(response))
