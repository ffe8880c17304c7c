"""Who gets in: Basic `companyId+publicKey:privateKey` plus `clientId`, and the API version handshake."""

from __future__ import annotations

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS, CREDENTIALS, basic, body
from tui_ledger.sandbox.hub import SandboxHub

UNPOSTED = "finance/accounting/unpostedinvoices"


@pytest.mark.parametrize(
    "authorization",
    [
        basic(CREDENTIALS["company_id"], CREDENTIALS["public_key"], "wrong-private-key"),
        basic(CREDENTIALS["company_id"], "wrong-public-key", CREDENTIALS["private_key"]),
        basic("othercompany", CREDENTIALS["public_key"], CREDENTIALS["private_key"]),
        "Basic not-base64!",
        "Bearer " + CREDENTIALS["private_key"],
    ],
)
async def test_wrong_credentials_get_the_real_401(hub: SandboxHub, authorization: str) -> None:
    async with hub.client("connectwise", headers={**AUTH_HEADERS, "Authorization": authorization}) as http:
        response = await http.get(UNPOSTED)
    assert response.status_code == 401
    assert body(response) == {"code": "Unauthorized", "message": "UserNotAuthenticated", "errors": []}
    assert response.headers["api-current-version"] == "2025.8"


async def test_missing_authorization_is_401(hub: SandboxHub) -> None:
    headers = {key: value for key, value in AUTH_HEADERS.items() if key != "Authorization"}
    async with hub.client("connectwise", headers=headers) as http:
        response = await http.get(UNPOSTED)
    assert response.status_code == 401


async def test_missing_client_id_is_401_naming_the_header(hub: SandboxHub) -> None:
    headers = {key: value for key, value in AUTH_HEADERS.items() if key != "clientId"}
    async with hub.client("connectwise", headers=headers) as http:
        response = await http.get(UNPOSTED)
    assert response.status_code == 401
    assert "clientId" in body(response)["message"]


async def test_company_id_is_not_case_sensitive_and_client_id_header_name_neither(hub: SandboxHub) -> None:
    headers = {
        "authorization": basic(
            CREDENTIALS["company_id"].upper(), CREDENTIALS["public_key"], CREDENTIALS["private_key"]
        ),
        "CLIENTID": CREDENTIALS["client_id"],
    }
    async with hub.client("connectwise", headers=headers) as http:
        response = await http.get(UNPOSTED + "/count")
    assert response.status_code == 200


async def test_the_private_key_never_appears_in_a_refusal(hub: SandboxHub) -> None:
    authorization = basic(CREDENTIALS["company_id"], CREDENTIALS["public_key"], "s3cret-typo")
    async with hub.client("connectwise", headers={**AUTH_HEADERS, "Authorization": authorization}) as http:
        response = await http.get(UNPOSTED)
    assert "s3cret-typo" not in response.text
    assert CREDENTIALS["private_key"] not in response.text


async def test_pinned_version_is_echoed_in_the_content_type(client: httpx.AsyncClient) -> None:
    response = await client.get(UNPOSTED, headers={"Accept": "application/vnd.connectwise.com+json; version=2024.1"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.connectwise.com+json; version=2024.1"
    assert response.headers["api-current-version"] == "2025.8"


async def test_no_version_means_the_current_one(client: httpx.AsyncClient) -> None:
    response = await client.get(UNPOSTED, headers={"Accept": "application/json"})
    assert response.headers["content-type"] == "application/vnd.connectwise.com+json; version=2025.8"


@pytest.mark.parametrize("version", ["2031.1", "latest"])
async def test_an_unknown_version_is_refused(client: httpx.AsyncClient, version: str) -> None:
    response = await client.get(
        UNPOSTED, headers={"Accept": f"application/vnd.connectwise.com+json; version={version}"}
    )
    assert response.status_code == 400
    assert body(response)["code"] == "InvalidObject"
    assert version in body(response)["message"]


async def test_codebase_discovery_needs_no_credentials(hub: SandboxHub) -> None:
    async with httpx.AsyncClient(
        transport=hub.transport("connectwise"), base_url="http://connectwise.sandbox.invalid"
    ) as http:
        response = await http.get("/login/companyinfo/tuiledger")
    assert response.status_code == 200
    assert response.json()["Codebase"] == "v4_6_release/"
