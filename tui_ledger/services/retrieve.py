"""Retrieve: fetch the closed, never-exported documents the filter asks for (seed 004's Retrieve Documents).

The chosen document kinds are fetched concurrently, because each is its own ConnectWise endpoint and a
month-end list of invoices should not wait behind the expenses. For each kind the `/count` call runs beside
the page fetch, so the progress bar learns its total early without delaying the first page.

Progress is reported per kind (task = the kind's plural title, e.g. "Invoices") in the units the count
is in: documents for invoices and expenses, unposted records for procurement (a purchase order arrives as
one record per freight or product line, and that is what ConnectWise counts).

Cancelling the awaiting task (Esc on the screen) cancels every kind's fetch and closes the page iterators,
so no request is left running and nothing half-retrieved is returned.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from tui_ledger.connectors.ports import PsaReader
from tui_ledger.domain.documents import Document, DocumentKind, DocumentSummary, UnpostedPurchase
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import total
from tui_ledger.services.progress import ProgressSink, ProgressTracker, ignore_progress

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class CurrencyTotal:
    """The total of the documents in one currency: amounts in different currencies are never added together."""

    currency: str
    count: int
    total: Decimal


@dataclass(frozen=True, slots=True)
class RetrievedDocuments:
    """One document kind's result: the documents in the order ConnectWise gave them, and their count and total.

    `summary.total` adds every amount regardless of currency (it is exact when there is one currency);
    `by_currency` is what a screen shows when a company bills in several.
    """

    kind: DocumentKind
    documents: tuple[Document, ...]
    summary: DocumentSummary
    by_currency: tuple[CurrencyTotal, ...]


def totals_by_currency(documents: Sequence[Document]) -> tuple[CurrencyTotal, ...]:
    """One total per currency, the currency with most documents first (then alphabetically)."""
    grouped: dict[str, list[Document]] = {}
    for document in documents:
        grouped.setdefault(document.currency, []).append(document)
    ordered = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))
    return tuple(
        CurrencyTotal(currency, len(group), total(document.total for document in group)) for currency, group in ordered
    )


@dataclass(frozen=True, slots=True)
class Retrieval:
    """Everything one Retrieve fetched, per kind in the filter's order, with the filter that produced it."""

    unposted: UnpostedFilter
    by_kind: Mapping[DocumentKind, RetrievedDocuments]
    elapsed_seconds: float

    @property
    def kinds(self) -> tuple[DocumentKind, ...]:
        return tuple(self.by_kind)

    @property
    def document_count(self) -> int:
        return sum(result.summary.count for result in self.by_kind.values())


def progress_units(kind: DocumentKind, page: Sequence[Document]) -> int:
    """How far a page moves the kind's progress, in the units its `/count` endpoint counts."""
    if kind is DocumentKind.PROCUREMENT:
        return sum(len(document.lines) for document in page if isinstance(document, UnpostedPurchase))
    return len(page)


async def retrieve_documents(
    psa: PsaReader, unposted: UnpostedFilter, progress: ProgressSink = ignore_progress
) -> Retrieval:
    """Fetch every kind the filter includes, concurrently; raise the first failure after cancelling the rest."""
    started = time.monotonic()
    kinds = unposted.kinds
    results = await all_or_first_failure([_retrieve_kind(psa, kind, unposted, progress) for kind in kinds])
    return Retrieval(
        unposted=unposted, by_kind=dict(zip(kinds, results, strict=True)), elapsed_seconds=time.monotonic() - started
    )


async def _retrieve_kind(
    psa: PsaReader, kind: DocumentKind, unposted: UnpostedFilter, progress: ProgressSink
) -> RetrievedDocuments:
    counter, pager = _endpoints(psa, kind)
    tracker = ProgressTracker(kind.plural_title, progress)
    documents: list[Document] = []

    async def learn_total() -> None:
        tracker.set_total(await counter(unposted))

    async def fetch_pages() -> None:
        pages = pager(unposted)
        try:
            async for page in pages:
                documents.extend(page)
                tracker.advance(progress_units(kind, page))
        finally:
            await _close(pages)

    await all_or_first_failure([learn_total(), fetch_pages()])
    # The count and the pages are two reads of a moving ledger; the pages are what the user gets.
    tracker.set_total(tracker.done)
    retrieved = tuple(documents)
    return RetrievedDocuments(
        kind=kind, documents=retrieved, summary=DocumentSummary.of(retrieved), by_currency=totals_by_currency(retrieved)
    )


async def all_or_first_failure(work: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    """Run `work` concurrently and return its results in order, or raise the first failure as it is.

    Unlike `asyncio.TaskGroup`, the failure is not wrapped in an exception group: the app's one error
    handler maps a connector's typed error (wrong key, unreachable) to a message, and a group would hide
    it. Whether the caller is cancelled or one piece fails, every other piece is cancelled and awaited, so
    nothing keeps running behind the user's back.
    """
    if not work:
        return []
    tasks = [asyncio.ensure_future(piece) for piece in work]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        failure = next(
            (task.exception() for task in tasks if task.done() and not task.cancelled() and task.exception()), None
        )
        if failure is not None:
            raise failure
        return [task.result() for task in tasks]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _endpoints(
    psa: PsaReader, kind: DocumentKind
) -> tuple[
    Callable[[UnpostedFilter], Awaitable[int]],
    Callable[[UnpostedFilter], AsyncIterator[Sequence[Document]]],
]:
    if kind is DocumentKind.INVOICE:
        return psa.count_unposted_invoices, psa.unposted_invoices
    if kind is DocumentKind.EXPENSE:
        return psa.count_unposted_expenses, psa.unposted_expenses
    return psa.count_unposted_procurement, psa.unposted_purchases


async def _close(pages: AsyncIterator[Sequence[Document]]) -> None:
    """Close an async generator early (on cancel or error) so its HTTP response is released."""
    aclose = getattr(pages, "aclose", None)
    if aclose is not None:
        await aclose()
