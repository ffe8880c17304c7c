"""What the user asks the PSA for on the Export screen's filter bar (seeds 002 and 004)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tui_ledger.domain.documents import DocumentKind, SummaryLevel


@dataclass(frozen=True, slots=True)
class UnpostedFilter:
    """Thru Date, which document types, which billing location, which invoice summary level."""

    thru_date: date
    include_invoices: bool = True
    include_expenses: bool = True
    include_procurement: bool = True
    location_id: int | None = None
    summary_level: SummaryLevel = SummaryLevel.DEFAULT

    @property
    def kinds(self) -> tuple[DocumentKind, ...]:
        chosen = (
            (DocumentKind.INVOICE, self.include_invoices),
            (DocumentKind.EXPENSE, self.include_expenses),
            (DocumentKind.PROCUREMENT, self.include_procurement),
        )
        return tuple(kind for kind, included in chosen if included)
