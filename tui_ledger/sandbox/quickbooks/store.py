"""The QuickBooks sandbox's own SQLite file: companies (realms), entities, replayed responses and OAuth grants.

Entities are stored as their JSON body plus the few columns QBO's rules look up by (document number, display
name, active, deleted), so a duplicate check or a `DocNumber IN (...)` query does not parse every invoice.
One connection serves the app; requests are handled on one event loop, so a read-check-write inside one request
cannot interleave with another's. Every write commits before the answer is sent.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_ledger.domain.decimal_json import dumps
from tui_ledger.sandbox.quickbooks.qbo_json import loads

SCHEMA = """
CREATE TABLE IF NOT EXISTS realm (
    realm_id TEXT PRIMARY KEY,
    company_name TEXT NOT NULL,
    next_id INTEGER NOT NULL DEFAULT 1,
    next_doc_number INTEGER NOT NULL DEFAULT 1001,
    reject_duplicate_doc_numbers INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS entity (
    realm_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    id INTEGER NOT NULL,
    sync_token INTEGER NOT NULL DEFAULT 0,
    doc_number TEXT,
    name TEXT,
    party_id TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    deleted INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    PRIMARY KEY (realm_id, kind, id)
);
CREATE INDEX IF NOT EXISTS entity_doc_number ON entity (realm_id, kind, doc_number);
CREATE INDEX IF NOT EXISTS entity_name ON entity (realm_id, name);
CREATE TABLE IF NOT EXISTS replay (
    realm_id TEXT NOT NULL,
    request_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (realm_id, request_id)
);
CREATE TABLE IF NOT EXISTS oauth_client (
    client_id TEXT PRIMARY KEY,
    client_secret TEXT NOT NULL,
    redirect_uris TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oauth_grant (
    grant_id INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id TEXT NOT NULL,
    realm_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS oauth_token (
    token_hash TEXT PRIMARY KEY,
    grant_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    expires_at REAL NOT NULL,
    revoked INTEGER NOT NULL DEFAULT 0,
    redirect_uri TEXT
);
"""


@dataclass(frozen=True, slots=True)
class StoredEntity:
    kind: str
    id: str
    sync_token: int
    active: bool
    deleted: bool
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Realm:
    realm_id: str
    company_name: str
    reject_duplicate_doc_numbers: bool


@dataclass(frozen=True, slots=True)
class Grant:
    grant_id: int
    client_id: str
    realm_id: str
    scope: str


@dataclass(frozen=True, slots=True)
class TokenRecord:
    grant: Grant
    kind: str
    expires_at: float
    revoked: bool
    redirect_uri: str | None


class QboStore:
    """All sandbox state of one QuickBooks simulator; `reset()` empties it for a reseed."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    def transaction(self) -> _Transaction:
        """`with store.transaction():` groups writes into one commit (a whole batch, a whole seed)."""
        return _Transaction(self._db, self._lock)

    def reset(self) -> None:
        with self.transaction():
            for table in ("realm", "entity", "replay", "oauth_client", "oauth_grant", "oauth_token"):
                self._db.execute(f"DELETE FROM {table}")

    # Realms -----------------------------------------------------------------------------------------------

    def add_realm(self, realm_id: str, company_name: str, reject_duplicate_doc_numbers: bool = True) -> Realm:
        with self.transaction():
            self._db.execute(
                "INSERT INTO realm (realm_id, company_name, reject_duplicate_doc_numbers) VALUES (?, ?, ?)",
                (realm_id, company_name, int(reject_duplicate_doc_numbers)),
            )
        return Realm(realm_id, company_name, reject_duplicate_doc_numbers)

    def realm(self, realm_id: str) -> Realm | None:
        row = self._db.execute(
            "SELECT realm_id, company_name, reject_duplicate_doc_numbers FROM realm WHERE realm_id = ?", (realm_id,)
        ).fetchone()
        return Realm(row[0], row[1], bool(row[2])) if row else None

    def first_realm(self) -> Realm | None:
        """The company the demo user consents to on the authorize page (the sandbox hosts one)."""
        row = self._db.execute("SELECT realm_id FROM realm ORDER BY rowid LIMIT 1").fetchone()
        return self.realm(row[0]) if row else None

    def next_doc_number(self, realm_id: str) -> str:
        with self.transaction():
            row = self._db.execute("SELECT next_doc_number FROM realm WHERE realm_id = ?", (realm_id,)).fetchone()
            self._db.execute("UPDATE realm SET next_doc_number = next_doc_number + 1 WHERE realm_id = ?", (realm_id,))
        return str(row[0])

    # Entities ---------------------------------------------------------------------------------------------

    def insert(self, realm_id: str, kind: str, body: dict[str, Any], index: EntityIndex) -> str:
        """Store a new entity, giving it the realm's next Id (shared by all kinds, as QBO numbers them)."""
        with self.transaction():
            row = self._db.execute("SELECT next_id FROM realm WHERE realm_id = ?", (realm_id,)).fetchone()
            entity_id = int(row[0])
            self._db.execute("UPDATE realm SET next_id = next_id + 1 WHERE realm_id = ?", (realm_id,))
            body["Id"] = str(entity_id)
            body["SyncToken"] = "0"
            self._db.execute(
                "INSERT INTO entity (realm_id, kind, id, sync_token, doc_number, name, party_id, active, body) "
                "VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?)",
                (
                    realm_id,
                    kind,
                    entity_id,
                    index.doc_number,
                    index.name,
                    index.party_id,
                    int(index.active),
                    dumps(body),
                ),
            )
        return str(entity_id)

    def replace(self, realm_id: str, kind: str, entity_id: str, body: dict[str, Any], index: EntityIndex) -> None:
        """Save a new version: the SyncToken moves on by one."""
        with self.transaction():
            current = self.get(realm_id, kind, entity_id)
            token = (current.sync_token if current else 0) + 1
            body["SyncToken"] = str(token)
            self._db.execute(
                "UPDATE entity SET sync_token = ?, doc_number = ?, name = ?, party_id = ?, active = ?, body = ? "
                "WHERE realm_id = ? AND kind = ? AND id = ?",
                (
                    token,
                    index.doc_number,
                    index.name,
                    index.party_id,
                    int(index.active),
                    dumps(body),
                    realm_id,
                    kind,
                    int(entity_id),
                ),
            )

    def mark_deleted(self, realm_id: str, kind: str, entity_id: str) -> None:
        with self.transaction():
            self._db.execute(
                "UPDATE entity SET deleted = 1, sync_token = sync_token + 1 WHERE realm_id = ? AND kind = ? AND id = ?",
                (realm_id, kind, int(entity_id)),
            )

    def get(self, realm_id: str, kind: str, entity_id: str) -> StoredEntity | None:
        if not entity_id.isdigit():
            return None
        row = self._db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE realm_id = ? AND kind = ? AND id = ?",
            (realm_id, kind, int(entity_id)),
        ).fetchone()
        return _entity(row) if row else None

    def live(
        self, realm_id: str, kind: str, column: str | None = None, values: Iterable[str] = ()
    ) -> Iterator[StoredEntity]:
        """Entities not deleted, optionally only those whose indexed `column` (doc_number, name, id) is in `values`."""
        sql = f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE realm_id = ? AND kind = ? AND deleted = 0"
        params: list[Any] = [realm_id, kind]
        if column is not None:
            wanted = list(values)
            sql += f" AND {column} IN ({','.join('?' * len(wanted))})" if wanted else " AND 0"
            params += wanted
        for row in self._db.execute(sql + " ORDER BY id", params):
            yield _entity(row)

    def with_doc_number(self, realm_id: str, kinds: Iterable[str], doc_number: str) -> list[StoredEntity]:
        """Undeleted entities of `kinds` carrying `doc_number`."""
        return self._undeleted_where(realm_id, kinds, "doc_number = ?", doc_number)

    def with_name(self, realm_id: str, kinds: Iterable[str], name: str) -> list[StoredEntity]:
        """Active, undeleted entities of `kinds` carrying `name` (compared without regard to case)."""
        return self._undeleted_where(realm_id, kinds, "active = 1 AND name = ? COLLATE NOCASE", name)

    def _undeleted_where(self, realm_id: str, kinds: Iterable[str], condition: str, value: str) -> list[StoredEntity]:
        """Undeleted entities of any of `kinds` meeting one trusted SQL `condition` with one `?` for `value`."""
        kinds = list(kinds)
        rows = self._db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entity WHERE realm_id = ? AND deleted = 0 "
            f"AND {condition} AND kind IN ({','.join('?' * len(kinds))})",
            [realm_id, value, *kinds],
        )
        return [_entity(row) for row in rows]

    # Replays (requestid) ----------------------------------------------------------------------------------

    def replay(self, realm_id: str, request_id: str) -> tuple[str, int, str] | None:
        row = self._db.execute(
            "SELECT operation, status, body FROM replay WHERE realm_id = ? AND request_id = ?", (realm_id, request_id)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def remember(self, realm_id: str, request_id: str, operation: str, status: int, body: str) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO replay (realm_id, request_id, operation, status, body) VALUES (?, ?, ?, ?, ?)",
                (realm_id, request_id, operation, status, body),
            )

    # OAuth ------------------------------------------------------------------------------------------------

    def add_client(self, client_id: str, client_secret: str, redirect_uris: Iterable[str]) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO oauth_client (client_id, client_secret, redirect_uris) VALUES (?, ?, ?)",
                (client_id, client_secret, "\n".join(redirect_uris)),
            )

    def client(self, client_id: str) -> tuple[str, tuple[str, ...]] | None:
        row = self._db.execute(
            "SELECT client_secret, redirect_uris FROM oauth_client WHERE client_id = ?", (client_id,)
        ).fetchone()
        return (row[0], tuple(filter(None, row[1].split("\n")))) if row else None

    def add_grant(self, client_id: str, realm_id: str, scope: str) -> int:
        with self.transaction():
            cursor = self._db.execute(
                "INSERT INTO oauth_grant (client_id, realm_id, scope) VALUES (?, ?, ?)", (client_id, realm_id, scope)
            )
        return int(cursor.lastrowid or 0)

    def revoke_grant(self, grant_id: int) -> None:
        with self.transaction():
            self._db.execute("UPDATE oauth_grant SET revoked = 1 WHERE grant_id = ?", (grant_id,))
            self._db.execute("UPDATE oauth_token SET revoked = 1 WHERE grant_id = ?", (grant_id,))

    def add_token(
        self, token_hash: str, grant_id: int, kind: str, expires_at: float, redirect_uri: str | None = None
    ) -> None:
        with self.transaction():
            self._db.execute(
                "INSERT INTO oauth_token (token_hash, grant_id, kind, expires_at, redirect_uri) VALUES (?, ?, ?, ?, ?)",
                (token_hash, grant_id, kind, expires_at, redirect_uri),
            )

    def token(self, token_hash: str) -> TokenRecord | None:
        row = self._db.execute(
            "SELECT g.grant_id, g.client_id, g.realm_id, g.scope, t.kind, t.expires_at, t.revoked + g.revoked, "
            "t.redirect_uri FROM oauth_token t JOIN oauth_grant g ON g.grant_id = t.grant_id WHERE t.token_hash = ?",
            (token_hash,),
        ).fetchone()
        if row is None:
            return None
        return TokenRecord(Grant(row[0], row[1], row[2], row[3]), row[4], row[5], bool(row[6]), row[7])

    def revoke_token(self, token_hash: str) -> None:
        with self.transaction():
            self._db.execute("UPDATE oauth_token SET revoked = 1 WHERE token_hash = ?", (token_hash,))


@dataclass(frozen=True, slots=True)
class EntityIndex:
    """The columns an entity is looked up by besides its Id."""

    doc_number: str | None = None
    name: str | None = None
    party_id: str | None = None
    active: bool = True


class _Transaction:
    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self._db = db
        self._lock = lock
        self._outermost = False

    def __enter__(self) -> None:
        self._lock.acquire()
        self._outermost = not self._db.in_transaction
        if self._outermost:
            self._db.execute("BEGIN")

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        try:
            if self._outermost:
                self._db.execute("ROLLBACK" if exc_type else "COMMIT")
        finally:
            self._lock.release()


_ENTITY_COLUMNS = "kind, id, sync_token, active, deleted, body"
"""The columns `_entity` reads, in its order."""


def _entity(row: tuple[Any, ...]) -> StoredEntity:
    return StoredEntity(row[0], str(row[1]), int(row[2]), bool(row[3]), bool(row[4]), loads(row[5]))
