"""The store's memory of released records: what the export run reads to update a copy in place, and when it ends."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.reconcile import Acceptance, DiscrepancyKind
from tui_ledger.domain.batches.records import DocumentRef, RecordKey, RecordKind
from tui_ledger.domain.batches.releases import CopyRef, ReleaseWay, Settlement
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.store.batch_releases import BatchReleases, NewRelease
from tui_ledger.store.database import Database

INVOICE = DocumentRef(DocumentKind.INVOICE, "508")
KEY = RecordKey(RecordKind.INVOICE, 12008)
COPY = CopyRef(DocumentType.SALES_INVOICE, "xero-1", "508")


@pytest.fixture
def releases(tmp_path: Path) -> BatchReleases:
    return BatchReleases(Database.open(tmp_path / "profile.sqlite"))


def released(action: PackageAction, target: str | None = "Demo Xero", copy: CopyRef | None = COPY) -> NewRelease:
    return NewRelease(
        KEY, INVOICE, 61, "I508:K3J9QX2A", ReleaseWay.DELETED_BATCH, Decimal("100.10"), action, target, copy
    )


def test_an_update_in_place_mark_is_found_by_the_exports_key(releases: BatchReleases) -> None:
    releases.record([released(PackageAction.UPDATE_IN_PLACE)])

    mark = releases.update_mark("Demo Xero", DocumentKind.INVOICE, "508")

    assert mark is not None
    assert mark.copy == COPY
    assert releases.update_mark("Demo QuickBooks", DocumentKind.INVOICE, "508") is None
    assert releases.open_for(INVOICE)[0].amount == Decimal("100.10")


def test_a_mark_made_without_a_package_applies_to_any_target(releases: BatchReleases) -> None:
    releases.record([released(PackageAction.UPDATE_IN_PLACE, target=None, copy=None)])

    mark = releases.update_mark("Demo QuickBooks", DocumentKind.INVOICE, "508")

    assert mark is not None
    assert mark.copy is None


def test_a_removed_copy_is_no_mark_and_settling_ends_the_release(releases: BatchReleases) -> None:
    [release_id] = releases.record([released(PackageAction.UPDATE_IN_PLACE)])
    releases.change_action([release_id], PackageAction.VOID)

    assert releases.update_mark("Demo Xero", DocumentKind.INVOICE, "508") is None
    assert releases.settle(INVOICE, Settlement.EXPORTED) == 1
    assert releases.open_releases() == []
    assert releases.history(KEY)[0].settlement is Settlement.EXPORTED


def test_a_new_decision_supersedes_the_open_one_and_a_withdrawn_one_vanishes(releases: BatchReleases) -> None:
    releases.record([released(PackageAction.NOTHING)])
    [latest] = releases.record([released(PackageAction.UPDATE_IN_PLACE)])

    assert [release.id for release in releases.open_releases()] == [latest]
    releases.withdraw([latest])
    assert releases.open_for_record(KEY) is None
    assert len(releases.history(KEY)) == 1


def test_acceptances_keep_both_amounts_exactly(releases: BatchReleases) -> None:
    releases.accept("Demo Xero", Acceptance(INVOICE, DiscrepancyKind.AMOUNT_DIFFERS, Decimal("120.00"), None))

    [(document, accepted)] = releases.acceptances("Demo Xero").items()

    assert document == INVOICE
    assert (accepted.kind, accepted.ledger_amount, accepted.package_amount) == (
        DiscrepancyKind.AMOUNT_DIFFERS,
        Decimal("120.00"),
        None,
    )
    assert releases.acceptances("Demo QuickBooks") == {}
