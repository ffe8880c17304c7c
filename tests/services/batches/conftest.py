from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from batch_world import World, company_for_tests, open_world, seed_template

from tui_ledger.sandbox.demo import DemoCompany


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    return company_for_tests()


@pytest.fixture(scope="session")
def clean_state(tmp_path_factory: pytest.TempPathFactory, demo: DemoCompany) -> Path:
    return seed_template(tmp_path_factory.mktemp("batch-world") / "sandbox", demo)


@pytest.fixture(scope="session")
def planted_state(tmp_path_factory: pytest.TempPathFactory, demo: DemoCompany) -> Path:
    return seed_template(tmp_path_factory.mktemp("batch-world-planted") / "sandbox", demo, discrepancies=True)


@pytest.fixture
async def world(tmp_path: Path, clean_state: Path, demo: DemoCompany) -> AsyncIterator[World]:
    async with open_world(tmp_path, clean_state, company=demo) as opened:
        yield opened


@pytest.fixture
async def planted(tmp_path: Path, planted_state: Path, demo: DemoCompany) -> AsyncIterator[World]:
    """The world with reconcile discrepancies planted (sandbox/discrepancies.py)."""
    async with open_world(tmp_path, planted_state, company=demo) as opened:
        yield opened
