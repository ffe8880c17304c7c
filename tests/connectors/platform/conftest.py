"""Fixtures: both platform sandboxes seeded from the same complete demo world, and connectors opened on them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.sandbox.platform.platform_world import platform_world, seeded_platform_hub
from tui_ledger.connectors.appxite import AppXiteSettings, AppXiteSource
from tui_ledger.connectors.pax8 import Pax8Settings, Pax8Source
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub


@pytest.fixture(scope="session")
def world() -> DemoCompany:
    return platform_world()


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory, world: DemoCompany) -> SandboxHub:
    return seeded_platform_hub(tmp_path_factory.mktemp("platform-connectors"), world)


def pax8_settings(hub: SandboxHub, **changes: str) -> Pax8Settings:
    credentials = {**hub.credentials("pax8"), **changes}
    return Pax8Settings(credentials["client_id"], credentials["client_secret"], base_url=hub.base_url("pax8"))


def appxite_settings(hub: SandboxHub, *, include_unverified: bool = True, **changes: str) -> AppXiteSettings:
    credentials = {**hub.credentials("appxite"), **changes}
    return AppXiteSettings(
        credentials["requester_id"],
        credentials["sas_key"],
        base_url=hub.base_url("appxite"),
        include_unverified=include_unverified,
    )


@pytest.fixture
async def pax8_source(hub: SandboxHub) -> AsyncIterator[Pax8Source]:
    source = Pax8Source.open(pax8_settings(hub), clock=hub.clock, transport=hub.transport("pax8"))
    yield source
    await source.aclose()


@pytest.fixture
async def appxite_source(hub: SandboxHub) -> AsyncIterator[AppXiteSource]:
    source = AppXiteSource.open(appxite_settings(hub), clock=hub.clock, transport=hub.transport("appxite"))
    yield source
    await source.aclose()
