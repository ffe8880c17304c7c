"""System Logs: entries by severity, period and subject, newest first, redacted."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from tests.store.conftest import FixedClock
from tui_ledger.store import Database, LogQuery, Severity, SystemLog


def filled(database: Database, clock: FixedClock) -> SystemLog:
    log = SystemLog(database, clock)
    log.add(Severity.INFO, "lines.load", "Loaded 120 lines for 2026-05")
    clock.advance(60)
    log.add(Severity.WARNING, "lines.sync", "Agreement missing", subject="line 88231")
    clock.advance(60)
    log.add(Severity.ERROR, "lines.sync", "ConnectWise refused the addition", subject="line 88231")
    clock.advance(60)
    log.add(Severity.ERROR, "export", "Xero: account 200 is archived", subject="invoice 508")
    return log


def messages(entries: list) -> list[str]:
    return [entry.message for entry in entries]


def test_entries_come_back_newest_first_with_their_fields(database: Database, clock: FixedClock) -> None:
    start = clock.now()
    log = filled(database, clock)

    entries = log.query()

    assert messages(entries) == [
        "Xero: account 200 is archived",
        "ConnectWise refused the addition",
        "Agreement missing",
        "Loaded 120 lines for 2026-05",
    ]
    oldest = entries[-1]
    assert (oldest.at, oldest.severity, oldest.area, oldest.subject, oldest.details) == (
        start,
        Severity.INFO,
        "lines.load",
        None,
        {},
    )


def test_filter_by_severity(database: Database, clock: FixedClock) -> None:
    log = filled(database, clock)

    errors_only = log.query(LogQuery(severities=frozenset({Severity.ERROR})))
    warnings_and_worse = log.query(LogQuery(severities=Severity.at_least(Severity.WARNING)))

    assert messages(errors_only) == ["Xero: account 200 is archived", "ConnectWise refused the addition"]
    assert len(warnings_and_worse) == 3


def test_filter_by_period_includes_the_start_and_excludes_the_end(database: Database, clock: FixedClock) -> None:
    start = clock.now()
    log = filled(database, clock)

    window = log.query(LogQuery(since=start + timedelta(seconds=60), until=start + timedelta(seconds=180)))

    assert messages(window) == ["ConnectWise refused the addition", "Agreement missing"]


def test_filter_by_subject_gives_one_lines_history(database: Database, clock: FixedClock) -> None:
    log = filled(database, clock)

    history = log.query(LogQuery(subject="line 88231"))

    assert messages(history) == ["ConnectWise refused the addition", "Agreement missing"]


def test_filter_by_area_and_text_with_wildcards_taken_literally(database: Database, clock: FixedClock) -> None:
    log = filled(database, clock)
    log.add(Severity.WARNING, "export", "rate 100% used")
    log.add(Severity.WARNING, "export", "rate 100 used")

    assert messages(log.query(LogQuery(area="lines.load"))) == ["Loaded 120 lines for 2026-05"]
    assert messages(log.query(LogQuery(text="100%"))) == ["rate 100% used"]
    assert messages(log.query(LogQuery(text="ARCHIVED"))) == ["Xero: account 200 is archived"]


def test_paging_and_count(database: Database, clock: FixedClock) -> None:
    log = filled(database, clock)

    page = log.query(LogQuery(limit=2, offset=1))

    assert messages(page) == ["ConnectWise refused the addition", "Agreement missing"]
    assert log.count() == 4
    assert log.count(LogQuery(subject="line 88231", limit=1)) == 2


def test_secrets_are_redacted_from_messages_and_details(database: Database, clock: FixedClock) -> None:
    log = SystemLog(database, clock)

    log.add(
        Severity.ERROR,
        "connectors.xero",
        "token refresh failed: refresh_token=rt-abc123 (Authorization: Bearer eyJraWQiOi.payload)",
        details={"client_secret": "cs-999", "response": '{"access_token": "at-777"}', "status": 400},
    )

    (entry,) = log.query()
    assert entry.message == "token refresh failed: refresh_token=*** (Authorization: Bearer ***)"
    assert entry.details == {"client_secret": "***", "response": '{"access_token": "***"}', "status": 400}


def test_a_scrubber_masks_the_profiles_own_secret_values(database: Database, clock: FixedClock) -> None:
    log = SystemLog(database, clock, scrub=lambda text: text.replace("acme-private-key", "***"))

    log.add(
        Severity.ERROR, "connectors.connectwise", "echoed back: acme-private-key", details={"body": "acme-private-key"}
    )

    (entry,) = log.query()
    assert entry.message == "echoed back: ***"
    assert entry.details == {"body": "***"}


def test_money_in_details_comes_back_exact(database: Database, clock: FixedClock) -> None:
    log = SystemLog(database, clock)

    log.add(Severity.WARNING, "export", "totals differ", details={"psa": Decimal("1234.10"), "package": 1234.1})

    (entry,) = log.query()
    assert entry.details == {"psa": "1234.10", "package": Decimal("1234.1")}


def test_prune_removes_entries_older_than_a_moment(database: Database, clock: FixedClock) -> None:
    start: datetime = clock.now()
    log = filled(database, clock)

    removed = log.prune(start + timedelta(seconds=90))

    assert removed == 2
    assert log.count() == 2
