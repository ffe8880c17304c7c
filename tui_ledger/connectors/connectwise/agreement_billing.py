"""The ConnectWise side of "invoice lines → Agreement Additions", on one paced client.

    billing = ConnectWiseAgreementBilling.open(settings, clock=..., transport=...)
    kind = await billing.agreements.default_agreement_type(configured_name)
    addition = await billing.additions.create(agreement_id, content)
    await billing.aclose()

Companies, agreement types and agreements, catalog items and additions share the client, so its in-flight
cap bounds everything one sync sends to the tenant. Built on a client of its own (`open`), that cap is
`ConnectWiseSettings.sync_max_in_flight` and an adaptive gate in the transport halves it when ConnectWise answers
429 or 503 and grows it back slowly (call_gate.py). Built on a client it shares (the desk's reader), the shared
client's cap and pacing apply and there is no gate.
"""

from __future__ import annotations

from dataclasses import replace

import httpx

from tui_ledger.connectors.connectwise.additions import ConnectWiseAdditions
from tui_ledger.connectors.connectwise.agreements import ConnectWiseAgreements
from tui_ledger.connectors.connectwise.call_gate import AdaptiveCallGate, GatedTransport
from tui_ledger.connectors.connectwise.catalog import ConnectWiseCatalog
from tui_ledger.connectors.connectwise.client import open_connectwise_client
from tui_ledger.connectors.connectwise.companies import ConnectWiseCompanies
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.domain.clock import Clock


class ConnectWiseAgreementBilling:
    """Companies, agreement types, agreements, catalog items and additions of one tenant."""

    def __init__(
        self, client: ServiceClient, settings: ConnectWiseSettings, *, gate: AdaptiveCallGate | None = None
    ) -> None:
        self.client = client
        self.settings = settings
        self.gate = gate
        """The adaptive limit on calls in flight, when this billing has a client of its own."""
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
        """A client of its own: up to `sync_max_in_flight` calls at once, fewer while ConnectWise pushes back."""
        ceiling = settings.sync_max_in_flight
        gate = AdaptiveCallGate(ceiling)
        wire = transport or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(max_connections=ceiling, max_keepalive_connections=ceiling)
        )
        paced = replace(settings, max_in_flight=ceiling)
        client = open_connectwise_client(paced, clock=clock, transport=GatedTransport(wire, gate))
        return cls(client, settings, gate=gate)

    @property
    def max_in_flight(self) -> int:
        """How many calls the client lets run at once: a sync needs no more lines in flight than this."""
        return self.client.pacer.policy.max_in_flight

    async def aclose(self) -> None:
        await self.client.aclose()
