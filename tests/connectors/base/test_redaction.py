"""Secrets never reach logs, error messages or reprs."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests.connectors.fakes import Script, make_client
from tui_ledger.connectors.errors import AuthenticationFailed, Unreachable
from tui_ledger.connectors.http import ServiceSpec
from tui_ledger.connectors.redaction import Redactor, redact_headers, redact_url

PRIVATE_KEY = "pRiVaTe-KeY-9f8e7d"
SAS_KEY = "sas-0123456789abcdef"


def test_secret_query_parameters_are_masked_by_name_and_the_rest_kept() -> None:
    url = f"https://api.appxite.test/reporting/v2/req-1/invoices?from=2026-01-01&sasKey={SAS_KEY}&client_secret=abc"

    redacted = redact_url(url)

    assert SAS_KEY not in redacted
    assert "abc" not in redacted
    assert "from=2026-01-01" in redacted
    assert "sasKey=***" in redacted
    assert "client_secret=***" in redacted


def test_userinfo_in_a_url_is_masked() -> None:
    assert redact_url("https://user:pw@host.test/path") == "https://***@host.test/path"


def test_credential_headers_are_masked() -> None:
    headers = {"Authorization": "Basic Zm9vOmJhcg==", "clientId": "guid-1", "Accept": "application/json"}

    assert redact_headers(headers) == {"Authorization": "***", "clientId": "guid-1", "Accept": "application/json"}


def test_redactor_scrubs_every_configured_value_longest_first() -> None:
    redactor = Redactor(["token-abc", "token-abcdef", None, "ab"])

    assert redactor.scrub("got token-abcdef and token-abc and ab") == "got *** and *** and ab"
    assert "token" not in repr(redactor)


async def test_a_secret_echoed_in_an_error_body_is_scrubbed_from_the_exception() -> None:
    body = {"message": f"invalid key {PRIVATE_KEY} for company acme", "errors": [{"message": f"key={PRIVATE_KEY}"}]}
    client = make_client(Script([httpx.Response(401, json=body)]), secrets=(PRIVATE_KEY,))

    with pytest.raises(AuthenticationFailed) as caught:
        await client.request("GET", "/system/info")

    assert PRIVATE_KEY not in str(caught.value)
    assert "invalid key *** for company acme" in str(caught.value)


async def test_request_logs_carry_neither_authorization_nor_secret_query_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="tui_ledger.connectors")
    script = Script([httpx.Response(503), httpx.Response(200, json=[])])
    client = make_client(script, headers={"Authorization": f"Bearer {PRIVATE_KEY}"}, secrets=(PRIVATE_KEY,))

    await client.request("GET", "/invoices", params={"sasKey": SAS_KEY, "page": 2})

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "GET https://api.demo.test/v1/invoices?sasKey=***&page=2 → 200" in logged
    assert "attempt 2 of 4" in logged
    assert SAS_KEY not in logged
    assert PRIVATE_KEY not in logged
    assert script.requests[0].headers["Authorization"] == f"Bearer {PRIVATE_KEY}"


async def test_unreachable_message_has_no_query_secret() -> None:
    client = make_client(Script([httpx.ConnectError("refused")]))

    with pytest.raises(Unreachable) as caught:
        await client.request("GET", "/invoices", params={"sasKey": SAS_KEY})

    assert SAS_KEY not in str(caught.value)


def test_reprs_show_no_credentials() -> None:
    spec = ServiceSpec(
        "Demo",
        "https://api.demo.test/v1",
        headers={"Authorization": f"Bearer {PRIVATE_KEY}"},
        secrets=(PRIVATE_KEY,),
    )
    client = make_client(Script([httpx.Response(200)]), headers={"Authorization": f"Bearer {PRIVATE_KEY}"})

    assert PRIVATE_KEY not in repr(spec)
    assert PRIVATE_KEY not in repr(client)
