"""Xero Identity in the sandbox: what an OAuth client, the official SDK included, relies on."""

from __future__ import annotations

import httpx
from xero_support import API, FULL_SCOPES, ManualClock, Tokens, authorization_code, headers, log_in, pkce_pair

from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID, TRAINING_TENANT_ID


async def test_authorization_code_with_pkce_gives_tokens_and_both_organisations(
    root: httpx.AsyncClient, tokens: Tokens
) -> None:
    assert tokens.refresh_token
    connections = await root.get("/connections", headers={"Authorization": f"Bearer {tokens.access_token}"})
    assert connections.status_code == 200
    assert {entry["tenantId"] for entry in connections.json()} == {MAIN_TENANT_ID, TRAINING_TENANT_ID}
    assert all(entry["tenantType"] == "ORGANISATION" for entry in connections.json())


async def test_a_wrong_code_verifier_is_refused(root: httpx.AsyncClient, hub: SandboxHub) -> None:
    credentials = hub.credentials("xero")
    _, challenge = pkce_pair()
    code = await authorization_code(root, credentials, challenge)
    answer = await root.post(
        "/connect/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": credentials["redirect_uri"],
            "code_verifier": "not-the-verifier-of-this-challenge-0123456789",
            "client_id": credentials["client_id"],
        },
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


async def test_an_unregistered_redirect_uri_is_refused_without_redirecting(
    root: httpx.AsyncClient, hub: SandboxHub
) -> None:
    answer = await root.get(
        "/identity/connect/authorize",
        params={
            "response_type": "code",
            "client_id": hub.credentials("xero")["client_id"],
            "redirect_uri": "https://attacker.example/callback",
            "scope": FULL_SCOPES,
        },
    )
    assert answer.status_code == 400
    assert "location" not in answer.headers


async def test_refresh_tokens_rotate_and_the_old_one_stops_working(
    root: httpx.AsyncClient, hub: SandboxHub, tokens: Tokens
) -> None:
    credentials = hub.credentials("xero")
    auth = (credentials["client_id"], credentials["client_secret"])
    first = await root.post(
        "/connect/token", data={"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}, auth=auth
    )
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != tokens.refresh_token
    again = await root.post(
        "/connect/token", data={"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}, auth=auth
    )
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    second = await root.post(
        "/connect/token", data={"grant_type": "refresh_token", "refresh_token": rotated}, auth=auth
    )
    assert second.status_code == 200


async def test_revoking_the_refresh_token_ends_api_access(
    root: httpx.AsyncClient, hub: SandboxHub, tokens: Tokens
) -> None:
    credentials = hub.credentials("xero")
    auth = (credentials["client_id"], credentials["client_secret"])
    revoked = await root.post("/connect/revocation", data={"token": tokens.refresh_token}, auth=auth)
    assert revoked.status_code == 200
    call = await root.get(API + "/Organisation", headers=headers(tokens, MAIN_TENANT_ID))
    assert call.status_code == 401
    refresh = await root.post(
        "/connect/token", data={"grant_type": "refresh_token", "refresh_token": tokens.refresh_token}, auth=auth
    )
    assert refresh.json()["error"] == "invalid_grant"


async def test_access_tokens_expire_after_30_minutes_of_sandbox_time(
    root: httpx.AsyncClient, tokens: Tokens, clock: ManualClock
) -> None:
    clock.advance(1799)
    assert (await root.get(API + "/Organisation", headers=headers(tokens, MAIN_TENANT_ID))).status_code == 200
    clock.advance(2)
    expired = await root.get(API + "/Organisation", headers=headers(tokens, MAIN_TENANT_ID))
    assert expired.status_code == 401
    assert expired.json()["Detail"].startswith("TokenExpired")


async def test_client_credentials_is_a_custom_connection_to_one_organisation(
    root: httpx.AsyncClient, hub: SandboxHub
) -> None:
    credentials = hub.credentials("xero")
    answer = await root.post(
        "/connect/token",
        data={"grant_type": "client_credentials"},
        auth=(credentials["custom_client_id"], credentials["custom_client_secret"]),
    )
    assert answer.status_code == 200
    body = answer.json()
    assert "refresh_token" not in body
    connections = await root.get("/connections", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert [entry["tenantId"] for entry in connections.json()] == [MAIN_TENANT_ID]
    organisation = await root.get(
        API + "/Organisation",
        headers={"Authorization": f"Bearer {body['access_token']}", "xero-tenant-id": MAIN_TENANT_ID},
    )
    assert organisation.status_code == 200


async def test_client_credentials_with_a_wrong_secret_is_invalid_client(
    root: httpx.AsyncClient, hub: SandboxHub
) -> None:
    answer = await root.post(
        "/connect/token",
        data={"grant_type": "client_credentials"},
        auth=(hub.credentials("xero")["custom_client_id"], "wrong"),
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_client"


async def test_disconnecting_an_organisation_forbids_calls_to_it(root: httpx.AsyncClient, tokens: Tokens) -> None:
    bearer = {"Authorization": f"Bearer {tokens.access_token}"}
    connections = (await root.get("/connections", headers=bearer)).json()
    training = next(entry for entry in connections if entry["tenantId"] == TRAINING_TENANT_ID)
    assert (await root.delete(f"/connections/{training['id']}", headers=bearer)).status_code == 204
    refused = await root.get(API + "/Organisation", headers=headers(tokens, TRAINING_TENANT_ID))
    assert refused.status_code == 403


async def test_a_second_login_with_a_read_only_scope_cannot_write(root: httpx.AsyncClient, hub: SandboxHub) -> None:
    read_only = await log_in(
        root, hub.credentials("xero"), scope="offline_access accounting.transactions.read accounting.settings.read"
    )
    api_headers = headers(read_only, MAIN_TENANT_ID)
    assert (await root.get(API + "/Invoices", headers=api_headers)).status_code == 200
    refused = await root.put(API + "/Invoices", headers=api_headers, json={"Invoices": []})
    assert refused.status_code == 403
    assert refused.json()["Detail"] == "AuthorizationUnsuccessful"


async def test_the_sdk_spelling_of_connections_answers_too(root: httpx.AsyncClient, tokens: Tokens) -> None:
    bearer = {"Authorization": f"Bearer {tokens.access_token}"}
    lower = await root.get("/connections", headers=bearer)
    upper = await root.get("/Connections", headers=bearer)
    assert upper.status_code == 200
    assert upper.json() == lower.json()
