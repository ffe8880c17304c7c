"""Opening, migrating, re-opening and refusing profile databases."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_ledger.store import (
    MIGRATIONS,
    AppState,
    Database,
    Migration,
    MigrationError,
    NewerSchemaError,
    StoreError,
    open_profile_database,
    profile_database_path,
)


def tables(database: Database) -> set[str]:
    return {row["name"] for row in database.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_fresh_database_is_created_at_the_latest_version_with_its_settings(tmp_path: Path) -> None:
    with open_profile_database(tmp_path, "acme") as database:
        assert database.path == tmp_path / "profiles" / "acme.sqlite"
        assert database.schema_version == len(MIGRATIONS)
        assert {"system_log", "run", "app_state"} <= tables(database)
        assert database.query_one("PRAGMA journal_mode")[0] == "wal"
        assert database.query_one("PRAGMA foreign_keys")[0] == 1
        assert database.query_one("PRAGMA busy_timeout")[0] == 5000


def test_reopening_keeps_the_data_and_applies_nothing_again(tmp_path: Path) -> None:
    with open_profile_database(tmp_path, "acme") as database:
        AppState(database).set("export.last_thru", "2026-05-31")

    with open_profile_database(tmp_path, "acme") as reopened:
        assert reopened.schema_version == len(MIGRATIONS)
        assert AppState(reopened).get("export.last_thru") == "2026-05-31"


def test_a_database_from_the_previous_version_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    Database.open(path, MIGRATIONS[:-1]).close()

    with Database.open(path, MIGRATIONS) as upgraded:
        assert upgraded.schema_version == len(MIGRATIONS)
        assert {"system_log", "run", "app_state"} <= tables(upgraded)


NOTES = Migration(
    name="notes",
    statements=("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",),
)
NOTE_AUTHORS = Migration(
    name="note authors, backfilled",
    statements=("ALTER TABLE note ADD COLUMN author TEXT",),
    transform=lambda connection: connection.execute("UPDATE note SET author = 'unknown'"),
)


def test_an_upgrade_keeps_existing_rows_and_runs_the_data_transform(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    with Database.open(path, (*MIGRATIONS, NOTES)) as version_n_minus_1, version_n_minus_1.transaction() as sql:
        sql.execute("INSERT INTO note (text) VALUES ('kept')")

    with Database.open(path, (*MIGRATIONS, NOTES, NOTE_AUTHORS)) as upgraded:
        assert upgraded.schema_version == len(MIGRATIONS) + 2
        assert [tuple(row) for row in upgraded.query("SELECT text, author FROM note")] == [("kept", "unknown")]


def test_a_failing_step_leaves_the_database_at_the_last_whole_version(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite"
    broken = Migration(name="half", statements=("CREATE TABLE half_done (x)", "CREATE TABLE oops (syntax error"))

    with pytest.raises(MigrationError) as raised:
        Database.open(path, (*MIGRATIONS, NOTES, broken))

    assert f"to schema version {len(MIGRATIONS) + 2} (half) failed" in str(raised.value)
    assert f"left at version {len(MIGRATIONS) + 1}, unchanged" in str(raised.value)

    with Database.open(path, (*MIGRATIONS, NOTES)) as database:
        assert database.schema_version == len(MIGRATIONS) + 1
        assert "half_done" not in tables(database)


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = profile_database_path(tmp_path, "acme")
    Database.open(path, (*MIGRATIONS, NOTES)).close()
    fingerprint = hashlib.sha256(path.read_bytes()).hexdigest()

    with pytest.raises(NewerSchemaError) as raised:
        open_profile_database(tmp_path, "acme")

    message = str(raised.value)
    assert str(path) in message
    assert f"schema version {len(MIGRATIONS) + 1}" in message
    assert f"knows up to {len(MIGRATIONS)}" in message
    assert "Upgrade tui-ledger" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == fingerprint


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "profiles" / "acme.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"this is a spreadsheet, honestly" * 100)

    with pytest.raises(StoreError, match=r"Cannot use the database .*acme\.sqlite.*tui-ledger database"):
        open_profile_database(tmp_path, "acme")


@pytest.mark.parametrize("profile", ["../escape", "a/b", "", "with space"])
def test_profile_names_that_are_not_file_names_are_refused(tmp_path: Path, profile: str) -> None:
    with pytest.raises(StoreError, match="cannot name a database file"):
        profile_database_path(tmp_path, profile)


class Abort(Exception):
    """Raised inside a transaction to make it roll back."""


def fail_inside_transaction(database: Database, *work: Callable[[], object]) -> None:
    with database.transaction():
        for step in work:
            step()
        raise Abort


def test_a_transaction_commits_all_or_nothing(database: Database) -> None:
    state = AppState(database)

    with pytest.raises(Abort):
        fail_inside_transaction(database, lambda: state.set("a", 1), lambda: state.set("b", 2))

    assert state.keys() == []


def test_a_nested_transaction_is_a_savepoint_of_the_outer_one(database: Database) -> None:
    state = AppState(database)
    with database.transaction():
        state.set("outer", 1)
        with pytest.raises(Abort):
            fail_inside_transaction(database, lambda: state.set("inner", 2))
        state.set("after", 3)

    assert state.keys() == ["after", "outer"]


def test_work_deferred_until_idle_runs_after_the_outer_transaction_even_on_rollback(database: Database) -> None:
    state = AppState(database)
    seen_inside: list[object] = []

    with pytest.raises(Abort):
        fail_inside_transaction(
            database,
            lambda: database.when_idle(lambda: state.set("survivor", True)),
            lambda: seen_inside.append(state.get("survivor")),
        )

    assert seen_inside == [None]
    assert state.get("survivor") is True


def test_two_connections_to_one_file_see_each_others_commits(tmp_path: Path) -> None:
    with open_profile_database(tmp_path, "acme") as app, open_profile_database(tmp_path, "acme") as headless:
        AppState(headless).set("export.lock", "pid 42")

        assert AppState(app).get("export.lock") == "pid 42"
