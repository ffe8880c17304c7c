"""The AppXite sandbox's SQLite state: SAS keys, invoice headers and invoice rows as stored JSON texts.

Headers and rows keep the invoice date and whether the invoice is verified beside their JSON body, because those
are the two things every Reporting API query filters on (the date range, and `isPreview`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tui_ledger.domain import decimal_json
from tui_ledger.domain.decimal_json import JsonValue
from tui_ledger.sandbox.sqlite_file import SqliteFileState

_SCHEMA = """
CREATE TABLE sas_keys (sas_key TEXT PRIMARY KEY, requester_id TEXT NOT NULL);
CREATE TABLE headers (
    seq INTEGER PRIMARY KEY, invoice_id TEXT NOT NULL UNIQUE, invoice_date TEXT NOT NULL,
    verified INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE TABLE rows (
    seq INTEGER PRIMARY KEY, invoice_id TEXT NOT NULL, invoice_date TEXT NOT NULL,
    verified INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX headers_by_date ON headers (invoice_date, seq);
CREATE INDEX rows_by_date ON rows (invoice_date, seq);
"""


class Table(StrEnum):
    HEADERS = "headers"
    ROWS = "rows"


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    """One invoice as seeded: its header, its rows, and whether it is verified (visible without `isPreview`)."""

    invoice_id: str
    invoice_date: date
    verified: bool
    header: JsonValue
    rows: list[JsonValue]


class AppXiteState(SqliteFileState):
    def reset(self) -> None:
        self.recreate(("sas_keys", *Table), _SCHEMA)

    def add_sas_key(self, sas_key: str, requester_id: str) -> None:
        with self.connect() as connection:
            connection.execute("INSERT OR REPLACE INTO sas_keys VALUES (?, ?)", (sas_key, requester_id))

    def requester_of(self, sas_key: str) -> str | None:
        """The requester a SAS key was granted for, or None for a key AppXite never issued."""
        with self.connect() as connection:
            row = connection.execute("SELECT requester_id FROM sas_keys WHERE sas_key = ?", (sas_key,)).fetchone()
        return row[0] if row else None

    def insert(self, invoices: Iterable[StoredInvoice]) -> None:
        with self.connect() as connection:
            for invoice in invoices:
                day = invoice.invoice_date.isoformat()
                connection.execute(
                    "INSERT INTO headers (invoice_id, invoice_date, verified, body) VALUES (?, ?, ?, ?)",
                    (invoice.invoice_id, day, int(invoice.verified), decimal_json.dumps(invoice.header)),
                )
                connection.executemany(
                    "INSERT INTO rows (invoice_id, invoice_date, verified, body) VALUES (?, ?, ?, ?)",
                    ((invoice.invoice_id, day, int(invoice.verified), decimal_json.dumps(row)) for row in invoice.rows),
                )

    def page(
        self, table: Table, *, date_from: date, date_till: date, include_unverified: bool, offset: int, limit: int
    ) -> list[str]:
        """Stored JSON texts dated in `date_from..date_till` (inclusive), oldest invoice first, then as stored.

        The order is the date index's own, so a page costs an index walk rather than a sort of the whole range.
        """
        verified = "" if include_unverified else "AND verified = 1"
        with self.connect() as connection:
            rows = connection.execute(
                f"SELECT body FROM {table} WHERE invoice_date BETWEEN ? AND ? {verified} "
                "ORDER BY invoice_date, seq LIMIT ? OFFSET ?",
                (date_from.isoformat(), date_till.isoformat(), limit, offset),
            ).fetchall()
        return [row[0] for row in rows]
