"""Marks on one period's lines (seed 003's Selector column): one at a time, or every line a view keeps.

Marks are rows of the period's mark table, so they survive the grid, the screen and the session, and a reload
carries them over. A synced line can never be marked (seed 003: its check box is disabled), which the insert
itself enforces, so no caller can get it wrong.
"""

from __future__ import annotations

from tui_ledger.store.database import Database
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_schema import LineShard
from tui_ledger.store.line_view_filter import ViewFilter


class LineMarks:
    """The mark table of one period generation."""

    def __init__(self, database: Database, shard: LineShard) -> None:
        self._database = database
        self._table = shard.lines
        self._marks = shard.marks

    def set(self, key: int, marked: bool) -> bool:
        """Mark or unmark one line; False when nothing changed (already so, or a synced line)."""
        with self._database.transaction() as connection:
            if marked:
                cursor = connection.execute(
                    f"INSERT OR IGNORE INTO {self._marks} (line_id) "
                    f"SELECT id FROM {self._table} WHERE id = ? AND psa_status != ?",
                    (key, int(PsaStatus.SYNCED)),
                )
            else:
                cursor = connection.execute(f"DELETE FROM {self._marks} WHERE line_id = ?", (key,))
        return cursor.rowcount > 0

    def set_kept(self, view: ViewFilter, marked: bool) -> int:
        """Mark (or unmark) every line `view` keeps; synced lines are never marked. Returns how many changed."""
        condition, parameters = view.condition()
        with self._database.transaction() as connection:
            if marked:
                where = [f"psa_status != {int(PsaStatus.SYNCED)}"]
                if condition:
                    candidates, candidate_parameters = view.candidates()
                    where = [f"id IN ({candidates})", condition, *where]
                    parameters = [*candidate_parameters, *parameters]
                cursor = connection.execute(
                    f"INSERT OR IGNORE INTO {self._marks} (line_id) "
                    f"SELECT id FROM {self._table} WHERE {' AND '.join(where)} ORDER BY id",
                    parameters,
                )
            elif condition:
                cursor = connection.execute(
                    f"DELETE FROM {self._marks} WHERE line_id IN (SELECT id FROM {self._table} "
                    f"WHERE id IN (SELECT line_id FROM {self._marks}) AND {condition})",
                    parameters,
                )
            else:
                cursor = connection.execute(f"DELETE FROM {self._marks}")
        return max(cursor.rowcount, 0)

    def count(self) -> int:
        row = self._database.query_one(f"SELECT count(*) FROM {self._marks}")
        return int(row[0]) if row is not None else 0

    def keys(self) -> list[int]:
        """Ids of the marked lines, in line order (what "sync the marked lines" works through)."""
        return [int(row[0]) for row in self._database.query(f"SELECT line_id FROM {self._marks} ORDER BY line_id")]
