"""The schema of a profile database, as an ordered list of steps numbered by `PRAGMA user_version`.

Step N (1-based) turns a version N-1 database into version N. A database records how many steps it has had,
so opening applies exactly the missing ones, each in its own transaction together with the version bump: a
crash leaves the database at a whole version, never between two.

Rules for everyone who adds tables (invoice lines, mappings, the export journal …):
- append a `Migration` at the end of `MIGRATIONS`; never edit, reorder or remove a step that has been
  committed, because users' databases already went through it;
- a step is a tuple of SQL statements (no `BEGIN`/`COMMIT`: the runner owns the transaction), plus optionally
  `transform`, a function for data changes SQL alone cannot express.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui_ledger.store.batch_release_schema import BATCH_RELEASE_STATEMENTS
from tui_ledger.store.errors import MigrationError, NewerSchemaError
from tui_ledger.store.journal_schema import JOURNAL_SCHEMA_STATEMENTS
from tui_ledger.store.line_schema import LINE_SCHEMA_STATEMENTS
from tui_ledger.store.line_sync_schema import LINE_SYNC_STATEMENTS


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: a name for humans, SQL statements, then an optional data transform."""

    name: str
    statements: tuple[str, ...] = ()
    transform: Callable[[sqlite3.Connection], None] | None = None

    def apply(self, connection: sqlite3.Connection) -> None:
        for statement in self.statements:
            connection.execute(statement)
        if self.transform is not None:
            self.transform(connection)


CORE_TABLES = Migration(
    name="system logs, run history and app state",
    statements=(
        """
        CREATE TABLE system_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            severity INTEGER NOT NULL,
            area TEXT NOT NULL,
            message TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '{}',
            subject TEXT
        )
        """,
        "CREATE INDEX system_log_by_time ON system_log (at)",
        "CREATE INDEX system_log_by_severity ON system_log (severity, at)",
        "CREATE INDEX system_log_by_subject ON system_log (subject, at) WHERE subject IS NOT NULL",
        """
        CREATE TABLE run (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            profile TEXT NOT NULL,
            started TEXT NOT NULL,
            finished TEXT,
            status TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '{}'
        )
        """,
        "CREATE INDEX run_by_kind ON run (kind, started)",
        "CREATE INDEX run_unfinished ON run (finished) WHERE finished IS NULL",
        """
        CREATE TABLE app_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID
        """,
    ),
)

INVOICE_LINE_TABLES = Migration(
    name="invoice lines: loaded periods, organization and offer mappings, sync history",
    statements=LINE_SCHEMA_STATEMENTS,
)

EXPORT_JOURNAL_TABLES = Migration(
    name="export journal: documents per run, their package parts, customers, suppliers and products created",
    statements=JOURNAL_SCHEMA_STATEMENTS,
)

LINE_SYNC_TABLES = Migration(
    name="line sync: each run's plan (Addition keys, what they held before) and the agreements it created",
    statements=LINE_SYNC_STATEMENTS,
)

BATCH_RELEASE_TABLES = Migration(
    name="GL batch management: records taken out of a batch with the package decision, accepted differences",
    statements=BATCH_RELEASE_STATEMENTS,
)

MIGRATIONS: tuple[Migration, ...] = (
    CORE_TABLES,
    INVOICE_LINE_TABLES,
    EXPORT_JOURNAL_TABLES,
    LINE_SYNC_TABLES,
    BATCH_RELEASE_TABLES,
)
"""Every schema step in order; append new steps at the end (see the module docstring)."""


def schema_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def migrate(connection: sqlite3.Connection, migrations: Sequence[Migration], path: Path) -> int:
    """Bring the database up to `len(migrations)`; returns the version it ended at.

    The version is re-read inside each step's write transaction, so two processes opening one database at the
    same moment (the app and a scheduled export) never apply a step twice. A database from a newer tui-ledger
    is refused before anything is written.
    """
    known = len(migrations)
    found = schema_version(connection)
    if found > known:
        raise NewerSchemaError(path, found, known)
    while True:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(connection)
            if version > known:
                raise NewerSchemaError(path, version, known)
            if version == known:
                connection.execute("COMMIT")
                return version
            _apply_step(connection, migrations[version], version, path)
            connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise


def _apply_step(connection: sqlite3.Connection, step: Migration, version: int, path: Path) -> None:
    try:
        step.apply(connection)
    except sqlite3.Error as error:
        raise MigrationError(
            f"Upgrading the database {path} to schema version {version + 1} ({step.name}) failed: {error}. "
            f"It was left at version {version}, unchanged."
        ) from error
