"""The ConnectWise sandbox's written agreements and additions, in their own SQLite file.

The seeded world (`store.py`) is rebuilt from facts and reloaded whenever another connection writes to its
file. Agreement additions are written thousands at a time by a sync, so they live in a separate file,
`<state>/connectwise/writes.sqlite`: a write here never makes the ledger reload ten thousand invoices, and
`SandboxHub.reset` removes the folder with the rest of the service's state.

What is stored: agreements as full bodies (created ones, and seeded ones once patched or replaced; a
deleted seeded agreement is a row without a body), and additions as full bodies with their agreement.
Bodies are ConnectWise JSON with exact amounts (`jsonout`). Durability against power loss is not a sandbox
concern, so commits do not wait for the disk (`synchronous = NORMAL`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_ledger.sandbox.connectwise.jsonout import dumps, loads

Body = dict[str, Any]

WRITES_FOLDER = "connectwise"
WRITES_FILE_NAME = "writes.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS agreement_writes (
    id INTEGER PRIMARY KEY,
    body TEXT
);
CREATE TABLE IF NOT EXISTS additions (
    id INTEGER PRIMARY KEY,
    agreement_id INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS additions_by_agreement ON additions (agreement_id, id);
CREATE TABLE IF NOT EXISTS id_counters (
    name TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL
);
"""


def writes_path(state_dir: Path) -> Path:
    """Where the written agreements and additions of the sandbox in `state_dir` live."""
    return state_dir / WRITES_FOLDER / WRITES_FILE_NAME


@dataclass(frozen=True, slots=True)
class WrittenState:
    agreements: dict[int, Body | None]
    """Agreement id → its current body, or None for a seeded agreement that was deleted."""
    additions: dict[int, tuple[int, Body]]
    """Addition id → (agreement id, body), in id order."""
    last_ids: dict[str, int]
    """The highest id handed out so far per kind ("agreement", "addition"), never reused after a delete."""


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(_SCHEMA)
    return connection


def clear_writes(state_dir: Path) -> None:
    """Forget every written agreement and addition (a re-seed starts the world afresh)."""
    path = writes_path(state_dir)
    if not path.exists():
        return
    connection = _connect(path)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for table in ("agreement_writes", "additions", "id_counters"):
            connection.execute(f"DELETE FROM {table}")
        connection.execute("COMMIT")
    finally:
        connection.close()


class WritesStore:
    """One open connection to the writes file; every change is one transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = _connect(path)

    def close(self) -> None:
        self._connection.close()

    def data_version(self) -> int:
        """Changes when another connection (a re-seed) wrote to the file."""
        return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def load(self) -> WrittenState:
        agreements = {
            int(agreement_id): (loads(body) if body is not None else None)
            for agreement_id, body in self._connection.execute("SELECT id, body FROM agreement_writes ORDER BY id")
        }
        additions = {
            int(addition_id): (int(agreement_id), loads(body))
            for addition_id, agreement_id, body in self._connection.execute(
                "SELECT id, agreement_id, body FROM additions ORDER BY id"
            )
        }
        last_ids = {name: int(last) for name, last in self._connection.execute("SELECT name, last_id FROM id_counters")}
        return WrittenState(agreements, additions, last_ids)

    def save_agreement(self, agreement_id: int, body: Body | None, *, counter: str | None = None) -> None:
        """Store an agreement's body (None: a deleted seeded agreement); `counter` records a newly issued id."""
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO agreement_writes (id, body) VALUES (?, ?)",
                (agreement_id, dumps(body) if body is not None else None),
            )
            if counter is not None:
                self._issue(connection, counter, agreement_id)

    def forget_agreement(self, agreement_id: int) -> None:
        """Drop a created agreement entirely (its id stays used)."""
        with self._transaction() as connection:
            connection.execute("DELETE FROM agreement_writes WHERE id = ?", (agreement_id,))

    def save_addition(self, addition_id: int, agreement_id: int, body: Body, *, new: bool = False) -> None:
        with self._transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO additions (id, agreement_id, body) VALUES (?, ?, ?)",
                (addition_id, agreement_id, dumps(body)),
            )
            if new:
                self._issue(connection, "addition", addition_id)

    def delete_addition(self, addition_id: int) -> None:
        with self._transaction() as connection:
            connection.execute("DELETE FROM additions WHERE id = ?", (addition_id,))

    @staticmethod
    def _issue(connection: sqlite3.Connection, name: str, issued: int) -> None:
        connection.execute(
            "INSERT INTO id_counters (name, last_id) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET last_id = max(last_id, excluded.last_id)",
            (name, issued),
        )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """`BEGIN IMMEDIATE` … `COMMIT`, rolled back if the block raises."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")
