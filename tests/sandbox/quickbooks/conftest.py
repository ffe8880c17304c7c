"""Fixtures for the QuickBooks sandbox tests: a seeded hub on a virtual clock and an authorised API client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from qbo_helpers import COMPANY, ROOT, VirtualClock, demo_company, refresh

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE
from tui_ledger.sandbox.quickbooks.credentials import (
    DEMO_REFRESH_TOKEN,
)
from tui_ledger.sandbox.quickbooks.seed import SeedGaps, choose_gaps


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    return demo_company()


@pytest.fixture(scope="session")
def gaps(demo: DemoCompany) -> SeedGaps:
    return choose_gaps(demo)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def hub(tmp_path: Path, demo: DemoCompany, clock: VirtualClock) -> SandboxHub:
    hub = SandboxHub(tmp_path / "sandbox", SandboxKnobs(), services=[SERVICE], clock=clock)
    hub.seed(demo)
    return hub


@pytest.fixture
async def root(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    """A client at the service root, for the OAuth endpoints."""
    async with httpx.AsyncClient(transport=hub.transport("quickbooks"), base_url=ROOT) as client:
        yield client


@pytest.fixture
async def tokens(root: httpx.AsyncClient) -> dict[str, Any]:
    response = await refresh(root, DEMO_REFRESH_TOKEN)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
async def api(hub: SandboxHub, tokens: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    """A client authorised for the demo company, at the company's base path."""
    headers = {"Authorization": f"Bearer {tokens['access_token']}", "Accept": "application/json"}
    async with httpx.AsyncClient(
        transport=hub.transport("quickbooks"), base_url=ROOT + COMPANY, headers=headers, params={"minorversion": "75"}
    ) as client:
        yield client
