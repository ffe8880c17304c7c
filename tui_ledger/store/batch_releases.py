"""Repository of `batch_release` and `reconcile_acceptance` (see batch_release_schema.py for why they exist).

    releases = BatchReleases(database, clock)
    releases.record(NewRelease(...))                          # in the same step as the ConnectWise change
    releases.open_for(DocumentRef(DocumentKind.INVOICE, "508"))
    releases.update_mark("Demo Xero", DocumentKind.INVOICE, "508")     # the export run's hook
    releases.settle(DocumentRef(...), Settlement.EXPORTED)              # the export run, once updated

Documents are named as the batch label names them (`DocumentRef.number`: invoice number, `<expense id><member>`,
PO number), never by a package number, so the export run and the batch screens meet on the same key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.reconcile import Acceptance, DiscrepancyKind
from tui_ledger.domain.batches.records import DocumentRef, RecordKey, RecordKind
from tui_ledger.domain.batches.releases import CopyRef, Release, ReleaseWay, Settlement
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.store.codec import timestamp_from_text, timestamp_text
from tui_ledger.store.database import Database


@dataclass(frozen=True, slots=True)
class NewRelease:
    key: RecordKey
    document: DocumentRef
    batch_id: int
    batch_identifier: str
    way: ReleaseWay
    amount: Decimal
    package_action: PackageAction
    target: str | None = None
    copy: CopyRef | None = None


@dataclass(frozen=True, slots=True)
class UpdateMark:
    """A document whose copy the next export updates in place; `copy` None: the one found under its number."""

    document: DocumentRef
    copy: CopyRef | None
    target: str | None


class BatchReleases:
    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self.database = database
        self._clock = clock or SystemClock()

    def __repr__(self) -> str:
        return f"BatchReleases({self.database.path})"

    # -- releases

    def record(self, releases: Iterable[NewRelease]) -> list[int]:
        """Store releases in one transaction; an older open release of the same record is settled first, so a
        record has at most one open release (the latest decision wins)."""
        now = timestamp_text(self._clock.now())
        ids: list[int] = []
        with self.database.transaction() as connection:
            for release in releases:
                connection.execute(
                    "UPDATE batch_release SET settled_at = ?, settlement = ? "
                    "WHERE record_kind = ? AND record_id = ? AND settled_at IS NULL",
                    (now, "superseded", release.key.kind.value, release.key.record_id),
                )
                copy = release.copy
                cursor = connection.execute(
                    "INSERT INTO batch_release (record_kind, record_id, document_kind, document_number, batch_id,"
                    " batch_identifier, way, released_at, amount, package_action, target, copy_document_type,"
                    " copy_target_id, copy_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        release.key.kind.value,
                        release.key.record_id,
                        release.document.kind.value,
                        release.document.number,
                        release.batch_id,
                        release.batch_identifier,
                        release.way.value,
                        now,
                        str(release.amount),
                        release.package_action.value,
                        release.target,
                        copy.document_type.value if copy else None,
                        copy.target_id if copy else None,
                        copy.number if copy else None,
                    ),
                )
                ids.append(int(cursor.lastrowid or 0))
        return ids

    def open_for(self, document: DocumentRef) -> list[Release]:
        """The document's open releases (one per record), oldest first."""
        rows = self.database.query(
            "SELECT * FROM batch_release WHERE document_kind = ? AND document_number = ? AND settled_at IS NULL"
            " ORDER BY id",
            (document.kind.value, document.number),
        )
        return [_release(row) for row in rows]

    def open_for_record(self, key: RecordKey) -> Release | None:
        row = self.database.query_one(
            "SELECT * FROM batch_release WHERE record_kind = ? AND record_id = ? AND settled_at IS NULL",
            (key.kind.value, key.record_id),
        )
        return _release(row) if row is not None else None

    def open_releases(self) -> list[Release]:
        rows = self.database.query("SELECT * FROM batch_release WHERE settled_at IS NULL ORDER BY id")
        return [_release(row) for row in rows]

    def history(self, key: RecordKey) -> list[Release]:
        """Every release of the record, newest first, settled ones included."""
        rows = self.database.query(
            "SELECT * FROM batch_release WHERE record_kind = ? AND record_id = ? ORDER BY id DESC",
            (key.kind.value, key.record_id),
        )
        return [_release(row) for row in rows]

    def update_mark(self, target: str, kind: DocumentKind, number: str) -> UpdateMark | None:
        """The export run's hook: is the next export of this document to update its copy in `target` in place?

        `number` is the PSA number as the batch label has it. The mark's `copy` is the copy the user chose to
        keep, or None when no package was connected at the time: then the copy the export finds under the
        document's number is the one to update. A mark made without a package applies to any target."""
        for release in self.open_for(DocumentRef(kind, number)):
            if release.updates_in_place and release.target in (None, target):
                return UpdateMark(release.document, release.copy, release.target)
        return None

    def change_action(self, release_ids: Iterable[int], action: PackageAction) -> None:
        """Record what finally happened to the copy (a removal that succeeded after the ConnectWise step)."""
        with self.database.transaction() as connection:
            connection.executemany(
                "UPDATE batch_release SET package_action = ? WHERE id = ?",
                ((action.value, release_id) for release_id in release_ids),
            )

    def withdraw(self, release_ids: Iterable[int]) -> None:
        """Forget releases whose ConnectWise step failed: the records never left their batch."""
        with self.database.transaction() as connection:
            connection.executemany(
                "DELETE FROM batch_release WHERE id = ?", ((release_id,) for release_id in release_ids)
            )

    def settle(self, document: DocumentRef, settlement: Settlement) -> int:
        """Close every open release of the document (it is in a batch again); returns how many."""
        with self.database.transaction() as connection:
            cursor = connection.execute(
                "UPDATE batch_release SET settled_at = ?, settlement = ? "
                "WHERE document_kind = ? AND document_number = ? AND settled_at IS NULL",
                (timestamp_text(self._clock.now()), settlement.value, document.kind.value, document.number),
            )
            return cursor.rowcount

    # -- accepted reconcile differences

    def accept(self, target: str, acceptance: Acceptance) -> None:
        with self.database.transaction() as connection:
            connection.execute(
                "INSERT OR REPLACE INTO reconcile_acceptance (document_kind, document_number, target, discrepancy,"
                " ledger_amount, package_amount, accepted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    acceptance.document.kind.value,
                    acceptance.document.number,
                    target,
                    acceptance.kind.name,
                    str(acceptance.ledger_amount),
                    None if acceptance.package_amount is None else str(acceptance.package_amount),
                    timestamp_text(acceptance.accepted_at or self._clock.now()),
                ),
            )

    def acceptances(self, target: str) -> dict[DocumentRef, Acceptance]:
        rows = self.database.query("SELECT * FROM reconcile_acceptance WHERE target = ?", (target,))
        accepted: dict[DocumentRef, Acceptance] = {}
        for row in rows:
            document = DocumentRef(DocumentKind(row["document_kind"]), row["document_number"])
            accepted[document] = Acceptance(
                document=document,
                kind=DiscrepancyKind[row["discrepancy"]],
                ledger_amount=Decimal(row["ledger_amount"]),
                package_amount=None if row["package_amount"] is None else Decimal(row["package_amount"]),
                accepted_at=timestamp_from_text(row["accepted_at"]),
            )
        return accepted


def _moment(text: str | None) -> datetime | None:
    return timestamp_from_text(text) if text else None


def _release(row: Any) -> Release:
    copy = None
    if row["copy_target_id"] is not None and row["copy_document_type"] is not None:
        copy = CopyRef(DocumentType(row["copy_document_type"]), row["copy_target_id"], row["copy_number"])
    return Release(
        id=row["id"],
        key=RecordKey(RecordKind(row["record_kind"]), row["record_id"]),
        document=DocumentRef(DocumentKind(row["document_kind"]), row["document_number"]),
        batch_id=row["batch_id"],
        batch_identifier=row["batch_identifier"],
        way=ReleaseWay(row["way"]),
        released_at=timestamp_from_text(row["released_at"]),
        amount=Decimal(row["amount"]),
        package_action=PackageAction(row["package_action"]),
        target=row["target"],
        copy=copy,
        settled_at=_moment(row["settled_at"]),
        settlement=Settlement(row["settlement"]) if row["settlement"] in Settlement._value2member_map_ else None,
    )
