"""A sandbox world for export tests: ConnectWise plus one accounting package, seeded, with connectors on them.

Tests drive the real connectors against the in-process sandbox (faults and clock from the knobs), so what the run
journals is checked against what the services really hold afterwards.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader, ConnectWiseSettings
from tui_ledger.connectors.quickbooks import (
    AppRegistration,
    IntuitEndpoints,
    IntuitOAuthClient,
    MemoryTokenSink,
    QuickBooksSettings,
    open_quickbooks,
)
from tui_ledger.connectors.quickbooks.connector import sign_in_hint
from tui_ledger.connectors.quickbooks.session import sign_in_unattended
from tui_ledger.connectors.xero import GrantKind, XeroConnection, XeroEndpoints, open_xero
from tui_ledger.connectors.xero import MemoryTokenSink as XeroTokenSink
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.plans import PlainExportOptions, PlanContext
from tui_ledger.sandbox.connectwise import SERVICE as CONNECTWISE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.quickbooks import SERVICE as QUICKBOOKS
from tui_ledger.sandbox.tax_code_maps import load_tax_code_map
from tui_ledger.sandbox.xero import SERVICE as XERO

ANCHOR = date(2026, 1, 31)
EVERYTHING = UnpostedFilter(thru_date=ANCHOR)
PROFILE = "acme"
TARGETS = {"xero": "Demo Xero", "quickbooks": "Demo QuickBooks"}


@dataclass
class ExportWorld:
    """One seeded hub (ConnectWise + one package) and how to reach it."""

    hub: SandboxHub
    package: str
    company: DemoCompany

    @property
    def target(self) -> str:
        return TARGETS[self.package]

    def connectwise(self) -> ConnectWiseReader:
        credentials = self.hub.credentials("connectwise")
        settings = ConnectWiseSettings(
            base_url=self.hub.base_url("connectwise"),
            company_id=credentials["company_id"],
            public_key=credentials["public_key"],
            private_key=credentials["private_key"],
            client_id=credentials["client_id"],
        )
        return ConnectWiseReader.open(settings, clock=self.hub.clock, transport=self.hub.transport("connectwise"))

    async def accounting(self) -> AccountingConnector:
        if self.package == "xero":
            credentials = self.hub.credentials("xero")
            connection = XeroConnection(
                client_id=credentials["custom_client_id"],
                client_secret=credentials["custom_client_secret"],
                grant=GrantKind.CUSTOM_CONNECTION,
                endpoints=XeroEndpoints.under("http://xero.sandbox.invalid"),
                profile=PROFILE,
            )
            return open_xero(connection, XeroTokenSink(), transport=self.hub.transport("xero"), clock=self.hub.clock)
        credentials = self.hub.credentials("quickbooks")
        app = AppRegistration(credentials["client_id"], credentials["client_secret"], credentials["redirect_uri"])
        endpoints = IntuitEndpoints.at("http://quickbooks.sandbox.invalid")
        transport = self.hub.transport("quickbooks")
        oauth = IntuitOAuthClient(
            app, endpoints, clock=self.hub.clock, sign_in_hint=sign_in_hint(PROFILE), transport=transport
        )
        sink = MemoryTokenSink()
        await sign_in_unattended(oauth, sink)
        settings = QuickBooksSettings(
            app=app, api_base_url=self.hub.base_url("quickbooks"), endpoints=endpoints, profile=PROFILE
        )
        return open_quickbooks(settings, sink, clock=self.hub.clock, transport=transport)

    @asynccontextmanager
    async def connected(self) -> AsyncIterator[tuple[ConnectWiseReader, AccountingConnector]]:
        psa = self.connectwise()
        connector = await self.accounting()
        try:
            yield psa, connector
        finally:
            await connector.aclose()
            await psa.aclose()

    @property
    def tax_codes(self) -> dict[str, str]:
        """The ConnectWise → package tax code map the package's sandbox was seeded with (what wiring hands a target)."""
        return load_tax_code_map(self.hub.state_dir, self.package)

    def plans(self, connector: AccountingConnector, **options: object) -> PlanContext:
        return PlanContext(
            PROFILE,
            self.target,
            connector.capabilities,
            PlainExportOptions(**options),  # type: ignore[arg-type]
            tax_codes=self.tax_codes,
        )


def make_world(
    state_dir: Path,
    package: str,
    *,
    knobs: SandboxKnobs | None = None,
    company: DemoCompany | None = None,
    seed: bool = True,
) -> ExportWorld:
    """A hub with ConnectWise and `package` ("xero" or "quickbooks"); seeded unless `seed` is False."""
    services = [CONNECTWISE, XERO if package == "xero" else QUICKBOOKS]
    knobs = knobs or SandboxKnobs(clock_speedup=600.0)
    hub = SandboxHub(state_dir, knobs, services=services)
    company = company or DemoCompany.generate(anchor=ANCHOR)
    if seed:
        hub.seed(company)
    return ExportWorld(hub, package, company)
