"""The demo app registered in the QuickBooks sandbox: what a client needs to connect (not secret: sandbox only).

A refresh token is seeded for convenience. Like every refresh token here it rotates: the first refresh answers a
new one and this one stops working, so a client keeps the token it was last given, never this constant.
"""

from __future__ import annotations

DEMO_REALM_ID = "9341453172871925"
DEMO_CLIENT_ID = "ABtuiLedgerSandboxQuickBooksDemoApp0000000000000"
DEMO_CLIENT_SECRET = "sandbox-quickbooks-demo-client-secret"
DEMO_REDIRECT_URI = "http://localhost:8765/quickbooks/callback"
DEMO_REDIRECT_URIS = (DEMO_REDIRECT_URI, "https://developer.intuit.com/v2/OAuth2Playground/RedirectUrl")
DEMO_REFRESH_TOKEN = "RT1-sandbox-demo-seeded-refresh-token"
DISCOVERY_PATH = "/.well-known/openid_configuration"

DEMO_CREDENTIALS = {
    "client_id": DEMO_CLIENT_ID,
    "client_secret": DEMO_CLIENT_SECRET,
    "redirect_uri": DEMO_REDIRECT_URI,
    "realm_id": DEMO_REALM_ID,
    "refresh_token": DEMO_REFRESH_TOKEN,
    "discovery_path": DISCOVERY_PATH,
}
