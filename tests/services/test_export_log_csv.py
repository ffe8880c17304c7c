"""The Export Log as CSV: every column a reconciling accountant needs, amounts as plain numbers, whole or nothing."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from tui_ledger.services.export_log_csv import COLUMNS, LogSaveError, resolve_log_path, write_export_log
from tui_ledger.store.journal_log import ExportLogRow, LogStatus, LogSubject

ROWS = [
    ExportLogRow(
        subject=LogSubject.CUSTOMER,
        label='Customer O\'Reilly "Top Notch" Landscaping',
        number="OReillyTopNotch",
        status=LogStatus.CREATED,
        message="",
        target_id="c-17",
        target_number="OReillyTopNotch",
    ),
    ExportLogRow(
        subject=LogSubject.INVOICE,
        label="Invoice 5013",
        number="5013",
        status=LogStatus.FAILED,
        message="Account code '4400' has been archived, or is invalid, for the line, Mileage; on-site",
        target_id=None,
        target_number=None,
        counterparty="Cedar Ridge Veterinary Clinic",
        total=Decimal("1234.50"),
        batch_identifier="I5013:K3J9QX2A",
    ),
]


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def test_every_row_is_written_with_the_packages_words_and_plain_amounts(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"

    assert write_export_log(ROWS, path) == 2

    rows = read(path)
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["what"] == 'Customer O\'Reilly "Top Notch" Landscaping'
    assert rows[0]["status"] == "Created"
    assert rows[1]["message"] == "Account code '4400' has been archived, or is invalid, for the line, Mileage; on-site"
    assert rows[1]["total"] == "1234.50"
    assert rows[1]["package id"] == ""
    assert rows[1]["batch identifier"] == "I5013:K3J9QX2A"


def test_an_existing_file_is_replaced_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("old content that is much longer than one line\n" * 100, encoding="utf-8")

    write_export_log(ROWS[:1], path)

    assert len(read(path)) == 1
    assert [entry.name for entry in tmp_path.iterdir()] == ["log.csv"]


def test_a_missing_folder_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "no-such-folder" / "log.csv"

    with pytest.raises(LogSaveError, match=r"the folder .*no-such-folder does not exist"):
        write_export_log(ROWS, path)
    assert not path.parent.exists()


def test_a_typed_path_is_taken_from_the_start_folder_and_a_folder_or_blank_is_refused(tmp_path: Path) -> None:
    assert resolve_log_path(" run-3.csv ", tmp_path) == tmp_path / "run-3.csv"
    assert resolve_log_path(str(tmp_path / "a.csv"), Path("/elsewhere")) == tmp_path / "a.csv"
    assert resolve_log_path("~/x.csv", tmp_path) == Path.home() / "x.csv"
    with pytest.raises(LogSaveError, match="is a folder; add a file name"):
        resolve_log_path(str(tmp_path), tmp_path)
    with pytest.raises(LogSaveError, match="Type a file name"):
        resolve_log_path("   ", tmp_path)
