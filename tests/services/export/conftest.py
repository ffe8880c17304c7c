"""Fixtures for the export tests: a seeded sandbox per test, the profile database, a runner that records events."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.services.export.export_world import ANCHOR, EVERYTHING, PROFILE, ExportWorld, make_world
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.export import ExportEvent, ExportPreparation, ExportRunner, prepare_export
from tui_ledger.store import Database, open_profile_database


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


@pytest.fixture
def world(tmp_path: Path, demo: DemoCompany) -> ExportWorld:
    return make_world(tmp_path / "sandbox", "xero", company=demo)


@pytest.fixture
async def connected(world: ExportWorld) -> AsyncIterator[tuple[ConnectWiseReader, AccountingConnector]]:
    async with world.connected() as pair:
        yield pair


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_profile_database(tmp_path / "data", PROFILE)
    yield opened
    opened.close()


@pytest.fixture
def events() -> list[ExportEvent]:
    return []


@pytest.fixture
def runner(database: Database, tmp_path: Path, world: ExportWorld, events: list[ExportEvent]) -> ExportRunner:
    return ExportRunner(database, PROFILE, tmp_path / "data", clock=world.hub.clock, events=events.append)


@pytest.fixture
async def preparation(
    world: ExportWorld, connected: tuple[ConnectWiseReader, AccountingConnector]
) -> ExportPreparation:
    psa, connector = connected
    return await prepare_export(psa, connector, EVERYTHING, world.plans(connector))
