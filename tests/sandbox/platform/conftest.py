"""Fixtures: the platform sandboxes (AppXite, Pax8) seeded from `platform_world.world`, reached in process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from platform_world import ANCHOR, complete_marketplace

from tui_ledger.sandbox.appxite.service import SERVICE as APPXITE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.pax8.service import SERVICE as PAX8


@pytest.fixture(scope="session")
def world() -> DemoCompany:
    return complete_marketplace(DemoCompany.generate(seed=11, anchor=ANCHOR))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, world: DemoCompany) -> SandboxHub:
    seeded = SandboxHub(tmp_path_factory.mktemp("platform-sandbox"), SandboxKnobs(), services=[APPXITE, PAX8])
    seeded.seed(world)
    return seeded


@pytest.fixture
async def pax8(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    async with hub.client("pax8") as client:
        yield client


@pytest.fixture
async def appxite(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    async with hub.client("appxite") as client:
        yield client
