"""Load Invoices (seed 003): fetch the current and/or previous month from the platform into the store.

"Current Month" is the calendar month of today, "Previous Month" the one before, each by Invoice Date from its
first to its last day. A period is read whole from the platform before anything is stored, then stored in one
transaction, so a stop (Esc cancels the task) or a platform failure never leaves a half-loaded month: the
period keeps what it held before, and months already stored by the same load stay stored.

Progress is reported per month, in lines read (the total is known once the month is read); each stored month
is noted in System Logs, so the log answers "when did I last load May, and how many lines came".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tui_ledger.connectors.ports import PlatformSource
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.invoice_lines import InvoiceLine
from tui_ledger.services.invoice_lines.options import LinesOptions, charge_date_rules
from tui_ledger.services.progress import ProgressSink, ProgressTracker, ignore_progress
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_loader import LoadedPeriod
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import SystemLog

LOG_AREA = "lines.load"


@dataclass(frozen=True, slots=True)
class LoadChoice:
    """The two check boxes of the Load Invoice Lines modal."""

    current_month: bool = True
    previous_month: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.current_month or self.previous_month)

    def periods(self, today: date) -> list[BillingPeriod]:
        """The chosen months, newest first: `today`'s month and/or the one before."""
        current = BillingPeriod.containing(today)
        chosen = [current] if self.current_month else []
        return chosen + ([current.previous()] if self.previous_month else [])


async def read_period(source: PlatformSource, period: BillingPeriod, progress: ProgressTracker) -> list[InvoiceLine]:
    """Every line of the month, page by page; the tracker counts lines as they arrive."""
    lines: list[InvoiceLine] = []
    progress.set_total(None)
    async for page in source.invoice_lines(period.first_day, period.last_day):
        lines.extend(page)
        progress.advance(len(page), period.label)
    progress.set_total(len(lines))
    return lines


async def load_periods(
    store: InvoiceLineStore,
    source: PlatformSource,
    periods: Sequence[BillingPeriod],
    *,
    today: date,
    clock: Clock,
    options: LinesOptions,
    system_log: SystemLog,
    progress: ProgressSink = ignore_progress,
) -> list[LoadedPeriod]:
    """Read and store each period in turn; returns what was stored, in the order given."""
    rules = charge_date_rules(options)
    trackers = {period: ProgressTracker(period.label, progress) for period in periods}
    loaded: list[LoadedPeriod] = []
    for period in periods:
        period.require_retained(today)
        lines = await read_period(source, period, trackers[period])
        stored = store.load_period(period, lines, today=today, loaded_at=clock.now(), charge_date_rules=rules)
        loaded.append(stored)
        system_log.add(
            Severity.INFO,
            LOG_AREA,
            f"Loaded {stored.line_count:,} invoice lines of {period.label} from {source.platform.value}",
            details={"period": period.key, "lines": stored.line_count, "platform": source.platform.value},
            subject=f"period {period.key}",
        )
    store.prune(today)
    return loaded
