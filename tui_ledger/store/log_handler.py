"""Sends the `tui_ledger` loggers' warnings and errors to System Logs, so problems are visible in the app.

Any module logs as usual (`logging.getLogger(__name__).warning(...)`); the handler stores WARNING and above.
Two optional `extra` fields carry structure: `subject` (what the entry is about, e.g. `invoice 508`) and
`details` (a JSON-able mapping). Exception tracebacks go into details, redacted like everything else.
A record logged inside a database transaction is stored after that transaction ends, so a rollback cannot
swallow the warning that explains it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import SystemLog

ROOT_LOGGER = "tui_ledger"


class SystemLogHandler(logging.Handler):
    """A logging handler writing to a profile's System Logs."""

    def __init__(self, system_log: SystemLog, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.system_log = system_log
        self._logger: logging.Logger | None = None
        self._exception_formatter = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            entry = self._entry(record)
        except Exception:
            self.handleError(record)
            return

        def store() -> None:
            try:
                self.system_log.add(**entry)
            except Exception:
                self.handleError(record)

        self.system_log.database.when_idle(store)

    def attach(self, logger_name: str = ROOT_LOGGER) -> SystemLogHandler:
        logger = logging.getLogger(logger_name)
        logger.addHandler(self)
        self._logger = logger
        return self

    def detach(self) -> None:
        if self._logger is not None:
            self._logger.removeHandler(self)
            self._logger = None

    def _entry(self, record: logging.LogRecord) -> dict[str, Any]:
        details: dict[str, Any] = {"logger": record.name}
        extra_details = getattr(record, "details", None)
        if isinstance(extra_details, Mapping):
            details.update(extra_details)
        if record.exc_info:
            details["exception"] = self._exception_formatter.formatException(record.exc_info)
        subject = getattr(record, "subject", None)
        return {
            "severity": Severity.from_level(record.levelno),
            "area": _area(record.name),
            "message": record.getMessage(),
            "details": details,
            "subject": str(subject) if subject is not None else None,
            "at": datetime.fromtimestamp(record.created, UTC),
        }


def attach_system_log(system_log: SystemLog, level: int = logging.WARNING) -> SystemLogHandler:
    """Start storing the `tui_ledger` loggers' records at `level` and above; `detach()` the result to stop."""
    return SystemLogHandler(system_log, level).attach(ROOT_LOGGER)


def _area(logger_name: str) -> str:
    """`tui_ledger.services.export` → `services.export`: the part of the app the entry comes from."""
    area = logger_name.removeprefix(f"{ROOT_LOGGER}.")
    return area if area != ROOT_LOGGER else "app"
