"""Shared helpers of the ConnectWise sandbox tests: the demo credentials as headers, Decimal bodies."""

from __future__ import annotations

import base64
import json
from datetime import date
from decimal import Decimal
from typing import Any

import httpx

from tui_ledger.sandbox import connectwise

ANCHOR = date(2026, 10, 31)
CREDENTIALS = connectwise.SERVICE.credentials


def basic(company_id: str, public_key: str, private_key: str) -> str:
    token = base64.b64encode(f"{company_id}+{public_key}:{private_key}".encode()).decode()
    return f"Basic {token}"


AUTH_HEADERS = {
    "Authorization": basic(CREDENTIALS["company_id"], CREDENTIALS["public_key"], CREDENTIALS["private_key"]),
    "clientId": CREDENTIALS["client_id"],
    "Accept": "application/vnd.connectwise.com+json; version=2025.8",
}


def body(response: httpx.Response) -> Any:
    """The response body with amounts as Decimal, as a careful client reads it."""
    return json.loads(response.text, parse_float=Decimal)
