"""Run history: every export, sync and batch operation, started and (hopefully) finished.

A run that is still `running` when the app starts was interrupted (a crash, a closed terminal): the export
workflow asks `unfinished()` to offer a resume. The summary is free-form JSON owned by the workflow (counts,
totals as Decimal strings, the filter used) and is replaced, not merged, on each update.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.store.codec import json_object_from_text, json_text, timestamp_from_text, timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError


class RunStatus(StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    COMPLETED_WITH_ERRORS = "completed_with_errors"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    kind: str
    profile: str
    started: datetime
    finished: datetime | None
    status: RunStatus
    summary: dict[str, Any]

    @property
    def is_finished(self) -> bool:
        return self.finished is not None


class RunHistory:
    """The `run` table of one profile's database."""

    def __init__(self, database: Database, profile: str, clock: Clock | None = None) -> None:
        self.database = database
        self.profile = profile
        self._clock = clock or SystemClock()

    def start(self, kind: str, summary: Mapping[str, Any] | None = None) -> Run:
        """Record that a run of `kind` (e.g. "export", "lines-sync") begins now."""
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO run (kind, profile, started, status, summary) VALUES (?, ?, ?, ?, ?)",
                (kind, self.profile, timestamp_text(self._clock.now()), RunStatus.RUNNING, json_text(summary or {})),
            )
            run_id = int(cursor.lastrowid or 0)
        return self._require(run_id)

    def update(self, run_id: int, summary: Mapping[str, Any]) -> Run:
        """Replace the summary of a run in progress (progress counts, so a crash leaves the latest known)."""
        with self.database.transaction() as connection:
            self._require_running(run_id)
            connection.execute("UPDATE run SET summary = ? WHERE id = ?", (json_text(summary), run_id))
        return self._require(run_id)

    def finish(self, run_id: int, status: RunStatus, summary: Mapping[str, Any] | None = None) -> Run:
        """Close a running run with its final status (and summary, when given)."""
        if status is RunStatus.RUNNING:
            raise ValueError("a run is finished with a final status, not RUNNING")
        with self.database.transaction() as connection:
            self._require_running(run_id)
            connection.execute(
                "UPDATE run SET finished = ?, status = ?, summary = COALESCE(?, summary) WHERE id = ?",
                (
                    timestamp_text(self._clock.now()),
                    status,
                    None if summary is None else json_text(summary),
                    run_id,
                ),
            )
        return self._require(run_id)

    def get(self, run_id: int) -> Run | None:
        row = self.database.query_one("SELECT * FROM run WHERE id = ?", (run_id,))
        return _run(row) if row else None

    def recent(self, limit: int = 50, kind: str | None = None) -> list[Run]:
        """The latest runs, newest first, optionally of one kind."""
        if kind is None:
            rows = self.database.query("SELECT * FROM run ORDER BY started DESC, id DESC LIMIT ?", (limit,))
        else:
            rows = self.database.query(
                "SELECT * FROM run WHERE kind = ? ORDER BY started DESC, id DESC LIMIT ?", (kind, limit)
            )
        return [_run(row) for row in rows]

    def unfinished(self, kind: str | None = None) -> list[Run]:
        """Runs never finished (interrupted), oldest first: what a restart should offer to resume."""
        if kind is None:
            rows = self.database.query("SELECT * FROM run WHERE finished IS NULL ORDER BY id")
        else:
            rows = self.database.query("SELECT * FROM run WHERE finished IS NULL AND kind = ? ORDER BY id", (kind,))
        return [_run(row) for row in rows]

    def _require(self, run_id: int) -> Run:
        run = self.get(run_id)
        if run is None:
            raise StoreError(f"There is no run {run_id} in {self.database.path}.")
        return run

    def _require_running(self, run_id: int) -> None:
        run = self._require(run_id)
        if run.is_finished:
            raise StoreError(f"Run {run_id} ({run.kind}) already finished as {run.status}; it cannot change.")


def _run(row: Any) -> Run:
    return Run(
        id=row["id"],
        kind=row["kind"],
        profile=row["profile"],
        started=timestamp_from_text(row["started"]),
        finished=timestamp_from_text(row["finished"]) if row["finished"] else None,
        status=RunStatus(row["status"]),
        summary=json_object_from_text(row["summary"]),
    )
