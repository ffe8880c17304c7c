"""Which section a piece of work belongs to, and the tracker that reports a section's progress.

Invoices and credit notes are separate sections because a user reads them apart in the package (a negative
invoice is a credit note with its own number, seed 004); purchases and expenses are sections by their PSA kind,
whatever package document they become (bills, supplier credits, purchases).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.export.events import (
    CompletedSuccessfully,
    CompletedWithErrors,
    ExportEventSink,
    Failed,
    NotYetStarted,
    Running,
    Section,
    SectionStatus,
)
from tui_ledger.store.journal_records import EntityKind

DOCUMENT_SECTIONS: tuple[Section, ...] = (Section.INVOICES, Section.CREDIT_NOTES, Section.PURCHASES, Section.EXPENSES)
ENTITY_SECTIONS: dict[EntityKind, Section] = {
    EntityKind.CUSTOMER: Section.CUSTOMERS,
    EntityKind.SUPPLIER: Section.SUPPLIERS,
    EntityKind.PRODUCT: Section.PRODUCTS,
}
MIN_EMIT_INTERVAL_SECONDS = 0.1
"""Running events closer together than this are merged: a screen redraws a row at most ten times a second."""


def section_of(kind: DocumentKind, document_type: DocumentType) -> Section:
    if kind is DocumentKind.INVOICE:
        return Section.CREDIT_NOTES if document_type is DocumentType.SALES_CREDIT else Section.INVOICES
    if kind is DocumentKind.EXPENSE:
        return Section.EXPENSES
    return Section.PURCHASES


class SectionTracker:
    """Counts one section's work and emits its status: Running with rate and ETA, then how it ended.

    The rate is measured on the run's clock from the moment the section started, over the items this run has
    finished (items finished before a resume count in `done` but not in the rate, which would flatter it).
    """

    def __init__(
        self,
        section: Section,
        sink: ExportEventSink,
        clock: Clock,
        *,
        total: int = 0,
        done: int = 0,
        failed: int = 0,
        min_interval: float = MIN_EMIT_INTERVAL_SECONDS,
        real_time: Callable[[], float] = time.monotonic,
    ) -> None:
        self.section = section
        self.total = total
        self.done = done
        self.failed = failed
        self._sink = sink
        self._clock = clock
        self._min_interval = min_interval
        self._real_time = real_time
        self._started_at: float | None = None
        self._done_at_start = done
        self._last_emit = float("-inf")
        self.finished = False
        self.status: SectionStatus = NotYetStarted(section, total, done)

    @property
    def started(self) -> bool:
        return self._started_at is not None

    def announce(self) -> None:
        self._emit(NotYetStarted(self.section, self.total, self.done))

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = self._clock.monotonic()
            self._done_at_start = self.done
            self._emit(self._running())

    def add_total(self, more: int) -> None:
        self.total += more

    def advance(self, succeeded: int = 0, failed: int = 0) -> None:
        """`succeeded + failed` more items finished."""
        self.start()
        self.done += succeeded + failed
        self.failed += failed
        now = self._real_time()
        if now - self._last_emit >= self._min_interval or self.done >= self.total:
            self._emit(self._running())

    def complete(self) -> None:
        if self.failed:
            self._finish(CompletedWithErrors(self.section, self.done, self.total, self.failed))
        else:
            self._finish(CompletedSuccessfully(self.section, self.done, self.total))

    def fail(self, message: str) -> None:
        self._finish(Failed(self.section, message, self.done, self.total, self.failed))

    def _finish(self, status: SectionStatus) -> None:
        self.finished = True
        self._emit(status)

    def _running(self) -> Running:
        rate = eta = None
        if self._started_at is not None:
            elapsed = self._clock.monotonic() - self._started_at
            moved = self.done - self._done_at_start
            if elapsed > 0 and moved > 0:
                per_second = moved / elapsed
                rate = per_second * 60
                eta = max(self.total - self.done, 0) / per_second
        return Running(self.section, self.done, self.total, self.failed, rate, eta)

    def _emit(self, status: SectionStatus) -> None:
        self.status = status
        self._last_emit = self._real_time()
        self._sink(status)
