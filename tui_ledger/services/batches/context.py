"""Everything a batch workflow works with, opened once per profile and handed to each service.

The Batches screen builds one `BatchContext` from its workspace; the headless command builds it from
`wiring.open_runtime`; tests build it over the sandbox. `package` is optional: without an accounting package
connected, batches can still be searched and changed, and every kept copy is marked "update in place on the next
export" (domain/batches/package.py), so not knowing the package never produces an unmarked duplicate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date
from pathlib import Path

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise.batched_records import BatchedRecords
from tui_ledger.connectors.connectwise.batches import ConnectWiseBatches
from tui_ledger.connectors.connectwise.reader import ConnectWiseReader
from tui_ledger.domain.accounting import PackageCapabilities
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.plans.options import ExportOptions, PlainExportOptions
from tui_ledger.services.batches.audit import BatchAudit
from tui_ledger.services.batches.events import BatchEvent, BatchEventSink, Step, StepState, ignore_events
from tui_ledger.store.batch_releases import BatchReleases
from tui_ledger.store.database import Database
from tui_ledger.store.system_log import SystemLog

NO_PACKAGE = "the accounting package"


@dataclass(slots=True)
class BatchContext:
    psa: ConnectWiseReader
    database: Database
    profile: str
    clock: Clock = field(default_factory=SystemClock)
    package: AccountingConnector | None = None
    target: str | None = None
    """The profile's name for the accounting company `package` writes to (a profile may have several)."""
    options: ExportOptions = field(default_factory=PlainExportOptions)
    tax_codes: Mapping[str, str] = field(default_factory=dict)
    """The company's ConnectWise → package tax-code map, for records sent through the export."""
    data_dir: Path | None = None
    """The profile's data folder, where the export lock lives; needed to send records through the export."""
    events: BatchEventSink = ignore_events

    @property
    def batches(self) -> ConnectWiseBatches:
        return self.psa.batches

    @property
    def records(self) -> BatchedRecords:
        return BatchedRecords(self.psa.client)

    @property
    def releases(self) -> BatchReleases:
        return BatchReleases(self.database, self.clock)

    @property
    def audit(self) -> BatchAudit:
        return BatchAudit(SystemLog(self.database, self.clock))

    @property
    def capabilities(self) -> PackageCapabilities | None:
        return self.package.capabilities if self.package is not None else None

    @property
    def package_name(self) -> str:
        capabilities = self.capabilities
        return capabilities.display_name if capabilities is not None else NO_PACKAGE

    @property
    def today(self) -> date:
        return self.clock.now().astimezone(UTC).date()

    def emit(self, event: BatchEvent) -> None:
        self.events(event)

    def step(self, action: str, text: str, state: StepState = StepState.STARTED) -> None:
        self.events(Step(action, text, state))
