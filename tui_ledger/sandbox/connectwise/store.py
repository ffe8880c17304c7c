"""The ConnectWise sandbox's SQLite file: the demo company's facts, the GL batches and what each holds.

Facts (customers, invoices with their lines, expenses, purchase orders...) are stored compactly and the
API bodies are rebuilt from them on load (`records.py`): that is faster than storing and parsing the
bodies themselves, and keeps one source of truth. Batches are the mutable part, in their own tables.

Seeding rewrites the file's rows inside one transaction (the file itself stays, so a running app notices
the change through `PRAGMA data_version` and reloads). Every change the API makes (a batch created or
deleted, a PO unbatched or rebatched) is one transaction here before it touches the in-memory ledger.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tui_ledger.sandbox.connectwise.records import cw_date
from tui_ledger.sandbox.demo import (
    Agreement,
    AgreementType,
    BillingTerms,
    Contact,
    Customer,
    DemoCompany,
    Department,
    Expense,
    GLAccount,
    Invoice,
    Location,
    Member,
    Product,
    PurchaseOrder,
    TaxCode,
    Vendor,
)
from tui_ledger.sandbox.demo_codec import decode, encode

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (kind, position)
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

# The parts of the demo company ConnectWise knows, each stored as compact rows (see demo_codec).
_FACT_KINDS: dict[str, type] = {
    "location": Location,
    "department": Department,
    "member": Member,
    "gl_account": GLAccount,
    "tax_code": TaxCode,
    "billing_terms": BillingTerms,
    "customer": Customer,
    "contact": Contact,
    "vendor": Vendor,
    "product": Product,
    "agreement_type": AgreementType,
    "agreement": Agreement,
    "invoice": Invoice,
    "expense": Expense,
    "purchase_order": PurchaseOrder,
}
_COLLECTION_OF_KIND = {
    "location": "locations",
    "department": "departments",
    "member": "members",
    "gl_account": "gl_accounts",
    "tax_code": "tax_codes",
    "billing_terms": "billing_terms",
    "customer": "customers",
    "contact": "contacts",
    "vendor": "vendors",
    "product": "products",
    "agreement_type": "agreement_types",
    "agreement": "agreements",
    "invoice": "invoices",
    "expense": "expenses",
    "purchase_order": "purchase_orders",
}
_HEADER = "company"


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
    company: DemoCompany
    """The ConnectWise part of the demo company (no batches and no marketplace: batches live in their tables)."""
    batches: list[BatchRow]
    batch_records: list[tuple[str, int, int, bool]]


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


def seed_state(path: Path, company: DemoCompany) -> None:
    """Replace everything in the state file with `company`, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = _connect(path)
    try:
        connection.executescript(_SCHEMA)
        connection.execute("BEGIN IMMEDIATE")
        for table in ("batch_records", "batches", "facts"):
            connection.execute(f"DELETE FROM {table}")
        header = [company.seed, company.scale, company.anchor.isoformat(), company.name, company.identifier]
        rows: list[tuple[str, int, str]] = [(_HEADER, 0, json.dumps(header))]
        for kind, collection in _COLLECTION_OF_KIND.items():
            rows += [
                (kind, position, json.dumps(encode(item), separators=(",", ":")))
                for position, item in enumerate(getattr(company, collection))
            ]
        connection.executemany("INSERT INTO facts (kind, position, body) VALUES (?, ?, ?)", rows)
        connection.executemany(
            "INSERT INTO batches (id, identifier, closed, export_invoices, export_expenses, export_products, entered)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    batch.id,
                    batch.identifier,
                    batch.closed,
                    batch.exports_invoices,
                    batch.exports_expenses,
                    batch.exports_products,
                    cw_date(batch.created),
                )
                for batch in company.batches
            ],
        )
        connection.executemany(
            "INSERT INTO batch_records (record_kind, record_id, batch_id, unbatched) VALUES (?, ?, ?, ?)",
            [
                (record.kind.value, record.record_id, batch.id, record.unbatched)
                for batch in company.batches
                for record in batch.records
            ],
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
        parts: dict[str, list[Any]] = {collection: [] for collection in _COLLECTION_OF_KIND.values()}
        header: list[Any] | None = None
        try:
            rows = self._connection.execute("SELECT kind, body FROM facts ORDER BY kind, position").fetchall()
        except sqlite3.OperationalError as error:
            raise StateMissingError(f"the ConnectWise sandbox state at {self.path} is unreadable: {error}") from None
        for kind, body in rows:
            if kind == _HEADER:
                header = json.loads(body)
            elif kind in _FACT_KINDS:
                parts[_COLLECTION_OF_KIND[kind]].append(decode(_FACT_KINDS[kind], json.loads(body)))
        if header is None:
            raise StateMissingError(f"the ConnectWise sandbox state at {self.path} was never seeded")
        seed, scale, anchor, name, identifier = header
        company = DemoCompany(
            seed=seed,
            scale=scale,
            anchor=date.fromisoformat(anchor),
            name=name,
            identifier=identifier,
            **{collection: tuple(items) for collection, items in parts.items()},
            batches=(),
            organizations=(),
            offers=(),
            contracts=(),
            subscriptions=(),
            custom_invoices=(),
        )
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
        return StoredState(company, batches, placements)

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
