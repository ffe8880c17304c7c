"""Every read the connector relies on answers what the official spec describes."""

from __future__ import annotations

import json
from decimal import Decimal

import httpx
import pytest
from xero_contract import assert_response, assert_schema

READS = [
    ("/Organisation", "/Organisation", {}),
    ("/Currencies", "/Currencies", {}),
    ("/Currencies", "/Currencies", {"where": 'Code=="CAD"', "order": "Code ASC"}),
    ("/Accounts", "/Accounts", {}),
    ("/Accounts", "/Accounts", {"where": 'Status=="ARCHIVED"'}),
    ("/TaxRates", "/TaxRates", {}),
    ("/TrackingCategories", "/TrackingCategories", {"includeArchived": "true"}),
    ("/Items", "/Items", {}),
    ("/Contacts", "/Contacts", {"page": "1", "includeArchived": "true"}),
    ("/Invoices", "/Invoices", {"page": "1", "Statuses": "AUTHORISED"}),
    ("/Invoices", "/Invoices", {"where": 'Type=="ACCPAY"', "order": "Date DESC"}),
    ("/CreditNotes", "/CreditNotes", {"page": "1"}),
]


@pytest.mark.parametrize(("spec_path", "url", "params"), READS)
async def test_reads_follow_the_spec(api: httpx.AsyncClient, spec_path: str, url: str, params: dict[str, str]) -> None:
    answer = await api.get(url, params=params)
    assert answer.status_code == 200
    assert_response(spec_path, "get", 200, json.loads(answer.content, parse_float=Decimal))


async def test_single_records_follow_the_spec(api: httpx.AsyncClient) -> None:
    invoices = (await api.get("/Invoices", params={"page": "1"})).json()["Invoices"]
    one = await api.get(f"/Invoices/{invoices[0]['InvoiceID']}")
    assert_response("/Invoices/{InvoiceID}", "get", 200, json.loads(one.content, parse_float=Decimal))
    contacts = (await api.get("/Contacts")).json()["Contacts"]
    contact = await api.get(f"/Contacts/{contacts[0]['ContactID']}")
    assert_response("/Contacts/{ContactID}", "get", 200, json.loads(contact.content, parse_float=Decimal))


async def test_problem_bodies_have_the_xero_shape(root: httpx.AsyncClient) -> None:
    answer = await root.get("/api.xro/2.0/Invoices", headers={"Authorization": "Bearer nope", "xero-tenant-id": "x"})
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    body = answer.json()
    assert set(body) == {"Type", "Title", "Status", "Detail", "Instance", "Extensions"}
    assert body["Status"] == 401
    assert body["Detail"] == "AuthenticationUnsuccessful"


async def test_a_missing_or_unknown_tenant_is_403(api: httpx.AsyncClient) -> None:
    missing = await api.get("/Invoices", headers={"xero-tenant-id": ""})
    unknown = await api.get("/Invoices", headers={"xero-tenant-id": "11111111-2222-3333-4444-555555555555"})
    for answer in (missing, unknown):
        assert answer.status_code == 403
        assert answer.json()["Title"] == "Forbidden"


async def test_write_errors_follow_the_error_schema(api: httpx.AsyncClient) -> None:
    answer = await api.put("/Contacts", json={"Contacts": [{"Name": ""}]})
    assert answer.status_code == 400
    assert_schema("Error", json.loads(answer.content, parse_float=Decimal))


async def test_currencies_list_the_base_currency_and_the_ones_the_customers_are_billed_in(
    api: httpx.AsyncClient,
) -> None:
    listed = (await api.get("/Currencies")).json()["Currencies"]
    filtered = (await api.get("/Currencies", params={"where": 'Code=="CAD"'})).json()["Currencies"]

    assert listed == [
        {"Code": "USD", "Description": "United States Dollar"},
        {"Code": "CAD", "Description": "Canadian Dollar"},
    ]
    assert filtered == [{"Code": "CAD", "Description": "Canadian Dollar"}]
