"""System Logs entries for every batch action: what, when, before and after (issue 5 part 7).

A finance user reading System Logs months later must see what tui-ledger did to a batch and to the package, and
what stood before, without the app: so each entry's details hold `action`, `before` and `after` as plain JSON
(identifiers, record labels, amounts as text, package copies), and its `subject` is the document or batch
("invoice 508", "batch I508:K3J9QX2A") so a document's history is one filter away. Refusals and failures are
logged too: "why did nothing happen" is a question users ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import SystemLog

AREA = "batches"


class BatchAudit:
    def __init__(self, log: SystemLog) -> None:
        self.log = log

    def __repr__(self) -> str:
        return f"BatchAudit({self.log.database.path})"

    def done(
        self,
        action: str,
        subject: str,
        message: str,
        *,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
        details: Mapping[str, Any] | None = None,
        severity: Severity = Severity.INFO,
    ) -> int:
        return self.log.add(
            severity,
            AREA,
            message,
            details={"action": action, "before": dict(before), "after": dict(after), **dict(details or {})},
            subject=subject,
        )

    def refused(self, action: str, subject: str, reason: str, *, before: Mapping[str, Any]) -> int:
        return self.log.add(
            Severity.WARNING,
            AREA,
            f"{action.capitalize()} refused: {reason}",
            details={"action": action, "refused": True, "before": dict(before), "after": dict(before)},
            subject=subject,
        )

    def failed(
        self, action: str, subject: str, message: str, *, before: Mapping[str, Any], after: Mapping[str, Any]
    ) -> int:
        return self.log.add(
            Severity.ERROR,
            AREA,
            message,
            details={"action": action, "failed": True, "before": dict(before), "after": dict(after)},
            subject=subject,
        )
