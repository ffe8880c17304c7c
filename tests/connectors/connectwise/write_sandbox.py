"""The write-path connector on a private, seeded ConnectWise sandbox, and transports that lose answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from tests.connectors.connectwise.sandbox import sandbox_settings, seeded_hub
from tests.connectors.fakes import FakeClock
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs


def private_hub(state_dir: Path, company: DemoCompany, knobs: SandboxKnobs | None = None) -> SandboxHub:
    return seeded_hub(state_dir, company, knobs)


def open_billing(
    hub: SandboxHub, transport: httpx.AsyncBaseTransport | None = None, **changes: object
) -> ConnectWiseAgreementBilling:
    """The connector with a virtual clock: retry back-offs pass at once."""
    return ConnectWiseAgreementBilling.open(
        sandbox_settings(hub, **changes), clock=FakeClock(), transport=transport or hub.transport(SERVICE.name)
    )


class LosingAnswers(httpx.AsyncBaseTransport):
    """Passes requests to the sandbox; the ones `lose` picks never get their answer back.

    `applied=True` forwards the request first (the service did the work, the answer was lost on the way
    back); `applied=False` drops it before it arrives. Either way the client sees the same network error.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        lose: Callable[[httpx.Request], bool],
        *,
        applied: bool,
        times: int = 1,
    ) -> None:
        self.inner = inner
        self.lose = lose
        self.applied = applied
        self.remaining = times
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.remaining > 0 and self.lose(request):
            self.remaining -= 1
            if self.applied:
                await self.inner.handle_async_request(request)
            raise httpx.ReadTimeout("simulated: the answer never came", request=request)
        return await self.inner.handle_async_request(request)


def posts_to(path_part: str) -> Callable[[httpx.Request], bool]:
    return lambda request: request.method == "POST" and path_part in request.url.path
