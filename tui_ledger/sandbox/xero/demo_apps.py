"""The apps and organisations the sandbox's identity service knows: fixed, so a profile can name them.

Not secrets: they open nothing but the local sandbox. Two apps, as a developer registers them with Xero:
a web app (authorization code with PKCE, refresh tokens) and a Custom Connection (client credentials, tied to
one organisation). Two organisations, so choosing a tenant from `/connections` is a real choice.
"""

from __future__ import annotations

from types import MappingProxyType

from tui_ledger.sandbox.xero.identity import RegisteredApp

MAIN_TENANT_ID = "5f1a7c2e-3b4d-4e8f-9a6b-1c2d3e4f5a6b"
TRAINING_TENANT_ID = "8b7c6d5e-4f3a-4b2c-9d1e-0f9e8d7c6b5a"

REDIRECT_URI = "http://localhost:8765/xero/callback"

WEB_APP = RegisteredApp(
    client_id="4F1C9A2E7B3D4C5E8A6B0D1E2F3A4B5C",
    client_secret="sandbox-web-app-secret-5c1d9e7f3a2b4c6d8e0f1a3b5c",
    name="tui-ledger (sandbox web app)",
    redirect_uris=(REDIRECT_URI, "http://127.0.0.1:8765/xero/callback"),
    custom_tenant_id=None,
)
CUSTOM_CONNECTION = RegisteredApp(
    client_id="9C8B7A6D5E4F30211203948576A6B5C4",
    client_secret="sandbox-custom-connection-secret-7e2a4c6b8d0f1e3a5c",
    name="tui-ledger (sandbox custom connection)",
    redirect_uris=(),
    custom_tenant_id=MAIN_TENANT_ID,
)
APPS = (WEB_APP, CUSTOM_CONNECTION)

CREDENTIALS = MappingProxyType(
    {
        "client_id": WEB_APP.client_id,
        "client_secret": WEB_APP.client_secret or "",
        "redirect_uri": REDIRECT_URI,
        "custom_client_id": CUSTOM_CONNECTION.client_id,
        "custom_client_secret": CUSTOM_CONNECTION.client_secret or "",
        "tenant_id": MAIN_TENANT_ID,
    }
)
