"""Fixtures for the Xero connector tests: the sandbox in process, every call recorded, rate limits on.

The contract helpers (`xero_contract`) and the hand-driven clock live with the sandbox tests; their folder is put
on the import path here so both suites validate against the same spec code.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "sandbox" / "xero"))

from xero_connector_support import RecordingTransport, sign_in
from xero_support import ANCHOR, ManualClock

from tui_ledger.connectors.xero import GrantKind, MemoryTokenSink, XeroConnection, XeroConnector, open_xero
from tui_ledger.connectors.xero.endpoints import XeroEndpoints
from tui_ledger.domain.clock import Clock, ScaledClock
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.xero import SERVICE
from tui_ledger.sandbox.xero.app import XeroSandbox, xero_sandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.seed import SeedGaps, plan_gaps

ROOT = "http://xero.sandbox.invalid"
SPEEDUP = 600.0
"""Sandbox time runs 600 times faster: a minute of Xero's rate window lasts a tenth of a real second."""


@pytest.fixture(scope="session")
def demo() -> DemoCompany:
    return DemoCompany.generate(seed=5, anchor=ANCHOR)


@pytest.fixture(scope="session")
def gaps(demo: DemoCompany) -> SeedGaps:
    return plan_gaps(demo)


@pytest.fixture
def clock() -> Clock:
    return ScaledClock(SPEEDUP)


@pytest.fixture
def knobs() -> SandboxKnobs:
    return SandboxKnobs()


@pytest.fixture
def hub(tmp_path: Path, demo: DemoCompany, clock: Clock, knobs: SandboxKnobs) -> SandboxHub:
    hub = SandboxHub(tmp_path / "sandbox", knobs, services=[SERVICE], clock=clock)
    hub.seed(demo)
    return hub


@pytest.fixture
def sandbox(hub: SandboxHub) -> XeroSandbox:
    return xero_sandbox(hub.app("xero"))


@pytest.fixture
def recorder(hub: SandboxHub) -> RecordingTransport:
    return RecordingTransport(hub.transport("xero"))


@pytest.fixture
def endpoints() -> XeroEndpoints:
    return XeroEndpoints.under(ROOT)


@pytest.fixture
def custom_connection(hub: SandboxHub, endpoints: XeroEndpoints) -> XeroConnection:
    credentials = hub.credentials("xero")
    return XeroConnection(
        client_id=credentials["custom_client_id"],
        client_secret=credentials["custom_client_secret"],
        grant=GrantKind.CUSTOM_CONNECTION,
        endpoints=endpoints,
        profile="demo",
    )


@pytest.fixture
def web_connection(hub: SandboxHub, endpoints: XeroEndpoints) -> XeroConnection:
    credentials = hub.credentials("xero")
    return XeroConnection(
        client_id=credentials["client_id"],
        client_secret=credentials["client_secret"],
        endpoints=endpoints,
        tenant_id=MAIN_TENANT_ID,
        profile="demo",
    )


@pytest.fixture
async def xero(
    custom_connection: XeroConnection, recorder: RecordingTransport, clock: Clock
) -> AsyncIterator[XeroConnector]:
    """The connector on a Custom Connection, every call recorded for the contract checks."""
    connector = open_xero(custom_connection, MemoryTokenSink(), transport=recorder, clock=clock)
    yield connector
    await connector.aclose()


@pytest.fixture
async def signed_in(
    web_connection: XeroConnection, hub: SandboxHub, clock: Clock
) -> AsyncIterator[tuple[XeroConnector, MemoryTokenSink]]:
    """The connector of a user who signed in with the authorization code (tokens in memory)."""
    sink = MemoryTokenSink()
    await sign_in(web_connection, sink, hub.transport("xero"), hub.credentials("xero")["redirect_uri"], clock)
    connector = open_xero(web_connection, sink, transport=hub.transport("xero"), clock=clock)
    yield connector, sink
    await connector.aclose()


@pytest.fixture
def manual_clock() -> ManualClock:
    return ManualClock()
