"""Settings and the headers of reference §2: what ConnectWise needs to accept a call, and no key in a repr."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from tui_ledger.connectors.connectwise.client import connectwise_service_spec
from tui_ledger.connectors.connectwise.gl_export import export_request
from tui_ledger.connectors.connectwise.headers import connectwise_headers
from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
from tui_ledger.domain.documents import SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter

PRIVATE = "priv-Key-123"


def settings(**changes: object) -> ConnectWiseSettings:
    values: dict[str, object] = {
        "site": "api-na.myconnectwise.net",
        "company_id": "acme",
        "public_key": "pubKEY",
        "private_key": PRIVATE,
        "client_id": "0f1e2d3c-0000-4000-8000-123456789abc",
    }
    values.update(changes)
    site = values.pop("site")
    return ConnectWiseSettings.for_site(str(site), **values)  # type: ignore[arg-type]


def test_base_url_is_built_from_site_and_codebase() -> None:
    assert settings().base_url == "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"
    assert settings(site="https://cw.example.com/", codebase="v2025_1/").base_url == (
        "https://cw.example.com/v2025_1/apis/3.0"
    )


def test_headers_carry_basic_auth_client_id_and_the_pinned_version() -> None:
    headers = connectwise_headers(settings())

    scheme, encoded = headers["Authorization"].split(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"acme+pubKEY:{PRIVATE}"
    assert headers["clientId"] == "0f1e2d3c-0000-4000-8000-123456789abc"
    assert headers["Accept"] == "application/vnd.connectwise.com+json; version=2025.8"


def test_the_private_key_and_the_basic_credential_are_secrets_kept_out_of_reprs() -> None:
    chosen = settings()
    spec = connectwise_service_spec(chosen)
    encoded = connectwise_headers(chosen)["Authorization"].removeprefix("Basic ")

    assert PRIVATE not in repr(chosen)
    assert PRIVATE not in repr(spec)
    assert PRIVATE in spec.secrets
    assert encoded in spec.secrets


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"company_id": " "}, "company_id must not be empty"),
        ({"private_key": ""}, "private_key must not be empty"),
    ],
)
def test_incomplete_settings_are_refused_by_name(change: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        settings(**change)


def test_page_size_is_capped_at_connectwises_maximum() -> None:
    with pytest.raises(ValueError, match=r"page_size must be 1\.\.1000"):
        ConnectWiseSettings("https://x.test/apis/3.0", "a", "b", "c", "d", page_size=1001)


def test_the_preview_request_selects_exactly_the_given_records() -> None:
    chosen = UnpostedFilter(thru_date=date(2026, 1, 31), location_id=3, summary_level=SummaryLevel.CONDENSED)

    body = export_request(chosen, invoice_ids=[12001, 12002])

    assert body == {
        "thruDate": "2026-01-31T23:59:59Z",
        "summarizeInvoices": "Condensed",
        "exportInvoicesFlag": True,
        "exportExpensesFlag": False,
        "exportProductsFlag": False,
        "exportPaymentsFlag": False,
        "locationId": 3,
        "includedInvoiceIds": [12001, 12002],
    }
