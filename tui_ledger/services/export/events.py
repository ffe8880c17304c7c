"""What an export run tells whoever watches it: the status of each section, the package's quota, the end.

The Batch Status panel (seed 002) keeps one row per section and replaces it with each event for that section, so
every event carries its section and the full figures (never a delta): a consumer that missed events still draws
the truth from the latest one. The headless command prints the same events as lines or JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.domain.accounting import QuotaSnapshot


class Section(StrEnum):
    """The sections of a run, in the order they start (issue 4 part 4)."""

    CUSTOMERS = "Customers"
    SUPPLIERS = "Suppliers"
    PRODUCTS = "Products"
    INVOICES = "Invoices"
    CREDIT_NOTES = "Credit notes"
    PURCHASES = "Purchases"
    EXPENSES = "Expenses"
    MARK_BATCHED = "Mark batched in ConnectWise"


SECTIONS: tuple[Section, ...] = tuple(Section)


@dataclass(frozen=True, slots=True)
class NotYetStarted:
    """Waiting for the sections before it; `done` counts what a resumed run had finished already."""

    section: Section
    total: int
    done: int = 0

    label = "Not Yet Started"


@dataclass(frozen=True, slots=True)
class Running:
    """`done` of `total` finished (`failed` of them refused); rate in items a minute and ETA once measurable."""

    section: Section
    done: int
    total: int
    failed: int = 0
    rate_per_minute: float | None = None
    eta_seconds: float | None = None

    label = "Running"


@dataclass(frozen=True, slots=True)
class CompletedSuccessfully:
    section: Section
    done: int
    total: int

    label = "Completed Successfully"


@dataclass(frozen=True, slots=True)
class CompletedWithErrors:
    """Every item was tried; `failed` of them were refused (their messages are in the Export Log)."""

    section: Section
    done: int
    total: int
    failed: int

    label = "Completed with errors"


@dataclass(frozen=True, slots=True)
class Failed:
    """The section could not go on (a connection problem, the day's quota, a cancel); `message` says why."""

    section: Section
    message: str
    done: int
    total: int
    failed: int = 0

    label = "Failed"


SectionStatus = NotYetStarted | Running | CompletedSuccessfully | CompletedWithErrors | Failed


@dataclass(frozen=True, slots=True)
class QuotaReported:
    """The package's calls left, as it last reported them (the panel's quota line)."""

    package: str
    quota: QuotaSnapshot


@dataclass(frozen=True, slots=True)
class RunStarted:
    run_id: int
    resumed: bool
    documents: int


ExportEvent = SectionStatus | QuotaReported | RunStarted
ExportEventSink = Callable[[ExportEvent], None]


def ignore_events(_: ExportEvent) -> None:
    """The sink for callers that do not watch the run."""
