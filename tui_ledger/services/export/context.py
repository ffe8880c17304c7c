"""What every step of a run works with: the journal, the package, ConnectWise's batch calls, the clock, the watcher."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise.batches import GlBatch
from tui_ledger.domain.clock import Clock
from tui_ledger.services.export.events import ExportEventSink, QuotaReported
from tui_ledger.store.journal import ExportJournal

SETTLE_ATTEMPTS = 3
"""How often a call without a usable answer is settled and tried again before the run stops (resumable)."""


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

    @property
    def package(self) -> str:
        return self.connector.capabilities.display_name

    def report_quota(self) -> None:
        self.events(QuotaReported(self.package, self.connector.quota()))
