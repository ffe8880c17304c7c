"""How a batch action ended, in one shape for the screen, the headless command and System Logs.

`DONE`: everything asked happened. `REFUSED`: a guard said no before anything changed (the refusal carries
the reason and the alternatives). `FAILED`: a call failed; `steps` say what had already happened, so a
half-done action is never reported as nothing or as everything. `connection_problem` marks failures that are
about reaching or signing in to a service (the command exits 2 for those, as the export command does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from tui_ledger.connectors.errors import AuthenticationFailed, ConnectorError, DayLimitReached, Forbidden, Unreachable
from tui_ledger.domain.batches.refusals import Refusal


class OutcomeStatus(StrEnum):
    DONE = "done"
    REFUSED = "refused"
    FAILED = "failed"


CONNECTION_ERRORS = (AuthenticationFailed, Forbidden, Unreachable, DayLimitReached)


@dataclass(frozen=True, slots=True)
class ActionOutcome:
    action: str
    status: OutcomeStatus
    message: str
    steps: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    refusal: Refusal | None = None
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)
    connection_problem: bool = False

    @property
    def ok(self) -> bool:
        return self.status is OutcomeStatus.DONE

    @property
    def exit_code(self) -> int:
        """0 done, 1 refused or failed, 2 a connection or sign-in problem (like `tui-ledger export`)."""
        if self.ok:
            return 0
        return 2 if self.connection_problem else 1

    def as_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "status": self.status.value,
            "message": self.message,
            "steps": list(self.steps),
            "warnings": list(self.warnings),
            "refusal": None
            if self.refusal is None
            else {
                "reason": self.refusal.reason,
                "alternatives": [alternative.value for alternative in self.refusal.alternatives],
            },
            "before": dict(self.before),
            "after": dict(self.after),
        }


def refused(action: str, refusal: Refusal, before: Mapping[str, Any] | None = None) -> ActionOutcome:
    return ActionOutcome(action, OutcomeStatus.REFUSED, refusal.text, refusal=refusal, before=before or {})


def failed(
    action: str,
    error: ConnectorError,
    steps: list[str],
    *,
    before: Mapping[str, Any],
    after: Mapping[str, Any] | None = None,
    warnings: tuple[str, ...] = (),
) -> ActionOutcome:
    done = f" Done before it failed: {'; '.join(steps)}." if steps else " Nothing was changed."
    return ActionOutcome(
        action,
        OutcomeStatus.FAILED,
        f"{error}{done}",
        tuple(steps),
        warnings,
        before=before,
        after=after or {},
        connection_problem=isinstance(error, CONNECTION_ERRORS),
    )
