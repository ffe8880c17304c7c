"""One SQLite file per profile: opened with the settings every writer relies on, migrated, shared safely.

WAL lets the app read while a scheduled export writes; the busy timeout makes the second writer wait instead of
failing; foreign keys are per connection in SQLite and must be switched on every time; `synchronous=FULL`
because the export journal is the record of what was sent to an accounting package and must survive a power
cut, not only a crash.

A `Database` owns one connection used from the event loop and from worker threads alike, so every access goes
through one re-entrant lock. Writes happen inside `transaction()`; a nested `transaction()` is a savepoint, so
a repository can be atomic on its own and still be part of a caller's larger transaction.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tui_ledger.store.errors import NewerSchemaError, StoreError
from tui_ledger.store.migrations import MIGRATIONS, Migration, migrate, schema_version

BUSY_TIMEOUT_MS = 5000
PROFILES_FOLDER = "profiles"
_PROFILE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def profile_database_path(data_dir: Path, profile: str) -> Path:
    """`<data>/profiles/<profile>.sqlite`; the profile name must be usable as a file name."""
    if not _PROFILE_FILE_NAME.fullmatch(profile):
        raise StoreError(f"The profile name {profile!r} cannot name a database file (letters, digits, - and _ only).")
    return data_dir / PROFILES_FOLDER / f"{profile}.sqlite"


def open_profile_database(data_dir: Path, profile: str, migrations: Sequence[Migration] = MIGRATIONS) -> Database:
    """Open (creating and migrating as needed) the database of one profile."""
    return Database.open(profile_database_path(data_dir, profile), migrations)


class Database:
    """A migrated SQLite database; use `transaction()` to write and `query()`/`query_one()` to read."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._connection = connection
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._after_transaction: list[Callable[[], None]] = []

    @classmethod
    def open(cls, path: Path, migrations: Sequence[Migration] = MIGRATIONS) -> Database:
        """Open the file at `path` and apply the missing migrations; a newer or damaged file is a `StoreError`."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"Cannot open the database {path}: {error}") from None
        try:
            _configure(connection, path, len(migrations))
            migrate(connection, migrations, path)
        except StoreError:
            connection.close()
            raise
        except sqlite3.DatabaseError as error:
            connection.close()
            raise StoreError(f"Cannot use the database {path}: {error}. Is it a tui-ledger database?") from None
        except BaseException:
            connection.close()
            raise
        return cls(connection, path)

    def __repr__(self) -> str:
        return f"Database({self.path})"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return schema_version(self._connection)

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All writes inside commit together or not at all; nested use becomes a savepoint of the outer one."""
        outermost = False
        try:
            with self._lock:
                depth = self._depth
                outermost = depth == 0
                self._connection.execute("BEGIN IMMEDIATE" if outermost else f"SAVEPOINT level_{depth}")
                self._depth += 1
                try:
                    yield self._connection
                except BaseException:
                    self._depth -= 1
                    self._undo(depth)
                    raise
                self._depth -= 1
                try:
                    self._connection.execute("COMMIT" if outermost else f"RELEASE level_{depth}")
                except BaseException:
                    self._undo(depth)
                    raise
        finally:
            if outermost:
                self._run_pending()

    def when_idle(self, callback: Callable[[], None]) -> None:
        """Run `callback` now, or right after the current outermost transaction ends (committed or not).

        The System Logs handler uses it: a warning logged inside a transaction that then rolls back must not
        vanish with it.
        """
        with self._lock:
            if self._depth > 0:
                self._after_transaction.append(callback)
                return
        callback()

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._connection.execute(sql, parameters).fetchall()

    def query_one(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._connection.execute(sql, parameters).fetchone()
            return row

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def _undo(self, depth: int) -> None:
        """Roll back this level; SQLite may already have rolled back the whole transaction on some errors."""
        if not self._connection.in_transaction:
            return
        if depth == 0:
            self._connection.execute("ROLLBACK")
        else:
            self._connection.execute(f"ROLLBACK TO level_{depth}")
            self._connection.execute(f"RELEASE level_{depth}")

    def _run_pending(self) -> None:
        with self._lock:
            pending, self._after_transaction = self._after_transaction, []
        for callback in pending:
            callback()


def _configure(connection: sqlite3.Connection, path: Path, known_version: int) -> None:
    """Connection settings, after making sure the file is not from a newer tui-ledger (which must stay untouched)."""
    connection.row_factory = sqlite3.Row
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    found = schema_version(connection)
    if found > known_version:
        raise NewerSchemaError(path, found, known_version)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")
    connection.execute("PRAGMA foreign_keys = ON")
