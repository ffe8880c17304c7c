"""The ConnectWise side of "invoice lines → Agreement Additions", on one paced client.

    billing = ConnectWiseAgreementBilling.open(settings, clock=..., transport=...)
    kind = await billing.agreements.default_agreement_type(configured_name)
    addition = await billing.additions.create(agreement_id, content)
    await billing.aclose()

Companies, agreement types and agreements, catalog items and additions share the client, so its in-flight
cap (`ConnectWiseSettings.max_in_flight`) bounds everything one sync sends to the tenant.
"""

from __future__ import annotations

import httpx

from tui_ledger.connectors.connectwise.additions import ConnectWiseAdditions
from tui_ledger.connectors.connectwise.agreements import ConnectWiseAgreements
from tui_ledger.connectors.connectwise.catalog import ConnectWiseCatalog
from tui_ledger.connectors.connectwise.client import open_connectwise_client
from tui_ledger.connectors.connectwise.companies import ConnectWiseCompanies
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.domain.clock import Clock


class ConnectWiseAgreementBilling:
    """Companies, agreement types, agreements, catalog items and additions of one tenant."""

    def __init__(self, client: ServiceClient, settings: ConnectWiseSettings) -> None:
        self.client = client
        self.settings = settings
        self.companies = ConnectWiseCompanies(client, settings.page_size)
        self.agreements = ConnectWiseAgreements(client, settings.page_size)
        self.catalog = ConnectWiseCatalog(client, settings.page_size)
        self.additions = ConnectWiseAdditions(client, settings.page_size)

    def __repr__(self) -> str:
        return f"ConnectWiseAgreementBilling({self.client!r})"

    @classmethod
    def open(
        cls,
        settings: ConnectWiseSettings,
        *,
        clock: Clock | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> ConnectWiseAgreementBilling:
        return cls(open_connectwise_client(settings, clock=clock, transport=transport), settings)

    @property
    def max_in_flight(self) -> int:
        """How many calls the client lets run at once: a sync needs no more lines in flight than this."""
        return self.settings.max_in_flight

    async def aclose(self) -> None:
        await self.client.aclose()
