"""A fresh profile database per test, and a clock the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tui_ledger.store import Database, open_profile_database


class FixedClock:
    """A `Clock` that stands still until the test moves it."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def monotonic(self) -> float:
        return self.current.timestamp()

    def now(self) -> datetime:
        return self.current

    async def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 5, 31, 22, 0, tzinfo=UTC))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_profile_database(tmp_path, "acme")
    yield opened
    opened.close()
