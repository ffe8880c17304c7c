"""The progress line: honest about unknown totals, rate and time left only when they can be known."""

from __future__ import annotations

from tui_ledger.services.progress import Progress
from tui_ledger.ui.widgets.progress import combine, describe, format_duration


def test_parts_add_up_and_the_eta_follows_the_rate() -> None:
    parts = [Progress("Invoices", 100, 400, started_at=0.0, at=2.0), Progress("Expenses", 50, 50, 1.0, 2.0)]

    overall = combine(parts)

    assert (overall.done, overall.total) == (150, 450)
    assert overall.rate == 75.0
    assert overall.eta_seconds == 4.0


def test_an_unknown_total_means_no_eta() -> None:
    overall = combine([Progress("Invoices", 10, None, 0.0, 1.0), Progress("Expenses", 5, 5, 0.0, 1.0)])

    assert overall.total is None
    assert overall.eta_seconds is None
    assert overall.rate == 15.0


def test_the_line_lists_each_part_then_rate_and_time_left() -> None:
    parts = {"Invoices": Progress("Invoices", 120, 340, 0.0, 1.0), "Purchases": Progress("Purchases", 10, None, 0, 1)}

    assert describe(parts, "·") == "Invoices 120/340 · Purchases 10/?   130/s"


def test_durations_are_short() -> None:
    assert [format_duration(seconds) for seconds in (4.4, 65, 3725)] == ["4s", "1m 05s", "1h 02m"]
