"""The invoice-lines state of a profile: loaded periods, their grids and edits, mappings, sync history.

The one entry point services use for seed 003's Invoices tab:

    store = InvoiceLineStore(database)
    loaded = store.load_period(BillingPeriod(2026, 5), lines, today=today, loaded_at=now)   # Load Invoices
    store.loaded_periods(today)                                  # Show invoices: what can be shown
    grid = store.grid(loaded.period, charge_type_names)          # the grid's row source
    store.editor(loaded.period).set_charge_start(keys, date(…))  # inline edit / Bulk Update
    store.mappings.map_organization(…); store.sync_history.start(…)

Configuration (default agreement type, charge-type names, charge-date rules) is read from config.toml by
the caller and handed in: names to `grid`, rules to `load_period` as a function.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine
from tui_ledger.store.codec import timestamp_from_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.line_dictionary import PeriodTexts
from tui_ledger.store.line_edits import LineEditor
from tui_ledger.store.line_grid import LineGrid
from tui_ledger.store.line_groups import LineGroups
from tui_ledger.store.line_loader import ChargeDateRules, LoadedPeriod, LoadProgress, PeriodLoader
from tui_ledger.store.line_mappings import LineMappings
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_sync_history import LineSyncHistory


class PeriodNotLoadedError(StoreError):
    """A period was asked for that has not been loaded (or was pruned)."""


class InvoiceLineStore:
    """Invoice lines, mappings and sync history in the profile database."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self.mappings = LineMappings(database)
        self.sync_history = LineSyncHistory(database)
        self._texts: dict[tuple[str, int], PeriodTexts] = {}
        self._groups: dict[tuple[str, int], LineGroups] = {}

    def load_period(
        self,
        period: BillingPeriod,
        lines: Iterable[InvoiceLine],
        *,
        today: date,
        loaded_at: datetime,
        charge_date_rules: ChargeDateRules | None = None,
        progress: LoadProgress | None = None,
    ) -> LoadedPeriod:
        """Store a period's lines (replacing an earlier load of it, keeping edits, sync state and marks)."""
        period.require_retained(today)
        loader = PeriodLoader(self._database)
        return loader.load(
            period,
            lines,
            loaded_at=loaded_at,
            defaults=self.mappings.defaults(),
            charge_date_rules=charge_date_rules,
            progress=progress,
        )

    def loaded_periods(self, today: date) -> list[LoadedPeriod]:
        """The periods Show invoices offers: loaded and inside the retention window, newest first."""
        rows = self._database.query(
            "SELECT period, line_count, loaded_at, generation FROM line_period ORDER BY period DESC"
        )
        periods = [_loaded(row) for row in rows]
        return [loaded for loaded in periods if loaded.period.is_retained(today)]

    def loaded(self, period: BillingPeriod) -> LoadedPeriod:
        row = self._database.query_one(
            "SELECT period, line_count, loaded_at, generation FROM line_period WHERE period = ?", (period.key,)
        )
        if row is None:
            raise PeriodNotLoadedError(f"{period.label} has not been loaded; use Load Invoices first")
        return _loaded(row)

    def prune(self, today: date) -> list[BillingPeriod]:
        """Drop periods older than the retention window; returns the periods dropped."""
        rows = self._database.query("SELECT period, line_count, loaded_at, generation FROM line_period")
        expired = [loaded for loaded in map(_loaded, rows) if not loaded.period.is_retained(today)]
        with self._database.transaction() as connection:
            for loaded in expired:
                for statement in loaded.shard.drop_statements():
                    connection.execute(statement)
                connection.execute("DELETE FROM line_period WHERE period = ?", (loaded.period.key,))
        return [loaded.period for loaded in expired]

    def grid(self, period: BillingPeriod, charge_type_names: Mapping[ChargeType, str] | None = None) -> LineGrid:
        loaded = self.loaded(period)
        return LineGrid(self._database, loaded, self.texts(loaded), charge_type_names)

    def editor(self, period: BillingPeriod) -> LineEditor:
        loaded = self.loaded(period)
        return LineEditor(self._database, loaded, self.texts(loaded))

    def groups(self, period: BillingPeriod) -> LineGroups:
        """The period's organizations and offers with their line counts (the Mapping screen's lists)."""
        loaded = self.loaded(period)
        key = (loaded.period.key, loaded.generation)
        groups = self._groups.get(key)
        if groups is None:
            groups = self._groups[key] = LineGroups(self._database, loaded, self.texts(loaded))
        return groups

    def texts(self, loaded: LoadedPeriod) -> PeriodTexts:
        """The period's dictionary, one per generation; each field is read when first needed (see `FieldTexts`)."""
        key = (loaded.period.key, loaded.generation)
        texts = self._texts.get(key)
        if texts is None:
            texts = self._texts[key] = PeriodTexts(loaded.shard.text, self._database.query)
        return texts


def _loaded(row: sqlite3.Row) -> LoadedPeriod:
    period, line_count, loaded_at, generation = tuple(row)
    return LoadedPeriod(BillingPeriod.parse(period), int(line_count), timestamp_from_text(loaded_at), int(generation))
