"""System Logs: what went wrong or deserves attention, per profile, searchable by severity, period and subject.

Seed 003 sends the user to System Logs for the reason a line failed to sync; the export and batch workflows log
there too. A `subject` ties an entry to the thing it is about (`invoice 508`, `line 88231`), so a screen can
show a document's or a line's history. Everything stored is redacted first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.store.codec import json_object_from_text, json_text, timestamp_from_text, timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.redaction import redact_value
from tui_ledger.store.severity import Severity


@dataclass(frozen=True, slots=True)
class LogEntry:
    id: int
    at: datetime
    severity: Severity
    area: str
    message: str
    details: dict[str, Any]
    subject: str | None


@dataclass(frozen=True, slots=True)
class LogQuery:
    """A System Logs filter. `since` is inclusive, `until` exclusive; None means no bound; results newest first."""

    severities: frozenset[Severity] | None = None
    since: datetime | None = None
    until: datetime | None = None
    subject: str | None = None
    area: str | None = None
    text: str | None = None
    limit: int = 500
    offset: int = 0

    def where(self) -> tuple[str, list[object]]:
        clauses: list[str] = []
        parameters: list[object] = []
        if self.severities is not None:
            clauses.append(f"severity IN ({','.join('?' * len(self.severities)) or 'NULL'})")
            parameters.extend(int(severity) for severity in sorted(self.severities))
        if self.since is not None:
            clauses.append("at >= ?")
            parameters.append(timestamp_text(self.since))
        if self.until is not None:
            clauses.append("at < ?")
            parameters.append(timestamp_text(self.until))
        if self.subject is not None:
            clauses.append("subject = ?")
            parameters.append(self.subject)
        if self.area is not None:
            clauses.append("area = ?")
            parameters.append(self.area)
        if self.text:
            clauses.append("message LIKE ? ESCAPE '\\'")
            parameters.append("%" + _escape_like(self.text) + "%")
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), parameters


class SystemLog:
    """The `system_log` table. `scrub` adds the profile's own secret values to the built-in redaction."""

    def __init__(
        self,
        database: Database,
        clock: Clock | None = None,
        scrub: Callable[[str], str] | None = None,
    ) -> None:
        self.database = database
        self._clock = clock or SystemClock()
        self._scrub = scrub

    def add(
        self,
        severity: Severity,
        area: str,
        message: str,
        *,
        details: Mapping[str, Any] | None = None,
        subject: str | None = None,
        at: datetime | None = None,
    ) -> int:
        """Store one entry (redacted) and return its id."""
        clean_message = redact_value(message, self._scrub)
        clean_details = redact_value(dict(details or {}), self._scrub)
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "INSERT INTO system_log (at, severity, area, message, details, subject) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    timestamp_text(at or self._clock.now()),
                    int(severity),
                    area,
                    clean_message,
                    json_text(clean_details),
                    subject,
                ),
            )
            return int(cursor.lastrowid or 0)

    def query(self, query: LogQuery | None = None) -> list[LogEntry]:
        """Matching entries, newest first, one page (`limit`, `offset`)."""
        chosen = query or LogQuery()
        where, parameters = chosen.where()
        rows = self.database.query(
            f"SELECT * FROM system_log{where} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
            [*parameters, chosen.limit, chosen.offset],
        )
        return [_entry(row) for row in rows]

    def count(self, query: LogQuery | None = None) -> int:
        """How many entries match, ignoring paging."""
        where, parameters = (query or LogQuery()).where()
        row = self.database.query_one(f"SELECT COUNT(*) FROM system_log{where}", parameters)
        return int(row[0]) if row else 0

    def prune(self, older_than: datetime) -> int:
        """Delete entries from before `older_than`; returns how many went."""
        with self.database.transaction() as connection:
            cursor = connection.execute("DELETE FROM system_log WHERE at < ?", (timestamp_text(older_than),))
            return cursor.rowcount


def _entry(row: Any) -> LogEntry:
    return LogEntry(
        id=row["id"],
        at=timestamp_from_text(row["at"]),
        severity=Severity.from_level(row["severity"]),
        area=row["area"],
        message=row["message"],
        details=json_object_from_text(row["details"]),
        subject=row["subject"],
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
