"""Which lines a grid view keeps — a search, the marked lines, or both — in the forms the grid needs.

A window walk needs the filter as an SQL condition; fetching a small result needs a query of candidate ids
that walks as few index entries as possible; the view needs its line count; a walk far from every anchor
needs a bitmap of the matching line ids. One object builds each form once per view.

Counting a search can cost a hundred milliseconds at a million lines (one letter matches parts of four
fields), more than a keystroke's frame may take. So a view can also be counted by a `BackgroundCount`: on a
read-only connection of its own, in another thread, while the grid draws the first lines without the count.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from tui_ledger.store.database import Database
from tui_ledger.store.line_background import read_only_connection
from tui_ledger.store.line_dictionary import PeriodTexts
from tui_ledger.store.line_schema import LineShard
from tui_ledger.store.line_search import LineSearch, count_matches, count_without_query, unmatched_ids_sql

_INVERT = bytes([1, 0, *([0] * 254)])


class ViewFilter:
    """The filter of one view of one period generation (see the module docstring)."""

    def __init__(
        self, database: Database, shard: LineShard, texts: PeriodTexts, search: LineSearch, marked_only: bool
    ) -> None:
        self._database = database
        self._table = shard.lines
        self._marks = shard.marks
        self._texts = texts
        self.search = search
        self.marked_only = marked_only
        self._searching = not search.holds_every_line
        self._condition = self._build_condition()
        self._count: int | None = None

    @property
    def total(self) -> int:
        """Lines in the period."""
        return self.search.period_lines

    @property
    def keeps_every_line(self) -> bool:
        return not self._searching and not self.marked_only

    @property
    def keeps_no_line(self) -> bool:
        return self.search.holds_no_line

    def condition(self) -> tuple[str, list[object]]:
        """The SQL condition on a line (empty when the view keeps every line)."""
        sql, parameters = self._condition
        return sql, list(parameters)

    def candidates(self) -> tuple[str, list[object]]:
        """A query of ids including every kept line, walking covering indexes (or the marks) only."""
        if self.marked_only or not self._searching:
            return f"SELECT line_id FROM {self._marks}", []
        return self.search.candidates_sql(self._table)

    def count(self) -> int:
        """Lines the view keeps (counted once)."""
        if self._count is None:
            self._count = self._counted(self._database)
        return self._count

    def known_count(self) -> int | None:
        """The count if it needs no query (counted already, or told by the search's dictionary scan), else None."""
        if self._count is None and not self.marked_only:
            self._count = self.total if not self._searching else count_without_query(self.search)
        return self._count

    def count_on(self, database: Database) -> int:
        """Count on another connection (a background thread's) and keep the answer for this view."""
        if self._count is None:
            self._count = self._counted(database)
        return self._count

    def bitmap(self) -> bytes:
        """One byte per line id, 1 where the view keeps the line: lets a walk test lines inside an index.

        Built from the search's covering indexes (and the marks), never from the table, and from whichever side
        is smaller: the kept lines, or the lines that are not kept, then inverted. The side is chosen by a bound
        when the count is not known yet, so that building a bitmap never waits for a count.
        """
        if not self._searching:
            return bytes(self._flags(f"SELECT line_id AS id FROM {self._marks}", []))
        if self._count_at_most() * 2 <= self.total or self.marked_only:
            flags = self._flags(*self.search.candidates_sql(self._table))
        else:
            flags = self._flags(*unmatched_ids_sql(self._table, self.search, self._texts)).translate(_INVERT)
        if self.marked_only:
            marked = self._flags(f"SELECT line_id AS id FROM {self._marks}", [])
            flags = bytearray(kept & mark for kept, mark in zip(flags, marked, strict=True))
        return bytes(flags)

    def _build_condition(self) -> tuple[str, list[object]]:
        parts: list[str] = []
        parameters: list[object] = []
        if self._searching:
            sql, values = self.search.predicate()
            parts.append(sql)
            parameters.extend(values)
        if self.marked_only:
            parts.append(f"id IN (SELECT line_id FROM {self._marks})")
        return " AND ".join(parts), parameters

    def _count_at_most(self) -> int:
        """The count, or while it is not known (a background count is running) the arms' lines summed: a bound."""
        known = self.known_count()
        return known if known is not None else min(self.total, sum(arm.lines for arm in self.search.arms))

    def _counted(self, database: Database) -> int:
        if self.keeps_no_line:
            return 0
        if self.keeps_every_line:
            return self.total
        if not self.marked_only:
            return count_matches(database, self._table, self.search, self._texts)
        if not self._searching:
            return _scalar(database, f"SELECT count(*) FROM {self._marks}", [])
        sql, parameters = self.search.predicate()
        return _scalar(
            database,
            f"SELECT count(*) FROM {self._marks} AS m JOIN {self._table} ON id = m.line_id WHERE {sql}",
            parameters,
        )

    def _flags(self, ids_sql: str, parameters: list[object]) -> bytearray:
        """A byte per line id, 1 for the ids the query returns (gathered in SQLite as one JSON array)."""
        flags = bytearray(self.total + 1)
        row = self._database.query_one(f"SELECT json_group_array(id) FROM ({ids_sql})", parameters)
        for key in json.loads(row[0] if row is not None else "[]"):
            flags[key] = 1
        return flags


class BackgroundCount:
    """Counts one view in another thread, on a read-only connection of its own; `cancel()` interrupts it.

    The grid's connection stays free for the windows the table draws meanwhile (WAL lets both read at once, and
    SQLite works without Python's lock, so the count runs on the other core). The answer is kept by the view, so
    `count()` afterwards costs nothing; a cancelled count (the view changed meanwhile) answers None.
    """

    def __init__(self, view: ViewFilter, database_path: Path) -> None:
        self.view = view
        self._path = database_path
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def __call__(self) -> int | None:
        """Count (blocking: call it from a worker thread); None when cancelled before or during the count."""
        connection = read_only_connection(self._path)
        try:
            with self._lock:
                if self._cancelled:
                    return None
                self._connection = connection
            return self.view.count_on(Database(connection, self._path))
        except sqlite3.OperationalError:
            if self._cancelled:
                return None
            raise
        finally:
            with self._lock:
                self._connection = None
            connection.close()

    def cancel(self) -> None:
        """Stop the count (from any thread): the view it counts is no longer shown."""
        with self._lock:
            self._cancelled = True
            if self._connection is not None:
                self._connection.interrupt()


def _scalar(database: Database, sql: str, parameters: list[object]) -> int:
    row = database.query_one(sql, parameters)
    return int(row[0]) if row is not None else 0
