"""The Pax8 sandbox's SQLite state: JSON documents per resource, filtered and sorted by their own fields.

Each resource (companies, products, subscriptions, invoices, invoice items) is a table of JSON bodies exactly as
the API returns them. Filters and sorts read fields with SQLite's `json_extract`, so the sandbox answers a query
param the same way whatever document shape the seed wrote, and a page is served by joining stored texts without
re-encoding (amounts keep their exact digits). API clients and issued tokens live in two small tables beside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.domain import decimal_json
from tui_ledger.domain.decimal_json import JsonValue
from tui_ledger.sandbox.sqlite_file import SqliteFileState


class Resource(StrEnum):
    COMPANIES = "companies"
    PRODUCTS = "products"
    SUBSCRIPTIONS = "subscriptions"
    INVOICES = "invoices"
    INVOICE_ITEMS = "invoice_items"


_SCHEMA = """
CREATE TABLE IF NOT EXISTS api_clients (client_id TEXT PRIMARY KEY, client_secret TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS access_tokens (
    token TEXT PRIMARY KEY, client_id TEXT NOT NULL, audience TEXT NOT NULL, expires_at REAL NOT NULL
);
""" + "".join(
    f"""
CREATE TABLE IF NOT EXISTS {resource} (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, parent_id TEXT, body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS {resource}_parent ON {resource} (parent_id, seq);
"""
    for resource in Resource
)


@dataclass(frozen=True, slots=True)
class Condition:
    """One trusted SQL condition on the `body` column with its arguments; built by the helpers below."""

    sql: str
    args: tuple[str | int, ...] = ()


def field_equals(json_path: str, value: str | int | bool) -> Condition:
    """`json_path = value`; booleans compare as JSON's 1/0."""
    return Condition("json_extract(body, ?) = ?", (json_path, int(value) if isinstance(value, bool) else value))


def field_at_least(json_path: str, value: str) -> Condition:
    """Text comparison, which orders ISO dates (`yyyy-MM-dd`) correctly."""
    return Condition("json_extract(body, ?) >= ?", (json_path, value))


def field_at_most(json_path: str, value: str) -> Condition:
    return Condition("json_extract(body, ?) <= ?", (json_path, value))


def child_of(parent_id: str) -> Condition:
    return Condition("parent_id = ?", (parent_id,))


@dataclass(frozen=True, slots=True)
class SortOrder:
    json_path: str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """One page of stored JSON texts and the number of documents matching the query."""

    bodies: list[str]
    total: int


class Pax8State(SqliteFileState):
    """Opens one short-lived connection per operation: requests are independent and the file is the truth."""

    def reset(self) -> None:
        """Forget everything: the seed recreates the state from the demo company."""
        self.recreate((*Resource, "api_clients", "access_tokens"), _SCHEMA)

    def add_client(self, client_id: str, client_secret: str) -> None:
        with self.connect() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO api_clients (client_id, client_secret) VALUES (?, ?)",
                (client_id, client_secret),
            )

    def client_secret(self, client_id: str) -> str | None:
        with self.connect() as connection:
            row = connection.execute(
                "SELECT client_secret FROM api_clients WHERE client_id = ?", (client_id,)
            ).fetchone()
        return row[0] if row else None

    def save_token(self, token: str, client_id: str, audience: str, expires_at: float) -> None:
        with self.connect() as connection:
            connection.execute(
                "INSERT INTO access_tokens (token, client_id, audience, expires_at) VALUES (?, ?, ?, ?)",
                (token, client_id, audience, expires_at),
            )

    def token_grant(self, token: str) -> tuple[str, float] | None:
        """The audience and expiry time of an issued token, or None for a token this sandbox never issued."""
        with self.connect() as connection:
            row = connection.execute(
                "SELECT audience, expires_at FROM access_tokens WHERE token = ?", (token,)
            ).fetchone()
        return (row[0], row[1]) if row else None

    def insert(self, resource: Resource, documents: Iterable[tuple[str, str | None, JsonValue]]) -> None:
        """Store `(id, parent id, document)` triples in order; the order is the API's natural order."""
        rows = ((doc_id, parent_id, decimal_json.dumps(document)) for doc_id, parent_id, document in documents)
        with self.connect() as connection:
            connection.executemany(f"INSERT INTO {resource} (id, parent_id, body) VALUES (?, ?, ?)", rows)

    def get(self, resource: Resource, doc_id: str) -> str | None:
        with self.connect() as connection:
            row = connection.execute(f"SELECT body FROM {resource} WHERE id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def exists(self, resource: Resource, doc_id: str) -> bool:
        return self.get(resource, doc_id) is not None

    def page(
        self,
        resource: Resource,
        *,
        conditions: Sequence[Condition] = (),
        sort: SortOrder | None = None,
        page: int,
        size: int,
    ) -> DocumentPage:
        """A page of documents matching every condition, in `sort` order (then storage order)."""
        where = f"WHERE {' AND '.join(condition.sql for condition in conditions)}" if conditions else ""
        args = [arg for condition in conditions for arg in condition.args]
        order, order_args = "seq", []
        if sort is not None:
            order = f"json_extract(body, ?) {'DESC' if sort.descending else 'ASC'}, seq"
            order_args = [sort.json_path]
        with self.connect() as connection:
            total = connection.execute(f"SELECT count(*) FROM {resource} {where}", args).fetchone()[0]
            rows = connection.execute(
                f"SELECT body FROM {resource} {where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, *order_args, size, page * size],
            ).fetchall()
        return DocumentPage(bodies=[row[0] for row in rows], total=total)
