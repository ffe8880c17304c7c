from __future__ import annotations

import pytest

from tui_ledger.store.redaction import is_secret_name, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /rows?sasKey=abc123&month=5", "GET /rows?sasKey=***&month=5"),
        ('{"refresh_token": "r-1", "expires_in": 1800}', '{"refresh_token": "***", "expires_in": 1800}'),
        ("Authorization: Basic YWNtZStwdWI6cHJpdg==", "Authorization: Basic ***"),
        ("header Bearer eyJhbGciOiJIUzI1NiJ9.e30.x", "header Bearer ***"),
        ("client_secret: hunter22, retry", "client_secret: ***, retry"),
        ("PASSWORD='pa55'", "PASSWORD='***'"),
        ("invoice 508 exported to Xero", "invoice 508 exported to Xero"),
        ("token expired", "token expired"),
    ],
)
def test_credentials_are_masked_and_ordinary_text_is_kept(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        ("client_secret", True),
        ("Refresh-Token", True),
        ("Authorization", True),
        ("xero_password", True),
        ("idempotency_key", False),
        ("invoice_number", False),
    ],
)
def test_secret_looking_keys(name: str, secret: bool) -> None:
    assert is_secret_name(name) is secret
