"""Errors of the local database, worded for the person who has to do something about them."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The profile database cannot be used as asked; the message says which file and why."""


class NewerSchemaError(StoreError):
    """The database was written by a newer tui-ledger: opening it with this one could corrupt it."""

    def __init__(self, path: Path, found: int, known: int) -> None:
        super().__init__(
            f"The database {path} was written by a newer version of tui-ledger (schema version {found}; this "
            f"version knows up to {known}). Upgrade tui-ledger to open it, or point TUI_LEDGER_DATA_DIR at "
            "another folder. The file was not changed."
        )
        self.path = path
        self.found = found
        self.known = known


class MigrationError(StoreError):
    """A schema step failed; the database stays at the last version that completed."""
