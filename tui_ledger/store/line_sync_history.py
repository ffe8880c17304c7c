"""What each sync to ConnectWise did, line by line, so that a run can be explained and undone.

Undo is the point (issue 6: "a sync run can be rolled back — the Additions it created cancelled or deleted,
those it updated restored"). So every entry records the Addition it touched and, for an update, the
Addition's state *before* the run, written before the remote call returns to the next line. A run that was
killed half-way still lists everything it changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store.codec import json_object_from_text, json_text, timestamp_from_text, timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.line_periods import BillingPeriod


class SyncAction(StrEnum):
    """What a sync did for one line."""

    CREATED = "created"
    UPDATED = "updated"
    FAILED = "failed"
    SKIPPED = "skipped"
    UNDONE = "undone"


class SyncRunState(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SyncRun:
    id: int
    period: BillingPeriod
    started_at: datetime
    finished_at: datetime | None
    state: SyncRunState
    synced: int
    failed: int
    skipped: int
    undone_at: datetime | None


@dataclass(frozen=True, slots=True)
class SyncEntry:
    run_id: int
    seq: int
    source_platform: SourcePlatform
    platform_line_id: str
    action: SyncAction
    addition_id: int
    agreement_id: int
    before: dict[str, Any]
    message: str
    at: datetime


class LineSyncHistory:
    """Sync runs and their entries."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def start(self, period: BillingPeriod, at: datetime) -> int:
        with self._database.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO line_sync_run (period, started_at, state) VALUES (?, ?, ?)",
                (period.key, timestamp_text(at), SyncRunState.RUNNING.value),
            )
        return int(cursor.lastrowid or 0)

    def record(
        self,
        run_id: int,
        line_key: tuple[SourcePlatform, str],
        action: SyncAction,
        *,
        at: datetime,
        addition_id: int = 0,
        agreement_id: int = 0,
        before: Mapping[str, object] | None = None,
        message: str = "",
    ) -> int:
        """Append one entry to a run; returns its sequence number within the run."""
        platform, line_id = line_key
        with self._database.transaction() as connection:
            seq = int(
                connection.execute(
                    "SELECT coalesce(max(seq), 0) + 1 FROM line_sync_entry WHERE run_id = ?", (run_id,)
                ).fetchone()[0]
            )
            try:
                connection.execute(
                    """
                    INSERT INTO line_sync_entry (run_id, seq, source_platform, platform_line_id, action,
                        addition_id, agreement_id, before, message, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                    (
                        run_id,
                        seq,
                        platform.value,
                        line_id,
                        action.value,
                        addition_id,
                        agreement_id,
                        json_text(before or {}),
                        message,
                        timestamp_text(at),
                    ),
                )
            except sqlite3.IntegrityError:
                raise StoreError(f"sync run {run_id} does not exist; start a run before recording lines") from None
        return seq

    def finish(self, run_id: int, state: SyncRunState, *, at: datetime, synced: int, failed: int, skipped: int) -> None:
        with self._database.transaction() as connection:
            connection.execute(
                "UPDATE line_sync_run SET state = ?, finished_at = ?, synced = ?, failed = ?, skipped = ? WHERE id = ?",
                (state.value, timestamp_text(at), synced, failed, skipped, run_id),
            )

    def mark_undone(self, run_id: int, at: datetime) -> None:
        with self._database.transaction() as connection:
            connection.execute("UPDATE line_sync_run SET undone_at = ? WHERE id = ?", (timestamp_text(at), run_id))

    def runs(self, period: BillingPeriod) -> list[SyncRun]:
        """The runs of a period, newest first."""
        rows = self._database.query(
            "SELECT * FROM line_sync_run WHERE period = ? ORDER BY started_at DESC, id DESC", (period.key,)
        )
        return [_run(row) for row in rows]

    def entries(self, run_id: int) -> list[SyncEntry]:
        rows = self._database.query("SELECT * FROM line_sync_entry WHERE run_id = ? ORDER BY seq", (run_id,))
        return [
            SyncEntry(
                run_id=row["run_id"],
                seq=row["seq"],
                source_platform=SourcePlatform(row["source_platform"]),
                platform_line_id=row["platform_line_id"],
                action=SyncAction(row["action"]),
                addition_id=row["addition_id"],
                agreement_id=row["agreement_id"],
                before=json_object_from_text(row["before"]),
                message=row["message"],
                at=timestamp_from_text(row["at"]),
            )
            for row in rows
        ]


def _run(row: sqlite3.Row) -> SyncRun:
    return SyncRun(
        id=row["id"],
        period=BillingPeriod.parse(row["period"]),
        started_at=timestamp_from_text(row["started_at"]),
        finished_at=_optional_time(row["finished_at"]),
        state=SyncRunState(row["state"]),
        synced=row["synced"],
        failed=row["failed"],
        skipped=row["skipped"],
        undone_at=_optional_time(row["undone_at"]),
    )


def _optional_time(text: str | None) -> datetime | None:
    return None if text is None else timestamp_from_text(text)
