"""A seeded ConnectWise sandbox per test, reached in-process through the hub, and the demo company behind it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import ANCHOR, AUTH_HEADERS
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub


@pytest.fixture(scope="session")
def company() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


@pytest.fixture
def hub(tmp_path: Path, company: DemoCompany) -> SandboxHub:
    clock = ScaledClock(start=datetime(2026, 10, 31, 15, 0, tzinfo=UTC))
    sandbox = SandboxHub(tmp_path / "sandbox", services=[connectwise.SERVICE], clock=clock)
    sandbox.seed(company)
    return sandbox


@pytest.fixture
async def client(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    async with hub.client("connectwise", headers=AUTH_HEADERS) as http:
        yield http
