"""The logging handler: the tui_ledger loggers' warnings and errors land in System Logs, redacted."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from tests.store.conftest import FixedClock
from tui_ledger.store import Database, LogQuery, Severity, SystemLog, SystemLogHandler, attach_system_log


@pytest.fixture
def system_log(database: Database, clock: FixedClock) -> SystemLog:
    return SystemLog(database, clock)


@pytest.fixture
def handler(system_log: SystemLog) -> Iterator[SystemLogHandler]:
    attached = attach_system_log(system_log)
    yield attached
    attached.detach()


@pytest.mark.usefixtures("handler")
def test_warnings_and_errors_are_stored_info_is_not(system_log: SystemLog) -> None:
    logger = logging.getLogger("tui_ledger.services.export")

    logger.info("starting")
    logger.warning("slow response from %s", "Xero", extra={"subject": "invoice 508", "details": {"ms": 4100}})
    logger.error("gave up")

    entries = system_log.query()
    assert [(entry.severity, entry.message) for entry in entries] == [
        (Severity.ERROR, "gave up"),
        (Severity.WARNING, "slow response from Xero"),
    ]
    warning = entries[1]
    assert warning.area == "services.export"
    assert warning.subject == "invoice 508"
    assert warning.details == {"logger": "tui_ledger.services.export", "ms": 4100}


@pytest.mark.usefixtures("handler")
def test_other_libraries_logs_are_not_stored(system_log: SystemLog) -> None:
    logging.getLogger("httpx").error("not ours")

    assert system_log.count() == 0


@pytest.mark.usefixtures("handler")
def test_exceptions_are_kept_with_their_traceback_and_redacted(system_log: SystemLog) -> None:
    logger = logging.getLogger("tui_ledger.connectors.xero")
    try:
        raise RuntimeError("refresh refused: refresh_token=rt-secret-1")
    except RuntimeError:
        logger.exception("token refresh failed for client_secret=cs-secret-2")

    (entry,) = system_log.query()
    assert entry.message == "token refresh failed for client_secret=***"
    assert "RuntimeError: refresh refused: refresh_token=***" in entry.details["exception"]
    assert "rt-secret-1" not in entry.details["exception"]


@pytest.mark.usefixtures("handler")
def test_a_warning_inside_a_rolled_back_transaction_is_still_stored(database: Database, system_log: SystemLog) -> None:
    def reject_row() -> None:
        with database.transaction():
            logging.getLogger("tui_ledger.store.journal").warning("journal row rejected")
            raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        reject_row()

    assert [entry.message for entry in system_log.query()] == ["journal row rejected"]


def test_detach_stops_storing(system_log: SystemLog) -> None:
    handler = attach_system_log(system_log)
    handler.detach()

    logging.getLogger("tui_ledger.ui").error("after detach")

    assert system_log.count(LogQuery()) == 0
