"""The ConnectWise flavour of the shared HTTP client: its headers, limits, and secrets.

ConnectWise documents no rate limit, so pacing is only a cap on calls in flight (a courtesy to a tenant
that other integrations share); its error bodies are `{code, message, errors[]}`, which the generic reader
understands. The private key and the Basic credential built from it are registered as secrets, so neither
can surface in a log or an error even if the service echoes it.
"""

from __future__ import annotations

import httpx

from tui_ledger.connectors.connectwise.headers import basic_credentials, connectwise_headers
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.connectors.http import ServiceClient, ServiceSpec, open_service_client
from tui_ledger.connectors.pacing import PacingPolicy
from tui_ledger.domain.clock import Clock

SERVICE_NAME = "ConnectWise"


def connectwise_service_spec(settings: ConnectWiseSettings) -> ServiceSpec:
    credential = basic_credentials(settings)
    return ServiceSpec(
        service=SERVICE_NAME,
        base_url=settings.base_url,
        headers=connectwise_headers(settings),
        timeout=httpx.Timeout(settings.timeout_seconds, connect=10.0),
        pacing=PacingPolicy(max_in_flight=settings.max_in_flight),
        secrets=(*settings.secrets, credential, credential.removeprefix("Basic ")),
        logger_name="connectwise",
    )


def open_connectwise_client(
    settings: ConnectWiseSettings,
    *,
    clock: Clock | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> ServiceClient:
    """A paced, retrying client on the tenant; pass the sandbox's transport to talk to it in process."""
    return open_service_client(connectwise_service_spec(settings), clock=clock, transport=transport)
