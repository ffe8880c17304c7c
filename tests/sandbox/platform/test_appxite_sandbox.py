"""The AppXite sandbox behaves as the Reporting API v2 is documented (and as its module says it assumes):
sasKey + requesterId, headers and rows by invoice date, isPreview, problem details, pages."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui_ledger.sandbox.appxite.seeding import DEMO_CREDENTIALS
from tui_ledger.sandbox.appxite.service import SERVICE as APPXITE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub

REQUESTER = DEMO_CREDENTIALS.requester_id
HEADERS = f"/api/v2/reporting/requesters/{REQUESTER}/invoices/headers"
ROWS = f"/api/v2/reporting/requesters/{REQUESTER}/invoices/rows"
MAY = {"invoiceDateFrom": "2026-05-01", "invoiceDateTill": "2026-05-31"}
APRIL = {"invoiceDateFrom": "2026-04-01", "invoiceDateTill": "2026-04-30"}
ALL_CHARGE_TYPES = {"CycleFee", "Correction", "UsageFee", "ItemFee", "PurchaseFee", "OneTimeFee", "UserCorrection"}


def query(**params: Any) -> dict[str, Any]:
    return {"sasKey": DEMO_CREDENTIALS.sas_key, **params}


async def listing(appxite: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    response = await appxite.get(path, params=query(**params))
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("sas_key", [None, "", "guessed-key"])
async def test_a_missing_or_wrong_sas_key_is_401_problem_details(
    appxite: httpx.AsyncClient, sas_key: str | None
) -> None:
    params = {**MAY, **({"sasKey": sas_key} if sas_key is not None else {})}
    response = await appxite.get(ROWS, params=params)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["status"], body["title"]) == (401, "Unauthorized")
    assert "traceId" in body


async def test_a_key_of_another_requester_is_403(appxite: httpx.AsyncClient) -> None:
    response = await appxite.get("/api/v2/reporting/requesters/someone-else/invoices/rows", params=query(**MAY))
    assert response.status_code == 403


async def test_parameter_names_are_case_insensitive(appxite: httpx.AsyncClient) -> None:
    response = await appxite.get(
        ROWS,
        params={"SASKEY": DEMO_CREDENTIALS.sas_key, "InvoiceDateFrom": "2026-05-01", "invoicedatetill": "2026-05-31"},
    )
    assert response.status_code == 200
    assert response.json()


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"invoiceDateTill": "2026-05-31"}, "invoiceDateFrom"),
        ({**MAY, "invoiceDateFrom": "18/05/2026"}, "invoiceDateFrom"),
        ({**MAY, "pageSize": 5000}, "pageSize"),
        ({**MAY, "pageNumber": 0}, "pageNumber"),
        ({**MAY, "isPreview": "yes"}, "isPreview"),
    ],
)
async def test_bad_parameters_are_400_naming_the_parameter(
    appxite: httpx.AsyncClient, params: dict[str, Any], parameter: str
) -> None:
    response = await appxite.get(ROWS, params=query(**params))
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


async def test_headers_and_rows_are_dated_in_the_range(appxite: httpx.AsyncClient) -> None:
    headers = await listing(appxite, HEADERS, **MAY, isPreview="true")
    rows = await listing(appxite, ROWS, **MAY, isPreview="true")
    assert headers
    assert rows
    assert {h["InvoiceDateUtc"][:7] for h in headers} == {"2026-05"}
    assert {r["InvoiceId"] for r in rows} <= {h["InvoiceId"] for h in headers}


async def test_nothing_is_dated_after_the_anchor(appxite: httpx.AsyncClient) -> None:
    headers = await listing(
        appxite, HEADERS, invoiceDateFrom="2026-05-19", invoiceDateTill="2026-12-31", isPreview="true"
    )
    assert headers == []


async def test_unverified_invoices_need_is_preview(appxite: httpx.AsyncClient) -> None:
    verified = await listing(appxite, HEADERS, **MAY)
    everything = await listing(appxite, HEADERS, **MAY, isPreview="true")
    hidden = [h for h in everything if h["InvoiceId"] not in {v["InvoiceId"] for v in verified}]
    assert hidden
    assert {(h["Status"], h["StatusId"], h["InvoiceSource"]) for h in hidden} == {("New Corrected", 6, "Custom")}
    assert all(h["StatusId"] in (1, 3) for h in verified)


async def test_every_charge_type_appears_in_both_months(appxite: httpx.AsyncClient) -> None:
    for month in (APRIL, MAY):
        rows = await listing(appxite, ROWS, **month, isPreview="true")
        assert {row["ChargeType"] for row in rows} == ALL_CHARGE_TYPES


async def test_every_outgoing_row_has_its_cost_on_an_incoming_invoice(appxite: httpx.AsyncClient) -> None:
    headers = {h["InvoiceId"]: h for h in await listing(appxite, HEADERS, **APRIL, isPreview="true")}
    rows = await listing(appxite, ROWS, **APRIL, isPreview="true")

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        fields = ("SubscriptionId", "ChargeType", "ChargeStartDate", "ChargeEndDate", "InvoiceDateUtc")
        return tuple(row[field] for field in fields)

    incoming = Counter(key(r) for r in rows if headers[r["InvoiceId"]]["ConsumerOrganizationId"] == REQUESTER)
    outgoing = [r for r in rows if headers[r["InvoiceId"]]["ProviderOrganizationId"] == REQUESTER]
    billed = [r for r in outgoing if headers[r["InvoiceId"]]["InvoiceSource"] != "Custom"]
    assert billed
    assert all(incoming[key(row)] == 1 for row in billed)
    assert sum(incoming.values()) == len(billed)


async def test_custom_rows_are_default_subscription_user_corrections(appxite: httpx.AsyncClient) -> None:
    rows = await listing(appxite, ROWS, **MAY, isPreview="true")
    custom = [row for row in rows if row["ChargeType"] == "UserCorrection"]
    assert custom
    for row in custom:
        assert row["SubscriptionId"] is None
        assert row["SubscriptionName"] == "Default Subscription"
        assert row["CustomChargeDetails"]["Description"]


async def test_pages_partition_the_rows(appxite: httpx.AsyncClient) -> None:
    everything = await listing(appxite, ROWS, **APRIL, isPreview="true")
    pages = []
    number = 1
    while True:
        page = await listing(appxite, ROWS, **APRIL, isPreview="true", pageNumber=number, pageSize=25)
        pages.append(page)
        if len(page) < 25:
            break
        number += 1
    assert [row for page in pages for row in page] == everything
    assert len(pages) == len(everything) // 25 + 1


async def test_amounts_are_exact_json_numbers(appxite: httpx.AsyncClient) -> None:
    response = await appxite.get(ROWS, params=query(**APRIL))
    assert '"TotalPrice":"' not in response.text
    assert '"TotalPrice":' in response.text


def test_registered_with_the_hub_at_the_host_root(hub: SandboxHub) -> None:
    assert hub.base_url("appxite") == "http://appxite.sandbox.invalid"
    assert hub.credentials("appxite") == {"requester_id": REQUESTER, "sas_key": DEMO_CREDENTIALS.sas_key}


async def test_the_plain_demo_company_shows_every_charge_type_last_month(tmp_path: Path) -> None:
    """Seeded straight from DemoCompany: the previous month is fully invoiced, so all seven types are there."""
    hub = SandboxHub(tmp_path, services=[APPXITE])
    hub.seed(DemoCompany.generate(seed=2026, anchor=date(2026, 5, 18)))
    async with hub.client("appxite") as appxite:
        rows = await listing(appxite, ROWS, **APRIL, isPreview="true")
    assert {row["ChargeType"] for row in rows} == ALL_CHARGE_TYPES
