"""A lost answer is looked up only once the service can no longer be working on it (the late-answer grace)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui_ledger.services.export.context import LATE_ANSWER_GRACE_SECONDS, RunContext
from tui_ledger.services.export.events import ignore_events

SENT = datetime(2026, 1, 31, 22, 0, tzinfo=UTC)


class StoppedClock:
    """Time stands still except when the code under test sleeps; every sleep is recorded."""

    def __init__(self, now: datetime) -> None:
        self.current = now
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.current.timestamp()

    def now(self) -> datetime:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.current += timedelta(seconds=seconds)


def context(clock: StoppedClock) -> RunContext:
    return RunContext(0, None, None, None, clock, ignore_events)  # type: ignore[arg-type]


async def test_it_waits_what_is_left_of_the_grace_after_the_latest_send() -> None:
    clock = StoppedClock(SENT + timedelta(seconds=4))

    await context(clock).wait_for_late_answers([SENT - timedelta(seconds=30), SENT])

    assert clock.slept == [LATE_ANSWER_GRACE_SECONDS - 4]


async def test_it_does_not_wait_once_the_grace_has_passed_or_when_nothing_is_unknown() -> None:
    clock = StoppedClock(SENT + timedelta(seconds=LATE_ANSWER_GRACE_SECONDS + 1))

    await context(clock).wait_for_late_answers([SENT])
    await context(clock).wait_for_late_answers([])

    assert clock.slept == []


async def test_a_send_stamped_ahead_of_this_clock_waits_the_grace_and_never_longer() -> None:
    clock = StoppedClock(SENT - timedelta(hours=3))

    await context(clock).wait_for_late_answers([SENT])

    assert clock.slept == [LATE_ANSWER_GRACE_SECONDS]
