"""Tables of a sync run's plan and of the agreements it created (see `line_sync`), as one migration step.

Kept apart from `line_sync` because `migrations` imports the statements and `line_sync` imports the database.
"""

from __future__ import annotations

LINE_SYNC_STATEMENTS: tuple[str, ...] = (
    """
    CREATE TABLE line_sync_plan (
        run_id INTEGER NOT NULL REFERENCES line_sync_run (id) ON DELETE CASCADE,
        source_platform TEXT NOT NULL,
        platform_line_id TEXT NOT NULL,
        addition_key TEXT NOT NULL,
        company_id INTEGER NOT NULL,
        agreement_id INTEGER NOT NULL DEFAULT 0,
        found_addition_id INTEGER NOT NULL DEFAULT 0,
        found TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL,
        PRIMARY KEY (run_id, source_platform, platform_line_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX line_sync_plan_pending ON line_sync_plan (run_id) WHERE state = 'pending'",
    """
    CREATE TABLE line_sync_agreement (
        run_id INTEGER NOT NULL REFERENCES line_sync_run (id) ON DELETE CASCADE,
        agreement_id INTEGER NOT NULL,
        company_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        state TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, agreement_id)
    ) WITHOUT ROWID
    """,
)
"""Applied as one step of `store.migrations.MIGRATIONS`."""
