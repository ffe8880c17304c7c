"""Seed 003: Load Invoices loads calendar months; Show invoices offers the periods loaded, up to 15 months back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.store.invoice_line_samples import LOADED_AT, open_database, sample_lines
from tui_ledger.store.invoice_lines import InvoiceLineStore, PeriodNotLoadedError
from tui_ledger.store.line_periods import BillingPeriod, PeriodOutOfRangeError, oldest_retained


def test_period_reads_writes_and_steps_through_months() -> None:
    may = BillingPeriod.parse("2026-05")
    assert may == BillingPeriod(2026, 5)
    assert may.key == "2026-05"
    assert may.label == "May 2026"
    assert may.first_day == date(2026, 5, 1)
    assert may.last_day == date(2026, 5, 31)
    assert BillingPeriod(2026, 1).previous() == BillingPeriod(2025, 12)
    assert BillingPeriod(2024, 2).last_day == date(2024, 2, 29)
    assert BillingPeriod.containing(date(2026, 1, 1)).previous() == BillingPeriod(2025, 12)


@pytest.mark.parametrize("text", ["2026-5", "May 2026", "2026-13", ""])
def test_a_period_that_is_not_a_calendar_month_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"month|YYYY-MM"):
        BillingPeriod.parse(text)


def test_retention_is_fifteen_months_back_inclusive() -> None:
    today = date(2026, 5, 18)
    assert oldest_retained(today) == BillingPeriod(2025, 2)
    assert BillingPeriod(2025, 2).is_retained(today)
    assert not BillingPeriod(2025, 1).is_retained(today)
    assert BillingPeriod(2026, 5).is_retained(today)
    assert not BillingPeriod(2026, 6).is_retained(today)


def test_loading_a_period_too_old_or_in_the_future_is_refused(tmp_path: Path) -> None:
    store = InvoiceLineStore(open_database(tmp_path))
    old = BillingPeriod(2025, 1)
    with pytest.raises(PeriodOutOfRangeError, match="more than 15 months before May 2026"):
        store.load_period(old, sample_lines(3, period=old), today=date(2026, 5, 18), loaded_at=LOADED_AT)
    future = BillingPeriod(2026, 6)
    with pytest.raises(PeriodOutOfRangeError, match="in the future"):
        store.load_period(future, sample_lines(3, period=future), today=date(2026, 5, 18), loaded_at=LOADED_AT)


def test_show_invoices_lists_loaded_periods_newest_first_and_drops_expired_ones(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    store = InvoiceLineStore(database)
    for period in (BillingPeriod(2025, 2), BillingPeriod(2026, 4), BillingPeriod(2026, 5)):
        store.load_period(period, sample_lines(5, period=period), today=date(2026, 5, 18), loaded_at=LOADED_AT)

    in_may = [loaded.period for loaded in store.loaded_periods(date(2026, 5, 18))]
    assert in_may == [BillingPeriod(2026, 5), BillingPeriod(2026, 4), BillingPeriod(2025, 2)]
    assert all(loaded.line_count == 5 for loaded in store.loaded_periods(date(2026, 5, 18)))

    in_june = date(2026, 6, 2)
    assert BillingPeriod(2025, 2) not in [loaded.period for loaded in store.loaded_periods(in_june)]
    expired_shard = store.loaded(BillingPeriod(2025, 2)).shard
    assert store.prune(in_june) == [BillingPeriod(2025, 2)]
    tables = {row[0] for row in database.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert not {expired_shard.lines, expired_shard.text, expired_shard.marks} & tables
    with pytest.raises(PeriodNotLoadedError, match="February 2025 has not been loaded"):
        store.grid(BillingPeriod(2025, 2))
    assert store.prune(in_june) == []
