"""What every step of a run works with: the journal, the package, ConnectWise's batch calls, the clock, the watcher."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise.batches import GlBatch
from tui_ledger.domain.clock import Clock
from tui_ledger.services.export.events import ExportEventSink, QuotaReported
from tui_ledger.store.journal import ExportJournal

SETTLE_ATTEMPTS = 3
"""How often a call without a usable answer is settled and tried again before the run stops (resumable)."""
LATE_ANSWER_GRACE_SECONDS = 15.0
"""How long a call whose answer was lost may still be at work in the service. A request the client gave up on (a
reset, a timeout) can still be processed after, and a killed process leaves its last requests in flight; looking the
document up sooner could miss a copy that is about to appear, and send it twice. A create of one chunk takes a
service a few seconds at most, so a lookup that settles such an outcome waits until this long after the call went
out (never longer than this in all). Calls the service answered, even with a server error, need no grace."""


class GlBatchWriter(Protocol):
    """The two ConnectWise batch calls a run makes (`ConnectWiseBatches` implements them)."""

    async def create_batch(
        self,
        identifier: str,
        gl_entry_ids: Sequence[int],
        *,
        invoices: bool = False,
        expenses: bool = False,
        products: bool = False,
        gl_interface_identifier: str | None = None,
    ) -> GlBatch: ...

    async def find_batch(self, identifier: str) -> GlBatch | None: ...


@dataclass(slots=True)
class RunContext:
    run_id: int
    journal: ExportJournal
    connector: AccountingConnector
    batches: GlBatchWriter
    clock: Clock
    events: ExportEventSink
    settle_attempts: int = SETTLE_ATTEMPTS
    late_answer_grace: float = LATE_ANSWER_GRACE_SECONDS

    @property
    def package(self) -> str:
        return self.connector.capabilities.display_name

    async def wait_for_late_answers(self, sent_at: Iterable[datetime]) -> None:
        """Sleep until the grace after the latest of these sends has passed (at most the grace itself)."""
        latest = max(sent_at, default=None)
        if latest is None:
            return
        elapsed = (self.clock.now() - latest).total_seconds()
        remaining = self.late_answer_grace if elapsed < 0 else self.late_answer_grace - elapsed
        if remaining > 0:
            await self.clock.sleep(min(remaining, self.late_answer_grace))

    def report_quota(self) -> None:
        self.events(QuotaReported(self.package, self.connector.quota()))
