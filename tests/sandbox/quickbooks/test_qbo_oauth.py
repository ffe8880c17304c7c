"""Intuit OAuth 2.0 in the sandbox: the flow a person follows over SSH, rotation, revocation and expiry."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from qbo_helpers import VirtualClock, fault_code, refresh

from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.quickbooks.credentials import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_REALM_ID,
    DEMO_REDIRECT_URI,
    DEMO_REFRESH_TOKEN,
)

TOKEN = "/oauth2/v1/tokens/bearer"
SERVED = "http://127.0.0.1:8765"
COMPANY_INFO = f"/v3/company/{DEMO_REALM_ID}/companyinfo/{DEMO_REALM_ID}"


def _authorize_params(**overrides: str) -> dict[str, str]:
    params = {
        "client_id": DEMO_CLIENT_ID,
        "response_type": "code",
        "scope": "com.intuit.quickbooks.accounting",
        "redirect_uri": DEMO_REDIRECT_URI,
        "state": "s-123",
    }
    params.update(overrides)
    return params


async def _code(root: httpx.AsyncClient) -> str:
    response = await root.get("/connect/oauth2", params=_authorize_params())
    return parse_qs(urlsplit(response.headers["location"]).query)["code"][0]


async def _exchange(root: httpx.AsyncClient, code: str, redirect_uri: str = DEMO_REDIRECT_URI) -> httpx.Response:
    return await root.post(
        TOKEN,
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri},
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
    )


def _bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def test_discovery_names_every_endpoint_at_this_server(root: httpx.AsyncClient) -> None:
    document = (await root.get("/.well-known/openid_configuration")).json()

    assert document["token_endpoint"] == "http://quickbooks.sandbox.invalid/oauth2/v1/tokens/bearer"
    assert document["authorization_endpoint"] == "http://quickbooks.sandbox.invalid/connect/oauth2"
    for key in ("revocation_endpoint", "userinfo_endpoint", "jwks_uri", "issuer"):
        assert document[key]


async def test_authorize_redirects_with_code_state_and_realm(root: httpx.AsyncClient) -> None:
    response = await root.get("/connect/oauth2", params=_authorize_params())

    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == DEMO_REDIRECT_URI
    query = parse_qs(location.query)
    assert query["state"] == ["s-123"]
    assert query["realmId"] == [DEMO_REALM_ID]
    assert query["code"][0]


async def test_the_code_buys_tokens_once(root: httpx.AsyncClient) -> None:
    code = await _code(root)

    first = await _exchange(root, code)
    again = await _exchange(root, code)

    assert first.status_code == 200
    tokens = first.json()
    assert tokens["token_type"] == "bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["x_refresh_token_expires_in"] > 0
    assert (await root.get(COMPANY_INFO, headers=_bearer(tokens))).status_code == 200
    assert again.status_code == 400
    assert again.json() == {"error": "invalid_grant"}


async def test_the_code_needs_the_same_redirect_uri(root: httpx.AsyncClient) -> None:
    response = await _exchange(root, await _code(root), redirect_uri="http://localhost/elsewhere")

    assert response.json() == {"error": "invalid_grant"}


async def test_unregistered_redirect_uri_is_refused_on_the_page(root: httpx.AsyncClient) -> None:
    response = await root.get("/connect/oauth2", params=_authorize_params(redirect_uri="http://evil.example/cb"))

    assert response.status_code == 400
    assert "redirect_uri" in response.text


async def test_unknown_scope_comes_back_as_an_error_on_the_redirect(root: httpx.AsyncClient) -> None:
    response = await root.get("/connect/oauth2", params=_authorize_params(scope="accounting.everything"))

    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["error"] == ["invalid_scope"]
    assert query["state"] == ["s-123"]


async def test_refresh_tokens_rotate_and_the_old_one_dies(root: httpx.AsyncClient) -> None:
    first = (await refresh(root, DEMO_REFRESH_TOKEN)).json()

    reused = await refresh(root, DEMO_REFRESH_TOKEN)
    second = await refresh(root, first["refresh_token"])

    assert first["refresh_token"] != DEMO_REFRESH_TOKEN
    assert reused.status_code == 400
    assert reused.json() == {"error": "invalid_grant"}
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]


async def test_wrong_client_secret_is_invalid_client(root: httpx.AsyncClient) -> None:
    response = await root.post(
        TOKEN,
        data={"grant_type": "refresh_token", "refresh_token": DEMO_REFRESH_TOKEN},
        auth=(DEMO_CLIENT_ID, "not-the-secret"),
    )

    assert response.status_code == 401
    assert response.json() == {"error": "invalid_client"}


async def test_client_credentials_in_the_form_work_too(root: httpx.AsyncClient) -> None:
    response = await root.post(
        TOKEN,
        data={
            "grant_type": "refresh_token",
            "refresh_token": DEMO_REFRESH_TOKEN,
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
        },
    )

    assert response.status_code == 200


async def test_revoking_ends_the_grant(root: httpx.AsyncClient, tokens: dict[str, Any]) -> None:
    response = await root.post(
        "/oauth2/v1/tokens/revoke", json={"token": tokens["refresh_token"]}, auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET)
    )

    assert response.status_code == 200
    assert (await refresh(root, tokens["refresh_token"])).json() == {"error": "invalid_grant"}
    api_call = await root.get(COMPANY_INFO, headers=_bearer(tokens))
    assert api_call.status_code == 401
    assert fault_code(api_call) == "3200"


async def test_access_tokens_expire_after_an_hour_of_sandbox_time(
    root: httpx.AsyncClient, tokens: dict[str, Any], clock: VirtualClock
) -> None:
    assert (await root.get(COMPANY_INFO, headers=_bearer(tokens))).status_code == 200

    clock.advance(3601)

    expired = await root.get(COMPANY_INFO, headers=_bearer(tokens))
    assert expired.status_code == 401
    assert expired.json()["Fault"]["type"] == "AuthenticationFault"
    assert (await refresh(root, tokens["refresh_token"])).status_code == 200


async def test_no_token_and_a_wrong_token_are_401_authentication_faults(root: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Bearer made-up"}, {"Authorization": "Basic abc"}):
        response = await root.get(COMPANY_INFO, headers=headers)
        assert response.status_code == 401
        assert response.json()["Fault"]["Error"][0]["Message"].startswith("message=AuthenticationFailed")


async def test_a_token_for_another_company_is_403(root: httpx.AsyncClient, tokens: dict[str, Any]) -> None:
    response = await root.get("/v3/company/123/companyinfo/123", headers=_bearer(tokens))

    assert response.status_code == 403
    assert fault_code(response) == "3100"


async def test_userinfo_answers_for_a_valid_token(root: httpx.AsyncClient, tokens: dict[str, Any]) -> None:
    response = await root.get("/v1/openid_connect/userinfo", headers=_bearer(tokens))

    assert response.status_code == 200
    assert response.json()["email"]


async def test_discovery_under_sandbox_serve_names_the_mounted_endpoints(hub: SandboxHub) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=hub.served_app()), base_url=SERVED) as client:
        document = (await client.get("/quickbooks/.well-known/openid_configuration")).json()
        token = await client.post(
            document["token_endpoint"].removeprefix(SERVED),
            data={"grant_type": "refresh_token", "refresh_token": DEMO_REFRESH_TOKEN},
            auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
        )

    assert document["token_endpoint"] == f"{SERVED}/quickbooks/oauth2/v1/tokens/bearer"
    assert document["authorization_endpoint"] == f"{SERVED}/quickbooks/connect/oauth2"
    assert token.status_code == 200
