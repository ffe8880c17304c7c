"""Tables of the invoice-lines area: the shared ones (a migration step) and the per-period shard.

Why a shard per period: a period arrives as one bulk load of up to a million lines, and SQLite inserts a
million rows in seconds only into a table without indexes, building the indexes afterwards in one sorted
pass each. With every period in one table, loading May would have to maintain twenty-odd indexes already
holding April, one random b-tree insert at a time. So each load builds a fresh generation of three tables —
lines, their text dictionary and their marks — then points the period at it and drops the old one in the same
transaction. A reader never sees a half-built period, and pruning a period is three `DROP TABLE`s.

The shared tables (periods, mappings, sync history) are ordinary tables, created by the migration step
`LINE_SCHEMA_STATEMENTS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.store.line_columns import SORT_INDEXES
from tui_ledger.store.line_periods import BillingPeriod

SHARD_VERSION = 1
"""Layout version of the per-period tables, recorded per period so a later layout can upgrade old shards."""

LINE_SCHEMA_STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE line_period (
        period TEXT PRIMARY KEY,
        generation INTEGER NOT NULL,
        shard_version INTEGER NOT NULL,
        line_count INTEGER NOT NULL,
        loaded_at TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE line_generation (
        id INTEGER PRIMARY KEY AUTOINCREMENT
    )
    """,
    """
    CREATE TABLE organization_mapping (
        source_platform TEXT NOT NULL,
        organization_id TEXT NOT NULL,
        company_id INTEGER NOT NULL,
        company_name TEXT NOT NULL,
        agreement_id INTEGER NOT NULL DEFAULT 0,
        agreement_name TEXT NOT NULL DEFAULT '',
        agreement_new INTEGER NOT NULL DEFAULT 0,
        is_default INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_platform, organization_id, company_id)
    ) WITHOUT ROWID
    """,
    """
    CREATE UNIQUE INDEX organization_mapping_one_default
        ON organization_mapping (source_platform, organization_id) WHERE is_default
    """,
    """
    CREATE TABLE offer_mapping (
        source_platform TEXT NOT NULL,
        offer_key TEXT NOT NULL,
        product_id INTEGER NOT NULL,
        product_name TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (source_platform, offer_key)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE line_sync_run (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        state TEXT NOT NULL,
        synced INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        undone_at TEXT
    )
    """,
    "CREATE INDEX line_sync_run_by_period ON line_sync_run (period, started_at)",
    """
    CREATE TABLE line_sync_entry (
        run_id INTEGER NOT NULL REFERENCES line_sync_run (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        source_platform TEXT NOT NULL,
        platform_line_id TEXT NOT NULL,
        action TEXT NOT NULL,
        addition_id INTEGER NOT NULL DEFAULT 0,
        agreement_id INTEGER NOT NULL DEFAULT 0,
        before TEXT NOT NULL DEFAULT '{}',
        message TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX line_sync_entry_by_line ON line_sync_entry (source_platform, platform_line_id)",
)
"""The shared invoice-lines tables, applied as one step of `store.migrations.MIGRATIONS`."""


@dataclass(frozen=True, slots=True)
class LineShard:
    """The table names of one generation of one period: `lines_2026_05_g7`, `…_text`, `…_mark`."""

    period: BillingPeriod
    generation: int

    @property
    def lines(self) -> str:
        return f"lines_{self.period.year:04d}_{self.period.month:02d}_g{self.generation}"

    @property
    def text(self) -> str:
        return f"{self.lines}_text"

    @property
    def marks(self) -> str:
        return f"{self.lines}_mark"

    def create_statements(self) -> tuple[str, ...]:
        """The three tables, without the sort indexes (those are built after the bulk insert)."""
        return (
            f"""
            CREATE TABLE {self.lines} (
                id INTEGER PRIMARY KEY,
                source_platform TEXT NOT NULL,
                platform_line_id TEXT NOT NULL,
                invoice_id TEXT NOT NULL,
                subscription_id TEXT,
                description TEXT,
                currency TEXT,
                is_custom INTEGER NOT NULL,
                invoice_date INTEGER NOT NULL,
                organization INTEGER NOT NULL,
                organization_name INTEGER NOT NULL,
                organization_reference INTEGER NOT NULL,
                contract_id INTEGER NOT NULL,
                offer_name INTEGER NOT NULL,
                offer_id INTEGER NOT NULL,
                vendor_name INTEGER NOT NULL,
                billing_cycle INTEGER NOT NULL,
                commitment_term INTEGER NOT NULL,
                quantity TEXT NOT NULL,
                quantity_key REAL NOT NULL,
                cost TEXT NOT NULL,
                cost_key REAL NOT NULL,
                revenue TEXT NOT NULL,
                revenue_key REAL NOT NULL,
                charge_type TEXT NOT NULL,
                platform_start INTEGER NOT NULL,
                platform_end INTEGER NOT NULL,
                charge_start INTEGER NOT NULL,
                charge_start_badge INTEGER NOT NULL,
                charge_end INTEGER NOT NULL,
                charge_end_badge INTEGER NOT NULL,
                psa_company_id INTEGER NOT NULL,
                psa_company_name TEXT NOT NULL COLLATE NOCASE,
                psa_company_badge INTEGER NOT NULL,
                psa_agreement_id INTEGER NOT NULL,
                psa_agreement_name TEXT NOT NULL COLLATE NOCASE,
                psa_agreement_new INTEGER NOT NULL,
                psa_agreement_badge INTEGER NOT NULL,
                psa_product_id INTEGER NOT NULL,
                psa_product_name TEXT NOT NULL COLLATE NOCASE,
                psa_product_badge INTEGER NOT NULL,
                psa_status INTEGER NOT NULL DEFAULT 1,
                psa_addition_id INTEGER NOT NULL DEFAULT 0,
                psa_message TEXT NOT NULL DEFAULT '',
                psa_synced_at TEXT NOT NULL DEFAULT '',
                mapping_status INTEGER GENERATED ALWAYS AS (
                    CASE WHEN psa_company_id > 0 AND psa_product_id > 0
                              AND (psa_agreement_id > 0 OR psa_agreement_new) THEN 0 ELSE 1 END
                ) VIRTUAL
            )
            """,
            f"""
            CREATE TABLE {self.text} (
                field TEXT NOT NULL,
                code INTEGER NOT NULL,
                value TEXT NOT NULL,
                lines INTEGER NOT NULL,
                PRIMARY KEY (field, code)
            ) WITHOUT ROWID
            """,
            f"CREATE TABLE {self.marks} (line_id INTEGER PRIMARY KEY)",
        )

    def index_statements(self) -> tuple[str, ...]:
        """The line-key uniqueness index and one index per sortable column."""
        return (
            f"CREATE UNIQUE INDEX {self.lines}_by_key ON {self.lines} (platform_line_id, source_platform)",
            *(index.create_sql(self.lines) for index in SORT_INDEXES.values()),
        )

    def drop_statements(self) -> tuple[str, ...]:
        return tuple(f"DROP TABLE IF EXISTS {name}" for name in (self.marks, self.text, self.lines))
