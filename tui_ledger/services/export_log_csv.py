"""The Export Log as a CSV file, for the accountant who reconciles in a spreadsheet or mails it to support.

The file is written whole or not at all (a temporary file renamed into place), so a full disk or a closed
terminal never leaves half a log that looks complete. Amounts are written as plain decimals (`1234.50`), never
formatted, so a spreadsheet reads them as numbers.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tui_ledger.store.journal_log import ExportLogRow

COLUMNS = (
    "subject",
    "what",
    "number",
    "counterparty",
    "total",
    "status",
    "message",
    "package id",
    "package number",
    "batch identifier",
)


class LogSaveError(Exception):
    """The log could not be saved where the user asked; the message names the path and the reason."""


def resolve_log_path(typed: str, base: Path) -> Path:
    """The path the user typed: `~` expanded, relative to `base`; refuses a blank path and a folder."""
    text = typed.strip()
    if not text:
        raise LogSaveError("Type a file name, e.g. export-log.csv.")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = base / path
    if path.is_dir():
        raise LogSaveError(f"{path} is a folder; add a file name, e.g. {path / 'export-log.csv'}.")
    return path


def write_export_log(rows: Sequence[ExportLogRow], path: Path) -> int:
    """Write `rows` to `path` as CSV (replacing the file); returns the number of rows written."""
    folder = path.parent
    if not folder.is_dir():
        raise LogSaveError(f"Cannot save to {path}: the folder {folder} does not exist.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise LogSaveError(f"Cannot save to {path}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(COLUMNS)
            writer.writerows(_cells(row) for row in rows)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise LogSaveError(f"Cannot save to {path}: {error.strerror or error}.") from None
    return len(rows)


def _cells(row: ExportLogRow) -> tuple[str, ...]:
    return (
        row.subject.value,
        row.label,
        row.number,
        row.counterparty,
        "" if row.total is None else str(row.total),
        row.status.value,
        row.message,
        row.target_id or "",
        row.target_number or "",
        row.batch_identifier or "",
    )
