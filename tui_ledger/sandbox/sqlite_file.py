"""A platform sandbox's state in one SQLite file, opened for one transaction per operation.

The AppXite and Pax8 sandboxes answer requests that are independent of each other, and the file is the truth, so
neither keeps a connection open: every operation opens the file, runs as one transaction (committed when it
returns, rolled back when it raises) and closes it again. Both states inherit that, and the reset that gives the
seed an empty file of the current shape, from this one base.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


class SqliteFileState:
    """One SQLite file; `connect()` is one transaction on a connection of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path)
        try:
            with connection:
                yield connection
        finally:
            connection.close()

    def recreate(self, tables: Iterable[str], schema: str) -> None:
        """Drop `tables` (in this order) and run `schema`: what was seeded before is forgotten."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as connection:
            for table in tables:
                connection.execute(f"DROP TABLE IF EXISTS {table}")
            connection.executescript(schema)
