"""The query language: parsing with QBO's quoting, filtering, paging, and the real response shape."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from qbo_helpers import body, fault_code, plain_customer, query, quoted

from tui_ledger.sandbox.quickbooks.faults import QboFault
from tui_ledger.sandbox.quickbooks.query import parse_query, run_query


@given(st.text(min_size=1, max_size=40))
def test_any_quoted_string_parses_back_to_itself(name: str) -> None:
    quoted = name.replace("\\", "\\\\").replace("'", "\\'")

    parsed = parse_query(f"select * from Customer where DisplayName = '{quoted}'")

    assert parsed.conditions[0].values == (name,)


def test_keywords_are_case_insensitive_and_clauses_combine() -> None:
    parsed = parse_query(
        "SeLeCt * FROM Invoice WHERE DocNumber IN ('1', '2') AND TotalAmt >= 10.5 "
        "ORDERBY TxnDate DESC, DocNumber STARTPOSITION 3 MAXRESULTS 20"
    )

    assert parsed.entity == "Invoice"
    assert [(c.prop, c.op) for c in parsed.conditions] == [("DocNumber", "IN"), ("TotalAmt", ">=")]
    assert parsed.order == (("TxnDate", True), ("DocNumber", False))
    assert (parsed.start_position, parsed.max_results) == (3, 20)


@pytest.mark.parametrize(
    ("statement", "code"),
    [
        ("select * from Invoice where DocNumber = 'unterminated", "4000"),
        ("select * from Invoice where DocNumber = '1' or DocNumber = '2'", "4000"),
        ("select Id from Invoice", "4000"),
        ("select * from invoice", "4001"),
        ("select * from Invoice where Colour = 'red'", "4001"),
        ("select * from Invoice maxresults 1001", "4001"),
        ("select * from Invoice startposition 0", "4001"),
    ],
)
def test_bad_statements_are_the_faults_qbo_answers(statement: str, code: str) -> None:
    with pytest.raises(QboFault) as raised:
        parse_query(statement)

    assert raised.value.error.code == code


def test_like_matches_with_percent_wildcards_and_paging_counts_from_one() -> None:
    rows = [{"Id": str(n), "Name": f"Item {n}", "Active": True} for n in range(1, 8)]

    page = run_query(parse_query("select * from Item where Name like 'item %' startposition 3 maxresults 2"), rows)

    assert [row["Id"] for row in page.rows] == ["3", "4"]
    assert page.as_json()["startPosition"] == 3
    assert page.as_json()["maxResults"] == 2


async def test_query_answers_the_queryresponse_shape(api: httpx.AsyncClient) -> None:
    found = await query(api, f"select * from Customer where DisplayName = {quoted(plain_customer())}")

    assert list(found) == ["Customer", "startPosition", "maxResults"]
    assert found["startPosition"] == 1
    assert found["maxResults"] == 1


async def test_nothing_found_is_an_empty_queryresponse(api: httpx.AsyncClient) -> None:
    assert await query(api, "select * from Invoice where DocNumber = 'no-such-number'") == {}


async def test_count_answers_total_count(api: httpx.AsyncClient) -> None:
    counted = await query(api, "select count(*) from Vendor")

    assert set(counted) == {"totalCount"}
    assert counted["totalCount"] > 0


async def test_query_by_post_with_a_text_body(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/query",
        content=b"select * from Item where Name = 'LAB-REMOTE'",
        headers={"Content-Type": "application/text"},
    )

    assert response.status_code == 200
    assert body(response)["QueryResponse"]["Item"][0]["Name"] == "LAB-REMOTE"


async def test_name_lists_hide_inactive_records_unless_asked(api: httpx.AsyncClient) -> None:
    active = await query(api, "select count(*) from Account")
    every = await query(api, "select count(*) from Account where Active IN (true, false)")
    inactive = await query(api, "select * from Account where Active = false")

    assert every["totalCount"] == active["totalCount"] + 1
    assert len(inactive["Account"]) == 1


async def test_a_name_with_a_quote_is_found(api: httpx.AsyncClient) -> None:
    created = await api.post(
        "/customer",
        content='{"DisplayName": "O\'Brien \\\\ Sons"}',
        headers={"Content-Type": "application/json"},
    )
    assert created.status_code == 200, created.text

    found = await query(api, r"select * from Customer where DisplayName = 'O\'Brien \\ Sons'")

    assert found["Customer"][0]["DisplayName"] == "O'Brien \\ Sons"


async def test_bad_query_is_a_400_fault(api: httpx.AsyncClient) -> None:
    response = await api.get("/query", params={"query": "select * from Invoice where"})

    assert response.status_code == 400
    assert fault_code(response) == "4000"


async def test_paging_walks_every_record_once(api: httpx.AsyncClient) -> None:
    total = (await query(api, "select count(*) from Item"))["totalCount"]
    seen: list[str] = []
    start = 1
    while True:
        page = await query(api, f"select * from Item startposition {start} maxresults 5")
        if not page:
            break
        seen += [item["Id"] for item in page["Item"]]
        start += 5

    assert len(seen) == total == len(set(seen))
