"""Error responses become typed errors that carry the service's own words and name the call."""

from __future__ import annotations

import httpx
import pytest

from tests.connectors.fakes import Script, make_client
from tui_ledger.connectors.error_mapping import read_generic_error_body
from tui_ledger.connectors.errors import (
    AuthenticationFailed,
    ConnectorError,
    Forbidden,
    MalformedResponse,
    NotFound,
    ServiceUnavailable,
    ValidationFailed,
)

CONNECTWISE_400 = {
    "code": "InvalidObject",
    "message": "configuration object is invalid",
    "errors": [
        {
            "code": "MissingRequiredField",
            "message": "id or deviceIdentifier is required.",
            "resource": "configuration",
            "field": "id",
        }
    ],
}


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, ValidationFailed),
        (401, AuthenticationFailed),
        (403, Forbidden),
        (404, NotFound),
        (409, ValidationFailed),
        (422, ValidationFailed),
        (500, ServiceUnavailable),
        (418, ConnectorError),
    ],
)
async def test_status_chooses_the_error_type(status: int, kind: type[ConnectorError]) -> None:
    client = make_client(Script([httpx.Response(status, json={"message": "nope"})]))

    with pytest.raises(kind) as caught:
        await client.request("POST", "/things", json_body={})

    assert caught.value.status == status
    assert caught.value.service_message == "nope"


async def test_validation_error_carries_every_problem_the_service_listed() -> None:
    client = make_client(Script([httpx.Response(400, json=CONNECTWISE_400)]), service="ConnectWise")

    with pytest.raises(ValidationFailed) as caught:
        await client.request("POST", "/company/configurations", json_body={})

    error = caught.value
    assert error.code == "InvalidObject"
    assert error.problems == ("id or deviceIdentifier is required.",)
    assert str(error) == (
        "ConnectWise: configuration object is invalid — id or deviceIdentifier is required. "
        "[POST /company/configurations → 400]"
    )


async def test_an_html_error_page_is_quoted_on_one_short_line() -> None:
    page = "<html><body>\n<h1>502 Bad Gateway</h1>\n" + "x" * 1000 + "</body></html>"
    client = make_client(Script([httpx.Response(502, text=page)]))

    with pytest.raises(ServiceUnavailable) as caught:
        await client.request("POST", "/things", json_body={})

    message = caught.value.service_message
    assert message.startswith("<html><body> <h1>502 Bad Gateway</h1>")
    assert "\n" not in message
    assert len(message) <= 300


def test_a_problem_that_does_not_name_its_field_is_prefixed_with_it() -> None:
    body = {"message": "invalid", "errors": [{"message": "must be 50 characters or fewer", "field": "batchIdentifier"}]}

    assert read_generic_error_body(httpx.Response(400, json=body)).problems == (
        "batchIdentifier: must be 50 characters or fewer",
    )


def test_generic_reader_understands_the_common_shapes() -> None:
    problem_json = httpx.Response(
        401, json={"Type": None, "Title": "Unauthorized", "Detail": "AuthenticationUnsuccessful"}
    )
    oauth = httpx.Response(400, json={"error": "invalid_grant", "error_description": "refresh token revoked"})
    empty = httpx.Response(404)
    plain = httpx.Response(404, text="The resource you're looking for cannot be found")

    assert read_generic_error_body(problem_json).message == "AuthenticationUnsuccessful"
    assert read_generic_error_body(oauth).message == "refresh token revoked"
    assert read_generic_error_body(empty).message == "Not Found"
    assert read_generic_error_body(plain).message == "The resource you're looking for cannot be found"


async def test_a_body_that_is_not_json_is_a_malformed_response_naming_the_call() -> None:
    client = make_client(
        Script([httpx.Response(200, text="<html>login</html>", headers={"content-type": "text/html"})])
    )

    with pytest.raises(MalformedResponse) as caught:
        await client.get_json("/things", params={"pageSize": 10})

    assert "expected JSON" in str(caught.value)
    assert "text/html" in str(caught.value)
    assert caught.value.where == "GET /things"


async def test_money_in_json_arrives_as_decimal() -> None:
    client = make_client(Script([httpx.Response(200, content=b'{"total": 1234.10, "count": 3}')]))

    body = await client.get_json("/things")

    assert str(body["total"]) == "1234.10"
    assert body["count"] == 3


async def test_allowed_statuses_are_returned_to_the_caller() -> None:
    client = make_client(Script([httpx.Response(404, json={"message": "no such invoice"})]))

    response = await client.request("GET", "/invoices/9", allow_statuses=(404,))

    assert response.status_code == 404
