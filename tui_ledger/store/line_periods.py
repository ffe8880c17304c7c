"""Invoice periods: calendar months, and the 15-month window of periods the desk keeps.

Seed 003: "Load Invoices" fetches the current month, the previous month or both; "Show invoices" lists only
periods loaded before, up to 15 months back. A period is therefore a calendar month, and the store refuses
to load or keep a month outside that window: older months are pruned, future months cannot have invoices.

"15 months back" is read inclusively: on 18 May 2026 the oldest period kept is February 2025 (May 2026 minus
15 months), so the window holds 16 calendar months counting the current one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from tui_ledger.store.errors import StoreError

RETENTION_MONTHS = 15
"""How many months before the current one a loaded period stays available (seed 003)."""

_PERIOD_TEXT = re.compile(r"(\d{4})-(\d{2})")


class PeriodOutOfRangeError(StoreError):
    """A period is older than the retention window, or lies in the future."""


@dataclass(frozen=True, order=True, slots=True)
class BillingPeriod:
    """One calendar month of invoice lines, e.g. `BillingPeriod(2026, 5)` for May 2026."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")
        if not 1900 <= self.year <= 9999:
            raise ValueError(f"year must be 1900..9999, got {self.year}")

    @classmethod
    def containing(cls, day: date) -> BillingPeriod:
        """The period a day falls in (Load Invoices' "Current Month" is `containing(today)`)."""
        return cls(day.year, day.month)

    @classmethod
    def parse(cls, text: str) -> BillingPeriod:
        """Read `YYYY-MM`, the form periods are stored and shown in."""
        match = _PERIOD_TEXT.fullmatch(text.strip())
        if match is None:
            raise ValueError(f"a period is written YYYY-MM, got {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def key(self) -> str:
        """`2026-05`: sorts chronologically as text."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """`May 2026`, as the Show invoices selector lists it."""
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def previous(self) -> BillingPeriod:
        """Load Invoices' "Previous Month" relative to this one."""
        return self.shifted(-1)

    def shifted(self, months: int) -> BillingPeriod:
        index = self.year * 12 + (self.month - 1) + months
        return BillingPeriod(index // 12, index % 12 + 1)

    def months_before(self, later: BillingPeriod) -> int:
        """How many months this period lies before `later` (negative when it lies after)."""
        return (later.year * 12 + later.month) - (self.year * 12 + self.month)

    def is_retained(self, today: date) -> bool:
        """Whether the period is inside the window: not in the future, at most 15 months back."""
        return 0 <= self.months_before(BillingPeriod.containing(today)) <= RETENTION_MONTHS

    def require_retained(self, today: date) -> None:
        if self.is_retained(today):
            return
        current = BillingPeriod.containing(today)
        if self.months_before(current) < 0:
            raise PeriodOutOfRangeError(f"{self.label} is in the future (today is {today.isoformat()})")
        raise PeriodOutOfRangeError(
            f"{self.label} is more than {RETENTION_MONTHS} months before {current.label}; "
            f"the oldest period kept is {oldest_retained(today).label}"
        )

    def __str__(self) -> str:
        return self.key


def oldest_retained(today: date) -> BillingPeriod:
    """The oldest period still inside the retention window on `today`."""
    return BillingPeriod.containing(today).shifted(-RETENTION_MONTHS)
