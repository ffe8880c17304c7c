"""Fixtures for the Xero sandbox tests: a seeded hub on a hand-driven clock and a logged-in API client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from xero_support import ANCHOR, API, ROOT, ManualClock, Tokens, headers, log_in

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.xero import SERVICE
from tui_ledger.sandbox.xero.app import XeroSandbox, xero_sandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.seed import SeedGaps, plan_gaps


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    return DemoCompany.generate(seed=3, anchor=ANCHOR)


@pytest.fixture(scope="session")
def gaps(demo: DemoCompany) -> SeedGaps:
    return plan_gaps(demo)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def knobs() -> SandboxKnobs:
    return SandboxKnobs()


@pytest.fixture
def hub(tmp_path: Path, demo: DemoCompany, clock: ManualClock, knobs: SandboxKnobs) -> SandboxHub:
    hub = SandboxHub(tmp_path / "sandbox", knobs, services=[SERVICE], clock=clock)
    hub.seed(demo)
    return hub


@pytest.fixture
def sandbox(hub: SandboxHub) -> XeroSandbox:
    """The running app's parts (store, call log), as a person would look at the Xero UI."""
    return xero_sandbox(hub.app("xero"))


@pytest.fixture
async def root(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=hub.transport("xero"), base_url=ROOT) as client:
        yield client


@pytest.fixture
async def tokens(root: httpx.AsyncClient, hub: SandboxHub) -> Tokens:
    return await log_in(root, hub.credentials("xero"))


@pytest.fixture
async def api(hub: SandboxHub, tokens: Tokens) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the Accounting API of the demo organisation."""
    async with httpx.AsyncClient(
        transport=hub.transport("xero"), base_url=ROOT + API, headers=headers(tokens, MAIN_TENANT_ID)
    ) as client:
        yield client
