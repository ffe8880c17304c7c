"""The Batch Status figures: which section a document part belongs to, and Running with rate and ETA."""

from __future__ import annotations

from datetime import UTC, datetime

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.export import (
    CompletedSuccessfully,
    CompletedWithErrors,
    ExportEvent,
    Failed,
    NotYetStarted,
    Running,
    Section,
)
from tui_ledger.services.export.sections import SectionTracker, section_of


class SteppedClock:
    def __init__(self) -> None:
        self.seconds = 0.0

    def monotonic(self) -> float:
        return self.seconds

    def now(self) -> datetime:
        return datetime(2026, 1, 31, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        self.seconds += seconds


def test_negative_invoices_are_credit_notes_and_purchases_and_expenses_go_by_their_psa_kind() -> None:
    assert section_of(DocumentKind.INVOICE, DocumentType.SALES_INVOICE) is Section.INVOICES
    assert section_of(DocumentKind.INVOICE, DocumentType.SALES_CREDIT) is Section.CREDIT_NOTES
    assert section_of(DocumentKind.PROCUREMENT, DocumentType.SUPPLIER_CREDIT) is Section.PURCHASES
    assert section_of(DocumentKind.EXPENSE, DocumentType.PURCHASE) is Section.EXPENSES
    assert section_of(DocumentKind.EXPENSE, DocumentType.BILL) is Section.EXPENSES


def test_running_reports_n_of_n_with_a_rate_a_minute_and_the_time_left_then_how_it_ended() -> None:
    clock = SteppedClock()
    events: list[ExportEvent] = []
    tracker = SectionTracker(Section.INVOICES, events.append, clock, total=100, done=20, min_interval=0.0)

    tracker.announce()
    tracker.start()
    clock.seconds = 30.0
    tracker.advance(succeeded=30)
    clock.seconds = 60.0
    tracker.advance(succeeded=48, failed=2)
    tracker.complete()

    assert events[0] == NotYetStarted(Section.INVOICES, 100, 20)
    assert events[1] == Running(Section.INVOICES, 20, 100, 0, None, None)
    assert events[2] == Running(Section.INVOICES, 50, 100, 0, 60.0, 50.0), "rate counts only this run's work"
    assert events[3] == Running(Section.INVOICES, 100, 100, 2, 80.0, 0.0)
    assert events[4] == CompletedWithErrors(Section.INVOICES, 100, 100, 2)


def test_running_events_closer_than_the_interval_are_merged_but_the_last_one_always_goes() -> None:
    now = [0.0]
    events: list[ExportEvent] = []
    tracker = SectionTracker(
        Section.MARK_BATCHED, events.append, SteppedClock(), total=3, min_interval=0.1, real_time=lambda: now[0]
    )

    tracker.start()
    tracker.advance(succeeded=1)
    now[0] = 0.05
    tracker.advance(succeeded=1)
    tracker.advance(succeeded=1)
    tracker.complete()

    assert [(type(event).__name__, getattr(event, "done", None)) for event in events] == [
        ("Running", 0),
        ("Running", 3),
        ("CompletedSuccessfully", 3),
    ]


def test_a_section_that_cannot_go_on_says_why_with_its_figures() -> None:
    events: list[ExportEvent] = []
    tracker = SectionTracker(Section.EXPENSES, events.append, SteppedClock(), total=10, min_interval=0.0)
    tracker.start()
    tracker.advance(succeeded=4)

    tracker.fail("Xero: the daily limit of 5,000 calls is used up")

    assert events[-1] == Failed(Section.EXPENSES, "Xero: the daily limit of 5,000 calls is used up", 4, 10, 0)
    assert tracker.finished
    empty = SectionTracker(Section.PRODUCTS, events.append, SteppedClock())
    empty.complete()
    assert events[-1] == CompletedSuccessfully(Section.PRODUCTS, 0, 0)
