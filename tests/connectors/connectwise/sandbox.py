"""A seeded in-process ConnectWise sandbox and a connector pointed at it, for the connector tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

import httpx

from tui_ledger.connectors.connectwise import ConnectWiseReader, ConnectWiseSettings
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs

ANCHOR = date(2026, 1, 31)
EVERYTHING = UnpostedFilter(thru_date=ANCHOR)

T = TypeVar("T")


async def collect(pages: AsyncIterator[list[T]]) -> list[T]:
    """Every item of every page, in order."""
    return [item async for page in pages for item in page]


def demo_company() -> DemoCompany:
    return DemoCompany.generate(seed=2026, scale=1, anchor=ANCHOR)


def seeded_hub(state_dir: Path, company: DemoCompany, knobs: SandboxKnobs | None = None) -> SandboxHub:
    hub = SandboxHub(state_dir, knobs, services=[SERVICE])
    if not (state_dir / "connectwise.sqlite").exists():
        hub.seed(company)
    return hub


def sandbox_settings(hub: SandboxHub, **changes: object) -> ConnectWiseSettings:
    credentials = hub.credentials(SERVICE.name)
    settings = ConnectWiseSettings(
        base_url=hub.base_url(SERVICE.name),
        company_id=credentials["company_id"],
        public_key=credentials["public_key"],
        private_key=credentials["private_key"],
        client_id=credentials["client_id"],
    )
    return replace(settings, **changes)  # type: ignore[arg-type]


def open_reader(
    hub: SandboxHub,
    *,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    **changes: object,
) -> ConnectWiseReader:
    return ConnectWiseReader.open(
        sandbox_settings(hub, **changes),
        clock=clock or hub.clock,
        transport=transport or hub.transport(SERVICE.name),
    )
