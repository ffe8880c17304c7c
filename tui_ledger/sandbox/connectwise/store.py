"""The ConnectWise sandbox's SQLite file: records as JSON bodies, GL entries, batches and their records.

Seeding rewrites the file's rows inside one transaction (the file itself stays, so a running app notices
the change through `PRAGMA data_version` and reloads). Every change the API makes (a batch created or
deleted, a PO unbatched or rebatched) is one transaction here before it touches the in-memory ledger.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_ledger.sandbox.connectwise.jsonout import dumps, loads
from tui_ledger.sandbox.connectwise.records import SeedRecords

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    collection TEXT NOT NULL,
    id INTEGER NOT NULL,
    body TEXT NOT NULL,
    record_kind TEXT,
    record_id INTEGER,
    PRIMARY KEY (collection, id)
);
CREATE TABLE IF NOT EXISTS gl_entries (
    id INTEGER PRIMARY KEY,
    record_kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE COLLATE NOCASE,
    closed INTEGER NOT NULL DEFAULT 0,
    export_invoices INTEGER NOT NULL,
    export_expenses INTEGER NOT NULL,
    export_products INTEGER NOT NULL,
    gl_interface_identifier TEXT,
    entered TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS batch_records (
    record_kind TEXT NOT NULL,
    record_id INTEGER NOT NULL,
    batch_id INTEGER NOT NULL REFERENCES batches (id),
    unbatched INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (record_kind, record_id)
);
"""


class StateMissingError(RuntimeError):
    """The state file was never seeded."""


@dataclass(frozen=True, slots=True)
class BatchRow:
    id: int
    identifier: str
    closed: bool
    export_invoices: bool
    export_expenses: bool
    export_products: bool
    gl_interface_identifier: str | None
    entered: str


@dataclass(frozen=True, slots=True)
class StoredState:
    resources: list[tuple[str, int, dict[str, Any], str | None, int | None]]
    gl_entries: list[tuple[int, str, int, dict[str, Any]]]
    batches: list[BatchRow]
    batch_records: list[tuple[str, int, int, bool]]


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def seed_state(path: Path, records: SeedRecords) -> None:
    """Replace everything in the state file with `records`, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path)
    try:
        connection.executescript(_SCHEMA)
        connection.execute("BEGIN IMMEDIATE")
        for table in ("batch_records", "batches", "gl_entries", "resources"):
            connection.execute(f"DELETE FROM {table}")
        connection.executemany(
            "INSERT INTO resources (collection, id, body, record_kind, record_id) VALUES (?, ?, ?, ?, ?)",
            ((c, i, dumps(body), kind, rid) for c, i, body, kind, rid in records.resources),
        )
        connection.executemany(
            "INSERT INTO gl_entries (id, record_kind, record_id, body) VALUES (?, ?, ?, ?)",
            ((i, kind, rid, dumps(body)) for i, kind, rid, body in records.gl_entries),
        )
        connection.executemany(
            "INSERT INTO batches (id, identifier, closed, export_invoices, export_expenses, export_products, entered)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            records.batches,
        )
        connection.executemany(
            "INSERT INTO batch_records (record_kind, record_id, batch_id, unbatched) VALUES (?, ?, ?, ?)",
            records.batch_records,
        )
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    finally:
        connection.close()


class ConnectWiseStore:
    """One open connection to the state file, for loading and for the API's changes."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise StateMissingError(f"the ConnectWise sandbox has no state at {path}; run `tui-ledger sandbox seed`")
        self.path = path
        self._connection = _connect(path)

    def close(self) -> None:
        self._connection.close()

    def data_version(self) -> int:
        """Changes when another connection (a re-seed) wrote to the file."""
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def load(self) -> StoredState:
        cursor = self._connection.execute(
            "SELECT collection, id, body, record_kind, record_id FROM resources ORDER BY collection, id"
        )
        resources = [(c, i, loads(body), kind, rid) for c, i, body, kind, rid in cursor]
        entries = [
            (i, kind, rid, loads(body))
            for i, kind, rid, body in self._connection.execute(
                "SELECT id, record_kind, record_id, body FROM gl_entries ORDER BY id"
            )
        ]
        batches = [
            BatchRow(i, ident, bool(closed), bool(inv), bool(exp), bool(prod), glif, entered)
            for i, ident, closed, inv, exp, prod, glif, entered in self._connection.execute(
                "SELECT id, identifier, closed, export_invoices, export_expenses, export_products,"
                " gl_interface_identifier, entered FROM batches ORDER BY id"
            )
        ]
        placements = [
            (kind, rid, batch, bool(unbatched))
            for kind, rid, batch, unbatched in self._connection.execute(
                "SELECT record_kind, record_id, batch_id, unbatched FROM batch_records"
            )
        ]
        return StoredState(resources, entries, batches, placements)

    def insert_batch(self, batch: BatchRow, records: Iterable[tuple[str, int]]) -> int:
        """Create a batch holding `records` (taking them out of any batch they were unbatched from)."""
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            cursor = connection.execute(
                "INSERT INTO batches (identifier, closed, export_invoices, export_expenses, export_products,"
                " gl_interface_identifier, entered) VALUES (?, 0, ?, ?, ?, ?, ?)",
                (
                    batch.identifier,
                    batch.export_invoices,
                    batch.export_expenses,
                    batch.export_products,
                    batch.gl_interface_identifier,
                    batch.entered,
                ),
            )
            batch_id = int(cursor.lastrowid or 0)
            connection.executemany(
                "INSERT OR REPLACE INTO batch_records (record_kind, record_id, batch_id, unbatched)"
                " VALUES (?, ?, ?, 0)",
                ((kind, record_id, batch_id) for kind, record_id in records),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return batch_id

    def delete_batch(self, batch_id: int) -> None:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.execute("DELETE FROM batch_records WHERE batch_id = ?", (batch_id,))
            connection.execute("DELETE FROM batches WHERE id = ?", (batch_id,))
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def set_unbatched(self, records: Iterable[tuple[str, int]], unbatched: bool) -> None:
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(
                "UPDATE batch_records SET unbatched = ? WHERE record_kind = ? AND record_id = ?",
                ((int(unbatched), kind, record_id) for kind, record_id in records),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
