"""Reading a period in a worker thread: a read-only connection of its own, and the dictionary read ahead of need.

The grid's connection belongs to the thread that draws; a worker that reads on it would hold its lock and make
the next frame wait. A worker opens its own read-only connection instead: WAL lets both read at once, and
SQLite works without Python's lock, so the worker's queries run on the other core.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tui_ledger.store.database import BUSY_TIMEOUT_MS
from tui_ledger.store.line_dictionary import PeriodTexts


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A read-only connection to the database at `path`, usable from the thread that opened it."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


class TextsReading:
    """Reads every text of a period's dictionary into memory, from a worker thread after the grid's first frame.

    Until then the grid decodes the few codes each window shows; a search needs every text of five fields, and
    reading them costs about a hundred milliseconds at a million lines, more than a keystroke's frame. Read
    here, while the user looks at the first screen, the first keystroke finds them in memory. A field the grid
    needs before this job reached it is read by the grid itself (the job then skips it).
    """

    def __init__(self, texts: PeriodTexts, database_path: Path) -> None:
        self.texts = texts
        self._path = database_path

    def __call__(self) -> bool:
        """Read the texts (blocking: call it from a worker thread); False when they could not be read.

        A failure is not raised here, where nobody could show it: the grid reads each field again when it needs
        it, on its own connection, and a failure then reaches the screen as it would have without this job.
        """
        try:
            connection = read_only_connection(self._path)
        except sqlite3.Error:
            return False
        try:

            def query(sql: str, parameters: Sequence[object]) -> list[Any]:
                return connection.execute(sql, parameters).fetchall()

            self.texts.read_all(query)
            return True
        except (sqlite3.Error, ValueError):
            return False
        finally:
            connection.close()
