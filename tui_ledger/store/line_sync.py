"""What a sync run planned and which agreements it created: the part of the sync record undo needs beyond
the line outcomes of `line_sync_history`.

A run writes its plan before it sends anything: one row per line with the Addition key it will write, the
agreement, and — when an Addition with that key already existed — that Addition's id and content as they
were. Each row stays `pending` until the line's outcome is recorded (`done`); lines a stopped run never sent
become `not_attempted`. So even a run that was killed mid-call can be undone exactly: a pending row is
resolved against ConnectWise by its key (delete what the run created, restore what it found). Agreements a
run created are recorded the moment ConnectWise confirms them, because undo removes them last.

The queries that choose the lines of a sync read the period's line table directly (same package, same
schema), so choosing ten thousand lines is one indexed query.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store.codec import json_object_from_text, json_text, timestamp_from_text, timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_loader import LoadedPeriod


class PlanState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    NOT_ATTEMPTED = "not_attempted"


class AgreementState(StrEnum):
    CREATED = "created"
    DELETED = "deleted"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class PlannedLine:
    """One line of a run's plan. `agreement_id` is 0 while the line waits for a new agreement of its company;
    `found` is the content of the Addition that already held the key (empty when there was none)."""

    source_platform: SourcePlatform
    platform_line_id: str
    addition_key: str
    company_id: int
    agreement_id: int
    found_addition_id: int
    found: dict[str, Any]
    state: PlanState = PlanState.PENDING

    @property
    def line_key(self) -> tuple[SourcePlatform, str]:
        return (self.source_platform, self.platform_line_id)


@dataclass(frozen=True, slots=True)
class CreatedAgreement:
    run_id: int
    agreement_id: int
    company_id: int
    name: str
    state: AgreementState
    at: datetime


class LineSyncJournal:
    """Plans and created agreements of sync runs, and the line queries a sync starts from."""

    def __init__(self, database: Database) -> None:
        self._database = database

    # -- choosing lines

    def unsynced_keys(self, loaded: LoadedPeriod) -> list[int]:
        """Every line of the period not yet Synced (mapped or not: the caller counts the unmapped), in line order."""
        rows = self._database.query(
            f"SELECT id FROM {loaded.shard.lines} WHERE psa_status != ? ORDER BY id", (int(PsaStatus.SYNCED),)
        )
        return [int(row[0]) for row in rows]

    def current_keys(
        self, loaded: LoadedPeriod, line_keys: Iterable[tuple[SourcePlatform, str]]
    ) -> dict[tuple[SourcePlatform, str], int]:
        """Where lines are now: their keys in the period's current generation (a reload renumbers them)."""
        wanted = [[platform.value, line_id] for platform, line_id in line_keys]
        rows = self._database.query(
            f"SELECT source_platform, platform_line_id, id FROM {loaded.shard.lines} "
            "WHERE (platform_line_id, source_platform) IN "
            "(SELECT value ->> 1, value ->> 0 FROM json_each(?))",
            (json.dumps(wanted),),
        )
        return {(SourcePlatform(platform), line_id): int(key) for platform, line_id, key in rows}

    # -- the plan

    def plan(self, run_id: int, lines: Iterable[PlannedLine]) -> None:
        """Write the run's plan in one transaction, before anything is sent."""
        with self._database.transaction() as connection:
            connection.executemany(
                "INSERT INTO line_sync_plan (run_id, source_platform, platform_line_id, addition_key, company_id,"
                " agreement_id, found_addition_id, found, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        run_id,
                        line.source_platform.value,
                        line.platform_line_id,
                        line.addition_key,
                        line.company_id,
                        line.agreement_id,
                        line.found_addition_id,
                        json_text(line.found),
                        line.state.value,
                    )
                    for line in lines
                ),
            )

    def mark_done(self, run_id: int, line_keys: Sequence[tuple[SourcePlatform, str]]) -> None:
        """These lines' outcomes are recorded (call inside the transaction that records them)."""
        with self._database.transaction() as connection:
            connection.executemany(
                "UPDATE line_sync_plan SET state = ? WHERE run_id = ? AND source_platform = ? AND platform_line_id = ?",
                ((PlanState.DONE.value, run_id, platform.value, line_id) for platform, line_id in line_keys),
            )

    def close_plan(self, run_id: int) -> int:
        """After a run ended normally or was stopped: lines still pending were never sent. Returns how many."""
        with self._database.transaction() as connection:
            cursor = connection.execute(
                "UPDATE line_sync_plan SET state = ? WHERE run_id = ? AND state = ?",
                (PlanState.NOT_ATTEMPTED.value, run_id, PlanState.PENDING.value),
            )
        return cursor.rowcount

    def planned(self, run_id: int, state: PlanState | None = None) -> list[PlannedLine]:
        sql = "SELECT * FROM line_sync_plan WHERE run_id = ?"
        parameters: list[object] = [run_id]
        if state is not None:
            sql += " AND state = ?"
            parameters.append(state.value)
        rows = self._database.query(sql + " ORDER BY source_platform, platform_line_id", parameters)
        return [_planned(row) for row in rows]

    # -- agreements a run created

    def record_agreement(self, run_id: int, agreement_id: int, company_id: int, name: str, at: datetime) -> None:
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO line_sync_agreement (run_id, agreement_id, company_id, name, state, at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (run_id, agreement_id, company_id, name, AgreementState.CREATED.value, timestamp_text(at)),
            )

    def set_agreement_state(self, run_id: int, agreement_id: int, state: AgreementState) -> None:
        with self._database.transaction() as connection:
            connection.execute(
                "UPDATE line_sync_agreement SET state = ? WHERE run_id = ? AND agreement_id = ?",
                (state.value, run_id, agreement_id),
            )

    def created_agreements(self, run_id: int) -> list[CreatedAgreement]:
        rows = self._database.query("SELECT * FROM line_sync_agreement WHERE run_id = ? ORDER BY at", (run_id,))
        return [
            CreatedAgreement(
                run_id=row["run_id"],
                agreement_id=row["agreement_id"],
                company_id=row["company_id"],
                name=row["name"],
                state=AgreementState(row["state"]),
                at=timestamp_from_text(row["at"]),
            )
            for row in rows
        ]

    def runs_touching(self, addition_ids: Iterable[int], agreement_ids: Iterable[int], after_run: int) -> list[int]:
        """Runs after `after_run`, not undone, that wrote one of these additions or posted into one of these
        agreements (the ones `after_run` created): undoing `after_run` first would overwrite or orphan their work."""
        rows = self._database.query(
            """
            SELECT DISTINCT run.id FROM line_sync_run AS run
            WHERE run.id > ? AND run.undone_at IS NULL AND (
                EXISTS (SELECT 1 FROM line_sync_entry AS entry WHERE entry.run_id = run.id
                        AND (entry.addition_id IN (SELECT value FROM json_each(?))
                             OR entry.agreement_id IN (SELECT value FROM json_each(?))))
                OR EXISTS (SELECT 1 FROM line_sync_plan AS plan WHERE plan.run_id = run.id
                           AND plan.state = 'pending'
                           AND plan.agreement_id IN (SELECT value FROM json_each(?))))
            ORDER BY run.id
            """,
            (after_run, json.dumps(sorted(set(addition_ids))), *[json.dumps(sorted(set(agreement_ids)))] * 2),
        )
        return [int(row[0]) for row in rows]


def _planned(row: sqlite3.Row) -> PlannedLine:
    return PlannedLine(
        source_platform=SourcePlatform(row["source_platform"]),
        platform_line_id=row["platform_line_id"],
        addition_key=row["addition_key"],
        company_id=row["company_id"],
        agreement_id=row["agreement_id"],
        found_addition_id=row["found_addition_id"],
        found=json_object_from_text(row["found"]),
        state=PlanState(row["state"]),
    )
