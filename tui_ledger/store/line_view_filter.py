"""Which lines a grid view keeps — a search, the marked lines, or both — in the forms the grid needs.

A window walk needs the filter as an SQL condition; fetching a small result needs a query of candidate ids
that walks as few index entries as possible; the view needs its line count; a walk far from every anchor
needs a bitmap of the matching line ids. One object builds each form once per view.
"""

from __future__ import annotations

import json

from tui_ledger.store.database import Database
from tui_ledger.store.line_dictionary import PeriodTexts
from tui_ledger.store.line_schema import LineShard
from tui_ledger.store.line_search import LineSearch, count_matches, unmatched_ids_sql

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
            self._count = self._counted()
        return self._count

    def bitmap(self) -> bytes:
        """One byte per line id, 1 where the view keeps the line: lets a walk test lines inside an index.

        Built from the search's covering indexes (and the marks), never from the table, and from whichever side
        is smaller: the kept lines, or the lines that are not kept, then inverted.
        """
        if not self._searching:
            return bytes(self._flags(f"SELECT line_id AS id FROM {self._marks}", []))
        if self.count() * 2 <= self.total or self.marked_only:
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

    def _counted(self) -> int:
        if self.keeps_no_line:
            return 0
        if self.keeps_every_line:
            return self.total
        if not self.marked_only:
            return count_matches(self._database, self._table, self.search, self._texts)
        if not self._searching:
            return self._scalar(f"SELECT count(*) FROM {self._marks}", [])
        sql, parameters = self.search.predicate()
        return self._scalar(
            f"SELECT count(*) FROM {self._marks} AS m JOIN {self._table} ON id = m.line_id WHERE {sql}", parameters
        )

    def _flags(self, ids_sql: str, parameters: list[object]) -> bytearray:
        """A byte per line id, 1 for the ids the query returns (gathered in SQLite as one JSON array)."""
        flags = bytearray(self.total + 1)
        row = self._database.query_one(f"SELECT json_group_array(id) FROM ({ids_sql})", parameters)
        for key in json.loads(row[0] if row is not None else "[]"):
            flags[key] = 1
        return flags

    def _scalar(self, sql: str, parameters: list[object]) -> int:
        row = self._database.query_one(sql, parameters)
        return int(row[0]) if row is not None else 0
