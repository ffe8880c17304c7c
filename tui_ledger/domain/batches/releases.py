"""A record tui-ledger took out of its batch, remembered with what was decided about its copy in the package.

The memory serves three readers: a rebatch needs the batch the record came from (ConnectWise forgets a deleted
batch entirely); the export run needs to know that a kept copy is to be updated in place rather than
duplicated; reconcile needs to tell a known, pending difference from a real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.records import DocumentRef, RecordKey


class ReleaseWay(StrEnum):
    """How the record left its batch."""

    DELETED_BATCH = "deleted_batch"
    PURCHASE_ORDER_UNBATCH = "purchase_order_unbatch"
    MARKED = "marked"
    """Left no batch: an unposted document reconcile marked for an update in place of its differing copy."""


class Settlement(StrEnum):
    """How a release ended: the record is in a batch again, one way or another."""

    REBATCHED = "rebatched"
    """Put back into its original batch without pushing to the package (seed 001)."""
    EXPORTED = "exported"
    """Sent through the export into a new batch (the copy created, or updated in place)."""
    LINKED = "linked"
    """Reconcile put it in a batch because the package already held it."""


@dataclass(frozen=True, slots=True)
class CopyRef:
    """The package document a release decided about."""

    document_type: DocumentType
    target_id: str
    number: str | None


@dataclass(frozen=True, slots=True)
class Release:
    id: int
    key: RecordKey
    document: DocumentRef
    batch_id: int
    batch_identifier: str
    way: ReleaseWay
    released_at: datetime
    amount: Decimal
    """The record's amount in ConnectWise when it left the batch, to see later whether it was edited."""
    package_action: PackageAction
    target: str | None = None
    """The accounting company (profile target name) the decision was about; None when none was connected."""
    copy: CopyRef | None = None
    settled_at: datetime | None = None
    settlement: Settlement | None = None

    @property
    def open(self) -> bool:
        return self.settled_at is None

    @property
    def copy_removed(self) -> bool:
        return self.package_action.removes

    @property
    def updates_in_place(self) -> bool:
        """The mark the export run honours: update this copy instead of creating another."""
        return self.open and self.package_action is PackageAction.UPDATE_IN_PLACE
