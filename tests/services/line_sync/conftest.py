from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.services.line_sync.world import ANCHOR, SyncWorld, open_world
from tui_ledger.sandbox.demo import DemoCompany


@pytest.fixture(scope="session")
def company() -> DemoCompany:
    return DemoCompany.generate(anchor=ANCHOR)


@pytest.fixture
async def world(tmp_path: Path, company: DemoCompany) -> AsyncIterator[SyncWorld]:
    opened = open_world(tmp_path, company)
    yield opened
    await opened.billing.aclose()
    opened.database.close()
