"""The day limit, lowered by a knob so a test reaches it in three calls."""

from __future__ import annotations

import httpx
import pytest
from xero_support import ManualClock

from tui_ledger.sandbox.knobs import SandboxKnobs


@pytest.fixture
def knobs() -> SandboxKnobs:
    return SandboxKnobs(extra={"xero.day_limit": "3"})


async def test_an_exhausted_day_is_429_day_with_a_retry_after_of_hours(
    api: httpx.AsyncClient, clock: ManualClock
) -> None:
    for _ in range(3):
        assert (await api.get("/Organisation")).status_code == 200
        clock.advance(60)
    refused = await api.get("/Organisation")
    assert refused.status_code == 429
    assert refused.headers["X-Rate-Limit-Problem"] == "day"
    assert refused.headers["X-DayLimit-Remaining"] == "0"
    assert int(refused.headers["Retry-After"]) == 86_400 - 180
    assert refused.content == b""
