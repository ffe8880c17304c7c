"""Rate limits as the real services count them: calls in a sliding window, and calls in flight.

Windows are measured on the sandbox clock, so a per-minute limit lasts one real second at speed-up 60.
"""

from __future__ import annotations

import math
import threading
from collections import deque

from tui_ledger.domain.clock import Clock


class SlidingWindow:
    """At most `limit` calls in any `window_seconds`; answers how many remain and when the next is allowed."""

    def __init__(self, limit: int, window_seconds: float, clock: Clock) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def _expire(self, now: float) -> None:
        while self._calls and self._calls[0] <= now - self.window_seconds:
            self._calls.popleft()

    def try_acquire(self) -> bool:
        """Count a call if the window has room; False means the caller must answer 429."""
        with self._lock:
            now = self._clock.monotonic()
            self._expire(now)
            if len(self._calls) >= self.limit:
                return False
            self._calls.append(now)
            return True

    def remaining(self) -> int:
        with self._lock:
            self._expire(self._clock.monotonic())
            return max(self.limit - len(self._calls), 0)

    def retry_after_seconds(self) -> int:
        """Whole sandbox seconds until a call is allowed again (at least 1), as `Retry-After` carries it."""
        with self._lock:
            now = self._clock.monotonic()
            self._expire(now)
            if len(self._calls) < self.limit:
                return 0
            return max(1, math.ceil(self._calls[0] + self.window_seconds - now))


class InFlightGate:
    """At most `limit` requests being served at once; the real services answer 429 beyond it."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._current = 0
        self._lock = threading.Lock()

    def try_enter(self) -> bool:
        with self._lock:
            if self._current >= self.limit:
                return False
            self._current += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._current = max(self._current - 1, 0)
