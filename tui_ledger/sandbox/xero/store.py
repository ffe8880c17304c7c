"""The Xero sandbox's SQLite state: every organisation's records as the API returns them, plus the identity tables.

Records are JSON bodies in Xero's wire shape (PascalCase, MS-JSON dates, exact Decimal amounts), keyed by
tenant, collection and id, with the record's number and name pulled out into indexed columns: numbers and
names are what uniqueness rules and lookups (`InvoiceNumbers=`, contact names) search by. Serving a record is
decoding one text, so an amount keeps the digits the client sent.

Lookups by number or name sort in Python rather than `ORDER BY seq`: with the ORDER BY, SQLite prefers the
creation-order index and scans the whole collection instead of using the number index.

One connection guarded by a lock: handlers are short, and `sandbox serve` may call from several threads.
The file is opened on first use, because service apps get no lifespan events (see the hub).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from tui_ledger.domain import decimal_json

Record = dict[str, Any]


class Collection(StrEnum):
    """The Accounting API collections the sandbox keeps, named as their endpoints."""

    INVOICES = "Invoices"
    CREDIT_NOTES = "CreditNotes"
    CONTACTS = "Contacts"
    ITEMS = "Items"
    ACCOUNTS = "Accounts"
    TAX_RATES = "TaxRates"
    TRACKING_CATEGORIES = "TrackingCategories"
    ORGANISATION = "Organisation"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    tenant_id TEXT NOT NULL,
    collection TEXT NOT NULL,
    id TEXT NOT NULL COLLATE NOCASE,
    seq INTEGER NOT NULL,
    number TEXT,
    name TEXT COLLATE NOCASE,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant_id, collection, id)
);
CREATE INDEX IF NOT EXISTS records_number ON records (tenant_id, collection, number);
CREATE INDEX IF NOT EXISTS records_name ON records (tenant_id, collection, name);
CREATE INDEX IF NOT EXISTS records_seq ON records (tenant_id, collection, seq);
CREATE TABLE IF NOT EXISTS counters (tenant_id TEXT NOT NULL, name TEXT NOT NULL, value INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, name));
CREATE TABLE IF NOT EXISTS tenants (tenant_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_ms INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS clients (
    client_id TEXT PRIMARY KEY, client_secret TEXT, name TEXT NOT NULL, redirect_uris TEXT NOT NULL,
    custom_tenant_id TEXT
);
CREATE TABLE IF NOT EXISTS connections (
    connection_id TEXT PRIMARY KEY, client_id TEXT NOT NULL, tenant_id TEXT NOT NULL, auth_event_id TEXT NOT NULL,
    created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL, UNIQUE (client_id, tenant_id)
);
CREATE TABLE IF NOT EXISTS auth_codes (
    code TEXT PRIMARY KEY, client_id TEXT NOT NULL, redirect_uri TEXT NOT NULL, scope TEXT NOT NULL,
    challenge TEXT, challenge_method TEXT, auth_event_id TEXT NOT NULL, expires_at REAL NOT NULL,
    used INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS access_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, scope TEXT NOT NULL, grant_id TEXT NOT NULL,
    expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, scope TEXT NOT NULL, grant_id TEXT NOT NULL,
    expires_at REAL NOT NULL, state TEXT NOT NULL
);
"""


def encode(record: Record) -> str:
    return decimal_json.dumps(record)


def decode(text: str) -> Record:
    return json.loads(text, parse_float=Decimal)


class XeroStore:
    """Records and identity rows of every organisation the sandbox hosts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = None

    @property
    def db(self) -> sqlite3.Connection:
        with self._lock:
            if self._connection is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute("PRAGMA synchronous=NORMAL")
                connection.executescript(_SCHEMA)
                self._connection = connection
            return self._connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of work: a whole create call is applied or none of it."""
        with self._lock:
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def query(self, sql: str, args: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self.db.execute(sql, args).fetchall()

    def execute(self, sql: str, args: Sequence[object] = ()) -> int:
        """Run one statement in its own transaction; returns the number of rows changed."""
        with self._lock:
            return self.db.execute(sql, args).rowcount

    # -- records

    def put(self, tenant_id: str, collection: Collection, record_id: str, record: Record, **keys: str | None) -> None:
        """Insert or replace a record, keeping its place in creation order; `number`/`name` feed the indexes."""
        with self._lock:
            db = self.db
            row = db.execute(
                "SELECT seq FROM records WHERE tenant_id = ? AND collection = ? AND id = ?",
                (tenant_id, collection.value, record_id),
            ).fetchone()
            if row is None:
                seq = db.execute(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM records WHERE tenant_id = ? AND collection = ?",
                    (tenant_id, collection.value),
                ).fetchone()[0]
            else:
                seq = row[0]
            db.execute(
                "INSERT OR REPLACE INTO records (tenant_id, collection, id, seq, number, name, body)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (tenant_id, collection.value, record_id, seq, keys.get("number"), keys.get("name"), encode(record)),
            )

    def get(self, tenant_id: str, collection: Collection, record_id: str) -> Record | None:
        rows = self.query(
            "SELECT body FROM records WHERE tenant_id = ? AND collection = ? AND id = ?",
            (tenant_id, collection.value, record_id),
        )
        return decode(rows[0][0]) if rows else None

    def by_numbers(self, tenant_id: str, collection: Collection, numbers: Iterable[str]) -> list[Record]:
        wanted = list(dict.fromkeys(numbers))
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        rows = self.query(
            f"SELECT seq, body FROM records WHERE tenant_id = ? AND collection = ? AND number IN ({marks})",
            (tenant_id, collection.value, *wanted),
        )
        return [decode(body) for _, body in sorted(rows)]

    def by_name(self, tenant_id: str, collection: Collection, name: str) -> list[Record]:
        """Records whose name matches case-insensitively, as Xero compares contact names."""
        rows = self.query(
            "SELECT seq, body FROM records WHERE tenant_id = ? AND collection = ? AND name = ?",
            (tenant_id, collection.value, name.strip()),
        )
        return [decode(body) for _, body in sorted(rows)]

    def all(self, tenant_id: str, collection: Collection) -> list[Record]:
        rows = self.query(
            "SELECT body FROM records WHERE tenant_id = ? AND collection = ? ORDER BY seq",
            (tenant_id, collection.value),
        )
        return [decode(body) for (body,) in rows]

    def count(self, tenant_id: str, collection: Collection) -> int:
        rows = self.query(
            "SELECT COUNT(*) FROM records WHERE tenant_id = ? AND collection = ?", (tenant_id, collection.value)
        )
        return int(rows[0][0])

    def next_counter(self, tenant_id: str, name: str) -> int:
        """The next value of an organisation's numbering sequence (INV-0001, CN-0001)."""
        with self._lock:
            db = self.db
            row = db.execute(
                "SELECT value FROM counters WHERE tenant_id = ? AND name = ?", (tenant_id, name)
            ).fetchone()
            value = (row[0] if row else 0) + 1
            db.execute(
                "INSERT OR REPLACE INTO counters (tenant_id, name, value) VALUES (?, ?, ?)", (tenant_id, name, value)
            )
            return value

    def tenant_ids(self) -> list[str]:
        return [tenant_id for (tenant_id,) in self.query("SELECT tenant_id FROM tenants ORDER BY created_ms, name")]
