"""The headers every ConnectWise call carries (reference/connectwise_api.md §2).

Basic auth whose user is `{companyId}+{publicKey}` and password the private key; the integration's
`clientId`; and an Accept header that pins the API version, so a server upgrade cannot silently change the
shape of what we parse.
"""

from __future__ import annotations

import base64

from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings


def basic_credentials(settings: ConnectWiseSettings) -> str:
    """`Basic base64("{companyId}+{publicKey}:{privateKey}")`."""
    raw = f"{settings.company_id}+{settings.public_key}:{settings.private_key}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def accept_header(api_version: str) -> str:
    return f"application/vnd.connectwise.com+json; version={api_version}"


def connectwise_headers(settings: ConnectWiseSettings) -> dict[str, str]:
    return {
        "Authorization": basic_credentials(settings),
        "clientId": settings.client_id,
        "Accept": accept_header(settings.api_version),
        "Cache-Control": "no-cache",
    }
