"""Fixtures for the QuickBooks connector tests (the world itself lives in support.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.connectors.quickbooks.support import ANCHOR, World, make_world
from tui_ledger.connectors.quickbooks import QuickBooksConnector
from tui_ledger.sandbox.demo import DemoCompany


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


@pytest.fixture
def world(tmp_path: Path, demo: DemoCompany) -> World:
    return make_world(tmp_path / "sandbox", demo)


@pytest.fixture
async def qbo(world: World) -> AsyncIterator[QuickBooksConnector]:
    async with world.connector() as connector:
        yield connector
