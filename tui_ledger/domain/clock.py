"""Time as a dependency, so the sandbox can run its world faster than real time.

Rate limits are per minute and per day. To test pacing against a 60-calls-a-minute limit without waiting
minutes, the sandbox and the connectors share a `ScaledClock`: sandbox seconds pass `speedup` times faster
than real ones, and a connector told to wait `Retry-After: 60` sleeps one real second at speed-up 60.
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Monotonic seconds for pacing, wall-clock time for stamps, and a sleep that agrees with both."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    """Real time."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0.0))


class ScaledClock:
    """Time that runs `speedup` times faster than real time, from the moment the clock was made."""

    def __init__(self, speedup: float = 1.0, start: datetime | None = None) -> None:
        if speedup <= 0:
            raise ValueError("clock speed-up must be positive")
        self.speedup = speedup
        self._real_origin = time.monotonic()
        self._wall_origin = start or datetime.now(UTC)

    def monotonic(self) -> float:
        return (time.monotonic() - self._real_origin) * self.speedup

    def now(self) -> datetime:
        return self._wall_origin + timedelta(seconds=self.monotonic())

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(seconds, 0.0) / self.speedup)
