"""Retrieve: per-kind documents, counts and totals as the reader has them; progress; failures; cancel."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from decimal import Decimal

import pytest

from tests.ui.fakes import EXPENSES, INVOICES, PURCHASES, TODAY, MemoryPsa
from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.services.progress import Progress
from tui_ledger.services.retrieve import all_or_first_failure, retrieve_documents

EVERYTHING = UnpostedFilter(thru_date=TODAY)


async def test_each_kind_arrives_with_the_readers_documents_count_and_total() -> None:
    retrieval = await retrieve_documents(MemoryPsa(), EVERYTHING)

    assert retrieval.kinds == (DocumentKind.INVOICE, DocumentKind.EXPENSE, DocumentKind.PROCUREMENT)
    for kind, expected in (
        (DocumentKind.INVOICE, INVOICES),
        (DocumentKind.EXPENSE, EXPENSES),
        (DocumentKind.PROCUREMENT, PURCHASES),
    ):
        result = retrieval.by_kind[kind]
        assert result.documents == expected
        assert result.summary.count == len(expected)
        assert result.summary.total == sum((document.total for document in expected), Decimal("0.00"))
    assert retrieval.by_kind[DocumentKind.INVOICE].summary.total == Decimal("1825.25")
    assert retrieval.document_count == len(INVOICES) + len(EXPENSES) + len(PURCHASES)


async def test_only_the_included_kinds_are_asked_for() -> None:
    psa = MemoryPsa()
    only_purchases = replace(EVERYTHING, include_invoices=False, include_expenses=False)

    retrieval = await retrieve_documents(psa, only_purchases)

    assert retrieval.kinds == (DocumentKind.PROCUREMENT,)
    assert psa.pages_started == 1


async def test_the_filter_reaches_the_reader_unchanged() -> None:
    psa = MemoryPsa()
    narrowed = UnpostedFilter(thru_date=TODAY.replace(day=15), location_id=2)

    retrieval = await retrieve_documents(psa, narrowed)

    assert set(psa.filters_seen) == {narrowed}
    assert [doc.number for doc in retrieval.by_kind[DocumentKind.INVOICE].documents] == ["509"]
    assert retrieval.by_kind[DocumentKind.EXPENSE].documents == ()


async def test_progress_is_reported_per_kind_and_ends_complete_in_the_units_connectwise_counts() -> None:
    events: list[Progress] = []

    await retrieve_documents(MemoryPsa(page_size=1), EVERYTHING, events.append)

    last = {event.task: event for event in events}
    assert set(last) == {"Invoices", "Expenses", "Purchases"}
    assert (last["Invoices"].done, last["Invoices"].total) == (4, 4)
    # Purchases count their unposted records (freight + products), as ConnectWise's /count does.
    assert (last["Purchases"].done, last["Purchases"].total) == (5, 5)
    invoice_steps = [event.done for event in events if event.task == "Invoices"]
    assert invoice_steps == sorted(invoice_steps)
    assert max(invoice_steps) == 4


async def test_a_failure_is_raised_as_the_connectors_own_error_and_every_page_iterator_is_closed() -> None:
    psa = MemoryPsa(failure=AuthenticationFailed("ConnectWise", "bad keys", status=401))

    with pytest.raises(AuthenticationFailed, match="bad keys"):
        await retrieve_documents(psa, EVERYTHING)

    assert psa.pages_started == psa.pages_closed


async def test_cancelling_stops_every_kind_and_closes_their_pages() -> None:
    gate = asyncio.Event()
    psa = MemoryPsa(gate=gate)
    task = asyncio.create_task(retrieve_documents(psa, EVERYTHING))
    for _ in range(100):
        if psa.pages_started == 3:
            break
        await asyncio.sleep(0)
    assert psa.pages_started == 3, "every kind started fetching"

    task.cancel()

    with pytest.raises(asyncio.CancelledError):
        await task
    assert psa.pages_closed == 3


async def test_all_or_first_failure_keeps_order_and_handles_nothing_to_do() -> None:
    async def after(delay: float, value: int) -> int:
        await asyncio.sleep(delay)
        return value

    assert await all_or_first_failure([after(0.01, 1), after(0, 2)]) == [1, 2]
    assert await all_or_first_failure([]) == []


async def test_amounts_in_different_currencies_are_totalled_apart() -> None:
    canadian = replace(INVOICES[0], currency="CAD")
    psa = MemoryPsa(invoices=(canadian, *INVOICES[1:]))

    retrieval = await retrieve_documents(psa, replace(EVERYTHING, include_expenses=False, include_procurement=False))

    by_currency = retrieval.by_kind[DocumentKind.INVOICE].by_currency
    assert [(part.currency, part.count, part.total) for part in by_currency] == [
        ("USD", 3, Decimal("324.75")),
        ("CAD", 1, Decimal("1500.50")),
    ]
