"""Rebatching an edited record (seed 001): back into its original batch without pushing to the package.

ConnectWise's API has no rebatch for invoices and expenses, and cannot add records to an existing batch. A
record tui-ledger unbatched left a batch that no longer exists (its own batch, deleted), so tui-ledger
re-creates that batch: the ORIGINAL identifier, built from the GL entry ids of exactly the records being
rebatched (never "everything unposted", so nothing pending is mixed in). Several records released from one
deleted batch are rebatched together, because once the identifier exists again no record can join it.
Purchase-order records unbatched through ConnectWise (the PO endpoint, or the UI) use the PO rebatch endpoint,
which puts them back into the batches they came from; PO records whose batch was deleted are re-created with
the rest of that batch.

Refused: a record tui-ledger did not release (its original batch is unknown, or still exists in ConnectWise);
a record that is no longer unposted; an identifier taken again; and a record whose package copy was voided or
deleted, because rebatching without sending would leave ConnectWise saying "posted" while the package holds
nothing — send it through the export in a new batch instead. A kept copy whose amount now differs is allowed
with a warning: that is what rebatch means (seed 001), and reconcile shows the difference afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.batches.package import PackageAction, PackageSide
from tui_ledger.domain.batches.records import DocumentRef, RecordKey
from tui_ledger.domain.batches.refusals import Alternative, Refusal
from tui_ledger.domain.batches.releases import Release
from tui_ledger.domain.money import format_money

_PAST = {PackageAction.VOID: "voided", PackageAction.DELETE: "deleted"}


class RebatchMethod(StrEnum):
    RECREATE_ORIGINAL_BATCH = "recreate_original_batch"
    PURCHASE_ORDER_ENDPOINT = "purchase_order_endpoint"


@dataclass(frozen=True, slots=True)
class RebatchCandidate:
    """A record the user wants back in its batch, with everything the rules look at."""

    key: RecordKey
    document: DocumentRef
    label: str
    unposted: bool
    """On the Unposted tabs right now (ConnectWise's view)."""
    amount_now: Decimal | None = None
    release: Release | None = None
    unbatched_from: str | None = None
    """The batch ConnectWise remembers the record was unbatched from (UI unbatch, PO unbatch), if any."""
    package: PackageSide | None = None


@dataclass(frozen=True, slots=True)
class RebatchPlan:
    method: RebatchMethod
    identifier: str | None
    """The batch re-created (`RECREATE_ORIGINAL_BATCH`); None for the PO endpoint (ConnectWise knows the batch)."""
    candidates: tuple[RebatchCandidate, ...]
    warnings: tuple[str, ...] = ()

    @property
    def documents(self) -> tuple[DocumentRef, ...]:
        return tuple(dict.fromkeys(candidate.document for candidate in self.candidates))

    @property
    def summary(self) -> str:
        labels = ", ".join(candidate.label for candidate in self.candidates)
        if self.method is RebatchMethod.RECREATE_ORIGINAL_BATCH:
            return f"Re-create batch {self.identifier!r} with {labels}; nothing is sent to the accounting package."
        return f"Rebatch {labels} through the purchase-order endpoint into the batch they came from; nothing is sent."


def _package_warnings(candidate: RebatchCandidate) -> list[str]:
    side = candidate.package
    if side is None or not side.looked_up:
        return [f"{candidate.label}: the package copy could not be checked (no package connected)."]
    live = side.live_total
    if live is None:
        return [
            f"{candidate.label}: {side.package} holds no copy; rebatching sends nothing, so reconcile will list it "
            "as batched but missing there."
        ]
    if candidate.amount_now is not None and live != candidate.amount_now:
        return [
            f"{candidate.label}: {side.package} still holds {format_money(live)} while ConnectWise now says "
            f"{format_money(candidate.amount_now)}; rebatching does not push the change (seed 001), and reconcile "
            "will list the difference."
        ]
    return []


def _removed_refusal(candidate: RebatchCandidate) -> Refusal | None:
    release = candidate.release
    if release is not None and release.open and release.copy_removed:
        return Refusal(
            f"The copy of {candidate.document.title} in the package was {_PAST[release.package_action]} when it "
            "was unbatched. Rebatching sends nothing, so ConnectWise would say 'posted' while the package holds no "
            "copy.",
            (Alternative.SEND_THROUGH_EXPORT,),
        )
    return None


def plan_rebatch(candidates: Sequence[RebatchCandidate], *, identifier_taken: bool = False) -> RebatchPlan | Refusal:
    """`identifier_taken`: a batch with the releases' original identifier exists in ConnectWise right now."""
    if not candidates:
        return Refusal("Nothing to rebatch: choose the records to put back.")
    for candidate in candidates:
        removed = _removed_refusal(candidate)
        if removed is not None:
            return removed
    warnings = [warning for candidate in candidates for warning in _package_warnings(candidate)]
    endpoint = [
        candidate.key.kind.is_purchase_order and candidate.unbatched_from is not None for candidate in candidates
    ]
    if all(endpoint):
        return RebatchPlan(RebatchMethod.PURCHASE_ORDER_ENDPOINT, None, tuple(candidates), tuple(warnings))
    if any(endpoint):
        return Refusal(
            "Purchase-order records unbatched through ConnectWise go back through its PO endpoint: rebatch them apart "
            "from records whose batch was deleted."
        )
    return _plan_recreate(candidates, identifier_taken, warnings)


def _plan_recreate(
    candidates: Sequence[RebatchCandidate], identifier_taken: bool, warnings: list[str]
) -> RebatchPlan | Refusal:
    unknown = [candidate for candidate in candidates if candidate.release is None or not candidate.release.open]
    if unknown:
        first = unknown[0]
        ui_unbatched = first.unbatched_from is not None
        return Refusal(
            f"tui-ledger did not take {first.label} out of a batch, so it has no batch of its own to re-create"
            + (f" (ConnectWise keeps it unbatched from {first.unbatched_from!r})." if ui_unbatched else "."),
            (Alternative.REBATCH_IN_CONNECTWISE, Alternative.SEND_THROUGH_EXPORT)
            if ui_unbatched
            else (Alternative.SEND_THROUGH_EXPORT,),
        )
    releases = [candidate.release for candidate in candidates if candidate.release is not None]
    identifiers = {release.batch_identifier for release in releases}
    if len(identifiers) > 1:
        return Refusal(
            f"These records came from different batches ({', '.join(sorted(identifiers))}): rebatch each batch's "
            "records together."
        )
    identifier = identifiers.pop()
    if identifier_taken:
        return Refusal(
            f"A batch named {identifier!r} exists in ConnectWise again, and its API cannot add records to an "
            "existing batch.",
            (Alternative.SEND_THROUGH_EXPORT,),
        )
    stale = [candidate.label for candidate in candidates if not candidate.unposted]
    if stale:
        return Refusal(f"{', '.join(stale)}: not on the Unposted tabs any more (batched again, or reopened).")
    marked = [candidate.label for candidate in candidates if candidate.release and candidate.release.updates_in_place]
    if marked:
        warnings.append(
            f"{', '.join(marked)}: the 'update in place on the next export' mark is cleared, as no export will send it."
        )
    return RebatchPlan(RebatchMethod.RECREATE_ORIGINAL_BATCH, identifier, tuple(candidates), tuple(warnings))
