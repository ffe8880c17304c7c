from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.connectors.connectwise.sandbox import demo_company, open_reader, seeded_hub
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub


@pytest.fixture(scope="session")
def company() -> DemoCompany:
    return demo_company()


@pytest.fixture(scope="session")
def shared_state(tmp_path_factory: pytest.TempPathFactory, company: DemoCompany) -> Path:
    """One seeded state directory for the tests that only read."""
    state_dir = tmp_path_factory.mktemp("connectwise-read-only")
    seeded_hub(state_dir, company)
    return state_dir


@pytest.fixture
def hub(shared_state: Path, company: DemoCompany) -> SandboxHub:
    return seeded_hub(shared_state, company)


@pytest.fixture
def writable_hub(tmp_path: Path, company: DemoCompany) -> SandboxHub:
    """A private sandbox for tests that create or delete batches."""
    return seeded_hub(tmp_path, company)


@pytest.fixture
async def reader(hub: SandboxHub) -> AsyncIterator[ConnectWiseReader]:
    opened = open_reader(hub)
    yield opened
    await opened.aclose()
