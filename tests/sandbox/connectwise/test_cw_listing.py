"""Lists as ConnectWise serves them: pages and `Link`, forward-only paging, filters, order, projection, errors."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.sandbox.connectwise.cw_support import body
from tui_ledger.sandbox.demo import DemoCompany

UNPOSTED = "finance/accounting/unpostedinvoices"


def links(response: httpx.Response) -> dict[str, str]:
    return {rel: url for url, rel in re.findall(r'<([^>]+)>;\s*rel="(\w+)"', response.headers.get("link", ""))}


async def test_the_default_page_holds_25_and_links_to_next_and_last(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    unposted = len(company.unposted_invoices())
    response = await client.get(UNPOSTED)
    assert response.status_code == 200
    assert len(body(response)) == 25
    rels = links(response)
    assert set(rels) == {"next", "last"}
    assert rels["next"].startswith("http://connectwise.sandbox.invalid/v4_6_release/apis/3.0/finance/accounting/")
    assert f"page={-(-unposted // 25)}" in rels["last"]


async def test_following_next_visits_every_unposted_invoice_once(
    client: httpx.AsyncClient, company: DemoCompany
) -> None:
    seen: list[int] = []
    url: str | None = f"{UNPOSTED}?pageSize=40&conditions=locationId%20!=%200"
    while url:
        response = await client.get(url)
        seen += [row["billingLogId"] for row in body(response)]
        url = links(response).get("next")
    assert sorted(seen) == sorted(invoice.id for invoice in company.unposted_invoices())
    assert len(seen) == len(set(seen))


async def test_a_middle_page_links_everywhere_and_keeps_the_other_parameters(client: httpx.AsyncClient) -> None:
    response = await client.get(UNPOSTED, params={"pageSize": 10, "page": 3, "orderBy": "total desc"})
    rels = links(response)
    assert set(rels) == {"first", "prev", "next", "last"}
    assert "page=2" in rels["prev"]
    assert "page=4" in rels["next"]
    assert all("orderBy=total+desc" in url and "pageSize=10" in url for url in rels.values())


async def test_a_page_past_the_end_is_an_empty_array(client: httpx.AsyncClient) -> None:
    response = await client.get(UNPOSTED, params={"pageSize": 1000, "page": 9})
    assert response.status_code == 200
    assert body(response) == []


@pytest.mark.parametrize(("name", "value"), [("pageSize", "1001"), ("pageSize", "0"), ("page", "0"), ("page", "x")])
async def test_paging_outside_the_limits_is_a_400_naming_the_parameter(
    client: httpx.AsyncClient, name: str, value: str
) -> None:
    response = await client.get(UNPOSTED, params={name: value})
    assert response.status_code == 400
    error = body(response)
    assert error["code"] == "InvalidObject"
    assert error["errors"][0]["field"] == name


async def test_forward_only_paging_follows_page_id(client: httpx.AsyncClient, company: DemoCompany) -> None:
    headers = {"pagination-type": "forward-only"}
    seen: list[int] = []
    url: str | None = f"{UNPOSTED}?pageSize=50"
    while url:
        response = await client.get(url, headers=headers)
        page = body(response)
        seen += [row["id"] for row in page]
        rels = links(response)
        assert set(rels) <= {"next"}
        url = rels.get("next")
        if url:
            assert f"pageId={page[-1]['id']}" in url
    assert seen == sorted(seen)
    assert len(seen) == len(company.unposted_invoices())


async def test_forward_only_refuses_order_by(client: httpx.AsyncClient) -> None:
    response = await client.get(UNPOSTED, params={"orderBy": "total"}, headers={"pagination-type": "forward-only"})
    assert response.status_code == 400


async def test_order_by_several_fields(client: httpx.AsyncClient) -> None:
    rows = body(await client.get(UNPOSTED, params={"pageSize": 1000, "orderBy": "company/name asc, total desc"}))
    keys = [(row["company"]["name"].casefold(), -row["total"]) for row in rows]
    assert keys == sorted(keys)


async def test_fields_projects_nested_paths(client: httpx.AsyncClient) -> None:
    rows = body(await client.get(UNPOSTED, params={"pageSize": 3, "fields": "id,invoiceNumber,company/name"}))
    assert all(set(row) == {"id", "invoiceNumber", "company"} and set(row["company"]) == {"name"} for row in rows)


async def test_conditions_filter_and_count_agrees(client: httpx.AsyncClient, company: DemoCompany) -> None:
    conditions = 'invoiceDate <= [2026-09-30T23:59:59Z] and locationId = 2 and invoiceType != "Agreement"'
    expected = sorted(
        invoice.id
        for invoice in company.unposted_invoices()
        if invoice.date.isoformat() <= "2026-09-30" and invoice.location_id == 2 and invoice.type.value != "Agreement"
    )
    rows = body(await client.get(UNPOSTED, params={"conditions": conditions, "pageSize": 1000}))
    count = body(await client.get(f"{UNPOSTED}/count", params={"conditions": conditions}))
    assert sorted(row["billingLogId"] for row in rows) == expected
    assert count == {"count": len(expected)}
    assert expected


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("conditions", "total >> 5"), ("conditions", 'colour = "red"'), ("orderBy", "colour"), ("fields", "id,colour")],
)
async def test_bad_queries_are_refused_like_the_real_service(
    client: httpx.AsyncClient, parameter: str, value: str
) -> None:
    response = await client.get(UNPOSTED, params={parameter: value})
    assert response.status_code == 400
    error = body(response)
    assert error["code"] == "InvalidObject"
    assert error["message"] == f"{parameter} parameter is invalid"
    assert error["errors"][0]["message"]


async def test_get_by_id_and_a_missing_id(client: httpx.AsyncClient) -> None:
    first = body(await client.get(UNPOSTED, params={"pageSize": 1}))[0]
    response = await client.get(f"{UNPOSTED}/{first['id']}")
    assert body(response) == first
    missing = await client.get(f"{UNPOSTED}/1")
    assert missing.status_code == 404
    assert body(missing) == {"code": "NotFound", "message": "UnpostedInvoice recordId 1 not found.", "errors": []}


async def test_an_unknown_path_and_a_wrong_method_answer_in_json(client: httpx.AsyncClient) -> None:
    unknown = await client.get("finance/accounting/nothing-here")
    assert unknown.status_code == 404
    assert body(unknown)["code"] == "NotFound"
    wrong = await client.delete(UNPOSTED)
    assert wrong.status_code == 405
    assert body(wrong)["code"] == "MethodNotAllowed"


async def test_locations_members_and_companies_are_listed(client: httpx.AsyncClient, company: DemoCompany) -> None:
    locations = body(await client.get("system/locations"))
    members = body(await client.get("system/members", params={"conditions": 'identifier = "bbastine"'}))
    customer = next(c for c in company.customers if '"' in c.name and "'" in c.name)
    escaped = customer.name.replace("\\", "\\\\").replace('"', '\\"')
    companies = body(await client.get("company/companies", params={"conditions": f'name = "{escaped}"'}))
    assert [location["name"] for location in locations] == [location.name for location in company.locations]
    assert [member["firstName"] for member in members] == ["Bob"]
    assert [found["id"] for found in companies] == [customer.id]
