"""`sandbox serve` for real: uvicorn on an ephemeral loopback port, an ordinary httpx client over TCP."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS
from tests.support.served_sandbox import serving
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.commands import quiet_simulated_disconnects
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs


def serve(hub: SandboxHub) -> Iterator[str]:
    """The served sandbox's ConnectWise base URL, on a loopback port chosen by the system."""
    with serving(hub) as port:
        yield hub.served_base_url("connectwise", port)


@pytest.fixture
def world(tmp_path: Path) -> Path:
    hub = SandboxHub(tmp_path, services=[connectwise.SERVICE])
    hub.seed(DemoCompany.generate(anchor=date(2026, 10, 31)))
    return tmp_path


@pytest.fixture
def calm_url(world: Path) -> Iterator[str]:
    yield from serve(SandboxHub(world, services=[connectwise.SERVICE]))


@pytest.fixture
def resetting_url(world: Path) -> Iterator[str]:
    knobs = SandboxKnobs(fault_rate=1.0, fault_kinds=("reset",))
    logger = logging.getLogger("uvicorn.error")
    logger.addFilter(quiet_simulated_disconnects)
    try:
        yield from serve(SandboxHub(world, knobs, services=[connectwise.SERVICE]))
    finally:
        logger.removeFilter(quiet_simulated_disconnects)


def test_the_served_sandbox_answers_over_tcp_with_real_links(calm_url: str) -> None:
    with httpx.Client(base_url=calm_url, headers=AUTH_HEADERS) as client:
        response = client.get("/finance/accounting/unpostedinvoices", params={"pageSize": 5})
    assert response.status_code == 200
    assert len(response.json()) == 5
    assert response.headers["link"].startswith(f"<{calm_url}/finance/accounting/unpostedinvoices?")


def test_an_injected_reset_drops_the_connection(resetting_url: str) -> None:
    with httpx.Client(base_url=resetting_url, headers=AUTH_HEADERS) as client, pytest.raises(httpx.RemoteProtocolError):
        client.get("/system/info")
