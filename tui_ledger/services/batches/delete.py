"""Delete a whole batch (issue 5 part 4) with seed 001's guards; closed batches are refused (seed 000).

    proposal = await propose_delete(context, batch_id)    # what returns to unposted, the package choices
    outcome = await delete_batch(context, batch_id, PackageAction.UPDATE_IN_PLACE)

One choice applies to every document's copy (the screen's one key); `overrides` choose per document. Steps:
rebatch the PO records unbatched from the batch (PO endpoint), release every record in the store (copies kept
and marked), delete the batch, check that exactly its records came back and nothing pending left, then void or
delete the copies if that was the choice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.batches.delete_rules import DeletePlan, plan_delete
from tui_ledger.domain.batches.package import PackageAction, PackageOptions, PackageSide, package_options
from tui_ledger.domain.batches.records import Batch, DocumentRef, RecordKey
from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.domain.batches.releases import ReleaseWay
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.copies import carry_out, decide, releases_for
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.loading import BatchLoader
from tui_ledger.services.batches.outcome import ActionOutcome, OutcomeStatus, failed, refused
from tui_ledger.services.batches.package_lookup import package_sides
from tui_ledger.services.batches.snapshots import batch_state, package_state
from tui_ledger.services.batches.unposted import unposted_keys

ACTION = "delete"


@dataclass(frozen=True, slots=True)
class DeleteProposal:
    batch: Batch
    plan: DeletePlan | Refusal
    sides: Mapping[DocumentRef, PackageSide]
    options: Mapping[DocumentRef, PackageOptions]

    @property
    def refusal(self) -> Refusal | None:
        return self.plan if isinstance(self.plan, Refusal) else None


async def propose_delete(context: BatchContext, batch_id: int) -> DeleteProposal:
    batch = await BatchLoader(context).by_id(batch_id)
    pending = len(await unposted_keys(context)) if not batch.closed else 0
    plan = plan_delete(batch, pending)
    if isinstance(plan, Refusal):
        return DeleteProposal(batch, plan, {}, {})
    sides = await package_sides(context, plan.documents)
    options = {document: package_options(side, context.capabilities) for document, side in sides.items()}
    return DeleteProposal(batch, plan, sides, options)


def _state(batch: Batch | None, sides: Mapping[DocumentRef, PackageSide]) -> dict[str, object]:
    return {"batch": batch_state(batch), "package": [package_state(side) for side in sides.values()]}


async def delete_batch(
    context: BatchContext,
    batch_id: int,
    choice: PackageAction,
    overrides: Mapping[DocumentRef, PackageAction] | None = None,
) -> ActionOutcome:
    proposal = await propose_delete(context, batch_id)
    batch, plan = proposal.batch, proposal.plan
    subject = f"batch {batch.identifier}"
    before = _state(batch, proposal.sides)
    if isinstance(plan, Refusal):
        context.audit.refused(ACTION, subject, plan.text, before=before)
        context.step(ACTION, plan.text, StepState.REFUSED)
        return refused(ACTION, plan, before)
    decisions = decide(proposal.sides, context, choice, overrides)
    if isinstance(decisions, Refusal):
        context.audit.refused(ACTION, subject, decisions.text, before=before)
        return refused(ACTION, decisions, before)
    steps: list[str] = []
    try:
        for order_id in plan.rebatch_first:
            context.step(ACTION, f"Rebatching purchase order {order_id} before the delete (seed 001)")
            message = await context.batches.rebatch_purchase_order(order_id)
            steps.append(f"rebatched purchase order {order_id}: {message}")
        pending = await unposted_keys(context)
    except ConnectorError as error:
        context.audit.failed(ACTION, subject, f"Deleting {subject} failed: {error}", before=before, after=before)
        return failed(ACTION, error, steps, before=before)
    released = releases_for(context, batch, plan.returning, decisions, ReleaseWay.DELETED_BATCH)
    release_ids = context.releases.record(released)
    try:
        context.step(ACTION, f"Deleting batch {batch.identifier!r}")
        await context.batches.delete_batch(batch.id)
    except ConnectorError as error:
        context.releases.withdraw(release_ids)
        context.audit.failed(ACTION, subject, f"Deleting {subject} failed: {error}", before=before, after=before)
        return failed(ACTION, error, steps, before=before)
    steps.append(f"deleted batch {batch.identifier!r}")
    context.step(ACTION, steps[-1], StepState.DONE)
    warnings = _check_returned(plan, pending, await unposted_keys(context))
    ids_of: dict[DocumentRef, list[int]] = defaultdict(list)
    for release_id, release in zip(release_ids, released, strict=True):
        ids_of[release.document].append(release_id)
    copies_failed = False
    for document, decision in decisions.items():
        try:
            removed = await carry_out(context, decision)
        except ConnectorError as error:
            copies_failed = True
            warnings.append(
                f"{document.title}: {decision.action.value} in {context.package_name} failed ({error}); the copy is "
                "kept and marked: the next export updates it in place."
            )
            continue
        if removed:
            context.releases.change_action(ids_of[document], decision.action)
            steps += removed
    after = _state(None, await package_sides(context, plan.documents))
    message = (
        f"Deleted batch {batch.identifier!r}: {len(plan.returning)} record(s) of {len(plan.documents)} document(s) "
        "are back on the Unposted tabs."
    )
    if copies_failed:
        context.audit.failed(ACTION, subject, f"{message} {' '.join(warnings)}", before=before, after=after)
    else:
        details = {"choice": choice.value, "warnings": warnings}
        context.audit.done(ACTION, subject, message, before=before, after=after, details=details)
    status = OutcomeStatus.FAILED if copies_failed else OutcomeStatus.DONE
    return ActionOutcome(ACTION, status, message, tuple(steps), tuple(warnings), before=before, after=after)


def _keys(keys: set[RecordKey]) -> str:
    return ", ".join(map(str, sorted(keys)))


def _check_returned(plan: DeletePlan, pending: frozenset[RecordKey], now: frozenset[RecordKey]) -> list[str]:
    """Exactly the batch's records came back; nothing pending left the Unposted tabs."""
    expected = {record.key for record in plan.returning}
    warnings = []
    missing = expected - now
    if missing:
        warnings.append(f"{len(missing)} record(s) of the batch are not on the Unposted tabs: {_keys(missing)}.")
    extra = set(now - pending) - expected
    if extra:
        warnings.append(f"{len(extra)} other record(s) appeared on the Unposted tabs meanwhile: {_keys(extra)}.")
    vanished = set(pending - now)
    if vanished:
        warnings.append(
            f"{len(vanished)} pending record(s) left the Unposted tabs during the delete (batched by someone else?): "
            f"{_keys(vanished)}."
        )
    return warnings
