"""Everything the Invoice Lines, Mapping and System Logs screens work with, for one open profile.

    lines = InvoiceLinesService(database, open_platform, billing, clock=clock, options=options)
    await lines.load(LoadChoice(current_month=True, previous_month=True), today, progress=sink)   # Load Invoices
    lines.periods(today)                         # Show invoices
    grid = lines.grid(period)                    # the grid's row source (custom charge-type names applied)
    lines.edits.save(period, key, LineChanges(...)); lines.bulk.plan(period, request)
    await lines.mapping.overview(today); await lines.directory.companies()
    await lines.sync.sync(period, marked_only=..., stop=stop, progress=sink)      # Sync to PSA, and undo

Wiring builds it (tui_ledger/wiring/lines.py) from the profile: the platform the lines come from, the ConnectWise
tenant they go to, and the lines configuration. An API source is opened on the first load and kept until
`aclose()`, so a profile that never loads lines never signs in to the platform; a CSV file is opened per load.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.ports import PlatformSource
from tui_ledger.domain.clock import Clock
from tui_ledger.services.invoice_lines.bulk import BulkUpdate
from tui_ledger.services.invoice_lines.directory import PsaDirectory
from tui_ledger.services.invoice_lines.edits import LineEdits
from tui_ledger.services.invoice_lines.loading import LoadChoice, load_periods
from tui_ledger.services.invoice_lines.mapping import LineMapping
from tui_ledger.services.invoice_lines.options import LinesOptions
from tui_ledger.services.line_sync import LineSync, SyncOptions
from tui_ledger.services.progress import ProgressSink, ignore_progress
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_grid import LineGrid
from tui_ledger.store.line_loader import LoadedPeriod
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.system_log import SystemLog

PlatformOpener = Callable[[Path | None], PlatformSource]
"""Opens the profile's platform source (AppXite, Pax8, or the CSV file given); raises with what to fix when it
cannot (e.g. `WorkspaceError` for a missing secret)."""


class InvoiceLinesService:
    """The invoice-lines workflows of one profile (see the module docstring)."""

    def __init__(
        self,
        database: Database,
        open_platform: PlatformOpener,
        billing: ConnectWiseAgreementBilling,
        *,
        clock: Clock,
        options: LinesOptions | None = None,
        system_log: SystemLog | None = None,
        loads_files: bool = False,
        owns_billing: bool = False,
    ) -> None:
        self.options = options or LinesOptions()
        self.clock = clock
        self.store = InvoiceLineStore(database)
        self.system_log = system_log or SystemLog(database, clock)
        self.directory = PsaDirectory(billing)
        self.edits = LineEdits(database, self.store, clock)
        self.bulk = BulkUpdate(database, self.store, clock)
        self.mapping = LineMapping(database, self.store, self.directory, clock)
        self.sync = LineSync(
            database,
            billing,
            self.system_log,
            clock=clock,
            options=SyncOptions(
                default_agreement_type=self.options.default_agreement_type,
                charge_type_names=self.options.charge_type_names,
            ),
        )
        self.loads_files = loads_files
        """True when the platform is a CSV export: Load Invoices then asks for the file."""
        self._open_platform = open_platform
        self._platform: PlatformSource | None = None
        self._billing = billing if owns_billing else None
        """A ConnectWise client of the sync's own (`ConnectWiseAgreementBilling.open`) is closed with the service."""

    def periods(self, today: date) -> list[LoadedPeriod]:
        """What Show invoices offers: periods loaded before, up to 15 months back, newest first."""
        return self.store.loaded_periods(today)

    def grid(self, period: BillingPeriod) -> LineGrid:
        return self.store.grid(period, self.options.charge_type_names)

    def platform(self) -> PlatformSource:
        """The platform's API source, opened on first use and kept (its sign-in and limits carry over)."""
        if self._platform is None:
            self._platform = self._open_platform(None)
        return self._platform

    async def load(
        self,
        choice: LoadChoice,
        today: date,
        *,
        csv_file: Path | None = None,
        progress: ProgressSink = ignore_progress,
    ) -> list[LoadedPeriod]:
        """Load Invoices: the chosen months from the platform (or the CSV file) into the store (see `loading`)."""
        file_source = self._open_platform(csv_file) if self.loads_files else None
        try:
            return await load_periods(
                self.store,
                file_source or self.platform(),
                choice.periods(today),
                today=today,
                clock=self.clock,
                options=self.options,
                system_log=self.system_log,
                progress=progress,
            )
        finally:
            if file_source is not None:
                await file_source.aclose()

    async def aclose(self) -> None:
        """Close the platform source if a load opened it, and the ConnectWise client if it is the service's own
        (a client shared with the workspace's reader belongs to the workspace)."""
        platform, self._platform = self._platform, None
        if platform is not None:
            await platform.aclose()
        billing, self._billing = self._billing, None
        if billing is not None:
            await billing.aclose()
