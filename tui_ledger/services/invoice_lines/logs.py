"""System Logs as the invoice-lines screens read them: by severity, by invoice period, by line.

The sync writes each failed line's reason with `subject = "line <platform line id>"` and the period in its
details (`{"period": "2026-05", ...}`); loads and sync runs note their period the same way. `LineLogQuery` adds
those two filters to the store's `LogQuery` (severities, text, paging stay as they are), so the System Logs
screen answers "what went wrong in May" and "why did this line fail" with the store's own query.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import LogQuery

SEVERITY_CHOICES: tuple[tuple[str, frozenset[Severity] | None], ...] = (
    ("All severities", None),
    ("Info and above", Severity.at_least(Severity.INFO)),
    ("Warnings and errors", Severity.at_least(Severity.WARNING)),
    ("Errors only", Severity.at_least(Severity.ERROR)),
)
"""The severity filter's choices, loosest first (AppXite's System Logs filter by INFO / WARNING / ERROR)."""


def line_subject(platform_line_id: str) -> str:
    """The subject the sync gives a line's entries."""
    return f"line {platform_line_id}"


@dataclass(frozen=True, slots=True)
class LineLogQuery(LogQuery):
    """A `LogQuery` that can also keep only one invoice period's entries and one line's."""

    period: BillingPeriod | None = None
    line_id: str | None = None

    def where(self) -> tuple[str, list[object]]:
        where, parameters = LogQuery.where(self)
        clauses = [where.removeprefix(" WHERE ")] if where else []
        if self.period is not None:
            clauses.append("json_extract(details, '$.period') = ?")
            parameters.append(self.period.key)
        if self.line_id is not None:
            clauses.append("subject = ?")
            parameters.append(line_subject(self.line_id))
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), parameters
