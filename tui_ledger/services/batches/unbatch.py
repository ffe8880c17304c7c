"""Unbatch one record (issue 5 part 2): plan it for the confirmation, then do it with the package kept in step.

    proposal = await propose_unbatch(context, record)      # what will happen, or why not; the package choices
    outcome = await unbatch(context, record, PackageAction.VOID)

The plan is made again from fresh reads when the user confirms, so a batch changed in ConnectWise in between is
judged as it is now. See domain/batches/unbatch_rules.py for the rules and copies.py for the order of steps.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.connectors.connectwise.batches import PurchaseOrderActionRefused
from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.batches.package import PackageAction, PackageOptions, package_options
from tui_ledger.domain.batches.records import BatchRecord
from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.domain.batches.releases import ReleaseWay
from tui_ledger.domain.batches.unbatch_rules import UnbatchMethod, UnbatchPlan, plan_unbatch
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.copies import carry_out, decide, releases_for
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.find import Located, locate
from tui_ledger.services.batches.outcome import ActionOutcome, OutcomeStatus, failed, refused
from tui_ledger.services.batches.snapshots import batch_state, package_state

ACTION = "unbatch"


@dataclass(frozen=True, slots=True)
class UnbatchProposal:
    """What the confirmation shows: the plan (or the refusal) and the choices for the package copy."""

    located: Located
    plan: UnbatchPlan | Refusal
    options: PackageOptions | None

    @property
    def refusal(self) -> Refusal | None:
        return self.plan if isinstance(self.plan, Refusal) else None


def _not_in_batch(located: Located) -> Refusal:
    return Refusal(f"{located.record.label} is {located.where}: there is nothing to unbatch.")


async def propose_unbatch(context: BatchContext, record: BatchRecord) -> UnbatchProposal:
    located = await locate(context, record)
    if located.batch is None:
        return UnbatchProposal(located, _not_in_batch(located), None)
    plan = plan_unbatch(located.batch, located.record.key)
    if isinstance(plan, Refusal) or located.package is None:
        return UnbatchProposal(located, plan, None)
    return UnbatchProposal(located, plan, package_options(located.package, context.capabilities))


async def unbatch(context: BatchContext, record: BatchRecord, action: PackageAction) -> ActionOutcome:
    proposal = await propose_unbatch(context, record)
    located = proposal.located
    subject = located.record.document.title
    before = {"batch": batch_state(located.batch), "package": package_state(located.package)}
    plan = proposal.plan
    if isinstance(plan, Refusal) or located.package is None:
        refusal = plan if isinstance(plan, Refusal) else _not_in_batch(located)
        context.audit.refused(ACTION, subject, refusal.text, before=before)
        context.step(ACTION, refusal.text, StepState.REFUSED)
        return refused(ACTION, refusal, before)
    decisions = decide({plan.document: located.package}, context, action)
    if isinstance(decisions, Refusal):
        context.audit.refused(ACTION, subject, decisions.text, before=before)
        return refused(ACTION, decisions, before)
    decision = decisions[plan.document]
    steps: list[str] = []
    release_ids = context.releases.record(releases_for(context, plan.batch, plan.returning, decisions, _way(plan)))
    try:
        steps.append(await _take_out(context, plan))
    except ConnectorError as error:
        context.releases.withdraw(release_ids)
        context.audit.failed(
            ACTION, subject, f"Unbatching {plan.record.label} failed: {error}", before=before, after=before
        )
        context.step(ACTION, str(error), StepState.FAILED)
        return failed(ACTION, error, steps, before=before)
    warnings: tuple[str, ...] = ()
    try:
        removed = await carry_out(context, decision)
    except ConnectorError as error:
        warnings = (
            f"{decision.action.value} in {context.package_name} failed ({error}); the copy is kept and marked: "
            "the next export updates it in place.",
        )
        removed = []
    if removed:
        context.releases.change_action(release_ids, decision.action)
        steps += removed
        for text in removed:
            context.step(ACTION, text, StepState.DONE)
    elif decision.action is PackageAction.UPDATE_IN_PLACE or warnings:
        steps.append(f"kept the copy in {context.package_name}, marked to update in place on the next export")
    after_located = await locate(context, located.record)
    after = {"batch": batch_state(after_located.batch), "package": package_state(after_located.package)}
    message = f"Unbatched {plan.record.label}: " + "; ".join(steps) + "."
    status = OutcomeStatus.FAILED if warnings else OutcomeStatus.DONE
    if warnings:
        context.audit.failed(ACTION, subject, f"{message} {warnings[0]}", before=before, after=after)
    else:
        context.audit.done(ACTION, subject, message, before=before, after=after, details={"choice": action.value})
    return ActionOutcome(ACTION, status, message, tuple(steps), warnings, before=before, after=after)


def _way(plan: UnbatchPlan) -> ReleaseWay:
    if plan.method is UnbatchMethod.DELETE_OWN_BATCH:
        return ReleaseWay.DELETED_BATCH
    return ReleaseWay.PURCHASE_ORDER_UNBATCH


async def _take_out(context: BatchContext, plan: UnbatchPlan) -> str:
    if plan.method is UnbatchMethod.DELETE_OWN_BATCH:
        context.step(ACTION, f"Deleting batch {plan.batch.identifier!r}")
        await context.batches.delete_batch(plan.batch.id)
        text = f"deleted batch {plan.batch.identifier!r}; {plan.record.label} is back on the Unposted tab"
    else:
        order = plan.record.purchase_order_id
        if order is None:
            raise PurchaseOrderActionRefused(
                "ConnectWise", f"{plan.record.label} names no purchase order", method="POST", path="unbatch"
            )
        context.step(ACTION, f"Unbatching purchase order {plan.document.number}")
        message = await context.batches.unbatch_purchase_order(order)
        text = f"ConnectWise: {message or 'purchase order unbatched'}"
    context.step(ACTION, text, StepState.DONE)
    return text
