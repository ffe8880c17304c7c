"""Fixtures: the platform sandboxes (AppXite, Pax8) seeded with `platform_world()`, reached in process."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from platform_world import platform_world, seeded_platform_hub

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub


@pytest.fixture(scope="session")
def world() -> DemoCompany:
    return platform_world()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, world: DemoCompany) -> SandboxHub:
    return seeded_platform_hub(tmp_path_factory.mktemp("platform-sandbox"), world)


@pytest.fixture
async def pax8(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    async with hub.client("pax8") as client:
        yield client


@pytest.fixture
async def appxite(hub: SandboxHub) -> AsyncIterator[httpx.AsyncClient]:
    async with hub.client("appxite") as client:
        yield client
