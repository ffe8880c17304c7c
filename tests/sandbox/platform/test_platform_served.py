"""`tui-ledger sandbox serve` puts both platform sandboxes on one port, each under its own mount, real paths below."""

from __future__ import annotations

import httpx

from tui_ledger.sandbox.appxite.seeding import DEMO_CREDENTIALS as APPXITE_CREDENTIALS
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.pax8.seeding import DEMO_CREDENTIALS as PAX8_CREDENTIALS


async def test_both_platforms_answer_under_their_mounts(hub: SandboxHub) -> None:
    transport = httpx.ASGITransport(app=hub.served_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8765") as client:
        token = await client.post(
            "/pax8/v1/token",
            json={
                "client_id": PAX8_CREDENTIALS.client_id,
                "client_secret": PAX8_CREDENTIALS.client_secret,
                "audience": "https://api.pax8.com",
                "grant_type": "client_credentials",
            },
        )
        rows = await client.get(
            f"/appxite/api/v2/reporting/requesters/{APPXITE_CREDENTIALS.requester_id}/invoices/rows",
            params={
                "sasKey": APPXITE_CREDENTIALS.sas_key,
                "invoiceDateFrom": "2026-04-01",
                "invoiceDateTill": "2026-04-30",
            },
        )
    assert token.status_code == 200
    assert rows.status_code == 200
    assert rows.json()
    assert hub.served_base_url("pax8", 8765) == "http://127.0.0.1:8765/pax8/v1"
    assert hub.served_base_url("appxite", 8765) == "http://127.0.0.1:8765/appxite"
