"""The profile's local database: schema and migrations, repositories, System Logs.

    database = open_profile_database(paths.data_dir, profile.name)   # migrated, WAL, foreign keys on
    SystemLog(database).add(Severity.ERROR, "lines.sync", "…", subject="line 88231")
    RunHistory(database, profile.name).start("export")
    AppState(database).set("export.last_filter", {...})
    attach_system_log(SystemLog(database))          # tui_ledger loggers at WARNING+ → System Logs

Other areas add their tables by appending a `Migration` to `store.migrations.MIGRATIONS`.
"""

from tui_ledger.store.app_state import AppState
from tui_ledger.store.database import Database, open_profile_database, profile_database_path
from tui_ledger.store.errors import MigrationError, NewerSchemaError, StoreError
from tui_ledger.store.log_handler import SystemLogHandler, attach_system_log
from tui_ledger.store.migrations import MIGRATIONS, Migration
from tui_ledger.store.redaction import redact
from tui_ledger.store.runs import Run, RunHistory, RunStatus
from tui_ledger.store.severity import Severity
from tui_ledger.store.system_log import LogEntry, LogQuery, SystemLog

__all__ = [
    "MIGRATIONS",
    "AppState",
    "Database",
    "LogEntry",
    "LogQuery",
    "Migration",
    "MigrationError",
    "NewerSchemaError",
    "Run",
    "RunHistory",
    "RunStatus",
    "Severity",
    "StoreError",
    "SystemLog",
    "SystemLogHandler",
    "attach_system_log",
    "open_profile_database",
    "profile_database_path",
    "redact",
]
