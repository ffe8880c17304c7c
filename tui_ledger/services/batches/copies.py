"""The package half of taking records out of a batch: remember the decision, then carry it out.

Order matters for "no unmarked duplicate" whatever fails (competitors.md §3.1):
1. before ConnectWise is touched, each returning record is released in the store with its copy KEPT and marked
   "update in place on the next export" (or NOTHING when the package holds no live copy);
2. ConnectWise takes the records out of the batch; if that fails, the releases are withdrawn (nothing left);
3. a chosen void or delete is then carried out in the package, and only once it succeeded is the release
   changed to say so. If it fails, the copy is still there and still marked: the next export updates it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tui_ledger.domain.batches.package import PackageAction, PackageOptions, PackageSide, package_options, removal_for
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef
from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.domain.batches.releases import CopyRef, ReleaseWay
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.store.batch_releases import NewRelease


@dataclass(frozen=True, slots=True)
class CopyDecision:
    """What happens to one document's copy, decided before anything changes."""

    side: PackageSide
    action: PackageAction

    @property
    def interim(self) -> PackageAction:
        """What the release says until a removal has succeeded: keep and mark, or nothing."""
        if self.action is PackageAction.NOTHING:
            return PackageAction.NOTHING
        return PackageAction.UPDATE_IN_PLACE

    @property
    def kept_copy(self) -> CopyRef | None:
        live = self.side.live_copies
        if len(live) != 1:
            return None
        return CopyRef(live[0].document_type, live[0].target_id, live[0].number)


def decide(
    sides: Mapping[DocumentRef, PackageSide],
    context: BatchContext,
    chosen: PackageAction,
    overrides: Mapping[DocumentRef, PackageAction] | None = None,
) -> dict[DocumentRef, CopyDecision] | Refusal:
    """Apply the user's choice to every document; where the package holds nothing, nothing is the only choice.
    A choice a document's copy does not allow refuses the whole action, naming the document and its choices."""
    decisions: dict[DocumentRef, CopyDecision] = {}
    problems: list[str] = []
    for document, side in sides.items():
        options: PackageOptions = package_options(side, context.capabilities)
        action = (overrides or {}).get(document, chosen)
        if options.actions == (PackageAction.NOTHING,):
            action = PackageAction.NOTHING
        if not options.allows(action):
            offered = ", ".join(option.value for option in options.actions) or "none"
            notes = " ".join(options.notes)
            problems.append(
                f"{document.title}: '{action.value}' is not possible (possible: {offered}). {notes}".strip()
            )
            continue
        decisions[document] = CopyDecision(side, action)
    if problems:
        return Refusal("The package copies do not allow that choice: " + " | ".join(problems))
    return decisions


def releases_for(
    context: BatchContext,
    batch: Batch,
    records: Sequence[BatchRecord],
    decisions: Mapping[DocumentRef, CopyDecision],
    way: ReleaseWay,
) -> list[NewRelease]:
    return [
        NewRelease(
            key=record.key,
            document=record.document,
            batch_id=batch.id,
            batch_identifier=batch.identifier,
            way=way,
            amount=record.amount,
            package_action=decisions[record.document].interim,
            target=context.target if context.package is not None else None,
            copy=decisions[record.document].kept_copy,
        )
        for record in records
        if record.document in decisions
    ]


async def carry_out(context: BatchContext, decision: CopyDecision) -> list[str]:
    """Void or delete every live copy of the document as its status requires; returns what was done.
    Raises the connector's errors; copies already removed stay removed (each call is one copy)."""
    capabilities = context.capabilities
    package = context.package
    if not decision.action.removes or package is None or capabilities is None:
        return []
    done = []
    for copy in decision.side.live_copies:
        how = removal_for(copy, capabilities)
        if how is PackageAction.VOID:
            await package.void_document(copy.document_type, copy.target_id)
        else:
            await package.delete_document(copy.document_type, copy.target_id)
        done.append(f"{'voided' if how is PackageAction.VOID else 'deleted'} {copy.describe(decision.side.package)}")
    return done
