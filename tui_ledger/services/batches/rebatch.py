"""Rebatch (issue 5 part 3, seed 001): put records back into their original batch without pushing to the
package, or send them through the export in a new batch.

    proposal = await propose_rebatch(context, records)
    outcome = await rebatch(context, records, RebatchMode.ORIGINAL_BATCH)
    outcome = await rebatch(context, records, RebatchMode.NEW_BATCH)

How "original batch" maps onto the API (decided here, see domain/batches/rebatch_rules.py): invoices and expenses
have no rebatch endpoint and no batch can be added to, so tui-ledger re-creates the batch it deleted — the same
identifier, from the GL entry ids of exactly these records (from the export preview of each record), with the
export flags of their kinds. Purchase-order records ConnectWise remembers as unbatched go back through the PO
rebatch endpoint into the batch ConnectWise remembers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.batches.rebatch_rules import RebatchCandidate, RebatchMethod, RebatchPlan, plan_rebatch
from tui_ledger.domain.batches.records import BatchRecord, RecordKey, RecordKind, RecordState
from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.domain.batches.releases import Settlement
from tui_ledger.domain.documents import ProcurementLineKind
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.find import Located, RecordFinder, locate
from tui_ledger.services.batches.outcome import ActionOutcome, OutcomeStatus, failed, refused
from tui_ledger.services.batches.send import SendRefused, send_through_export
from tui_ledger.services.batches.snapshots import package_state, record_state

ACTION = "rebatch"


class RebatchMode(StrEnum):
    ORIGINAL_BATCH = "original"
    """Back into the batch it came from; nothing is sent to the package (seed 001 MORE > Rebatch)."""
    NEW_BATCH = "new"
    """Through the export into a new batch, the package copy created or updated in place."""


@dataclass(frozen=True, slots=True)
class RebatchProposal:
    located: tuple[Located, ...]
    plan: RebatchPlan | Refusal

    @property
    def refusal(self) -> Refusal | None:
        return self.plan if isinstance(self.plan, Refusal) else None


async def _candidate(context: BatchContext, located: Located) -> RebatchCandidate:
    record = located.record
    unbatched_from = (
        located.batch.identifier if located.batch is not None and record.state is RecordState.UNBATCHED else None
    )
    return RebatchCandidate(
        key=record.key,
        document=record.document,
        label=record.label,
        unposted=located.batch is None or record.state is RecordState.UNBATCHED,
        amount_now=record.amount,
        release=context.releases.open_for_record(record.key),
        unbatched_from=unbatched_from,
        package=located.package,
    )


async def propose_rebatch(context: BatchContext, records: Sequence[BatchRecord]) -> RebatchProposal:
    located = tuple([await locate(context, record) for record in records])
    candidates = [await _candidate(context, found) for found in located]
    identifiers = {candidate.release.batch_identifier for candidate in candidates if candidate.release is not None}
    taken = False
    if len(identifiers) == 1:
        taken = await context.batches.find_batch(next(iter(identifiers))) is not None
    return RebatchProposal(located, plan_rebatch(candidates, identifier_taken=taken))


def _before(located: Sequence[Located]) -> dict[str, object]:
    return {
        "records": [record_state(found.record) for found in located],
        "package": [package_state(found.package) for found in located],
    }


async def rebatch(context: BatchContext, records: Sequence[BatchRecord], mode: RebatchMode) -> ActionOutcome:
    if mode is RebatchMode.NEW_BATCH:
        return await _send(context, records)
    proposal = await propose_rebatch(context, records)
    before = _before(proposal.located)
    subject = records[0].document.title if records else "batch"
    plan = proposal.plan
    if isinstance(plan, Refusal):
        context.audit.refused(ACTION, subject, plan.text, before=before)
        context.step(ACTION, plan.text, StepState.REFUSED)
        return refused(ACTION, plan, before)
    steps: list[str] = []
    try:
        if plan.method is RebatchMethod.PURCHASE_ORDER_ENDPOINT:
            await _purchase_orders(context, plan, steps)
        else:
            await _recreate(context, plan, steps)
    except ConnectorError as error:
        context.audit.failed(ACTION, subject, f"Rebatch failed: {error}", before=before, after=before)
        context.step(ACTION, str(error), StepState.FAILED)
        return failed(ACTION, error, steps, before=before, warnings=plan.warnings)
    for document in plan.documents:
        context.releases.settle(document, Settlement.REBATCHED)
    after = _before([await locate(context, found.record) for found in proposal.located])
    message = f"Rebatched {', '.join(candidate.label for candidate in plan.candidates)}: {'; '.join(steps)}."
    context.audit.done(ACTION, subject, message, before=before, after=after, details={"warnings": list(plan.warnings)})
    return ActionOutcome(ACTION, OutcomeStatus.DONE, message, tuple(steps), plan.warnings, before=before, after=after)


async def _purchase_orders(context: BatchContext, plan: RebatchPlan, steps: list[str]) -> None:
    orders = dict.fromkeys(
        found.record.purchase_order_id for found in await _located(context, plan) if found.record.purchase_order_id
    )
    for order_id in orders:
        if order_id is None:
            continue
        context.step(ACTION, f"Rebatching purchase order {order_id}")
        steps.append(f"ConnectWise: {await context.batches.rebatch_purchase_order(order_id)}")
        context.step(ACTION, steps[-1], StepState.DONE)


async def _located(context: BatchContext, plan: RebatchPlan) -> list[Located]:
    finder = RecordFinder(context)
    found = []
    for document in plan.documents:
        found += [located for located in await finder.document(document) if located.record.key in _keys(plan)]
    return found


def _keys(plan: RebatchPlan) -> set[RecordKey]:
    return {candidate.key for candidate in plan.candidates}


async def _recreate(context: BatchContext, plan: RebatchPlan, steps: list[str]) -> None:
    """The original identifier, from the GL entry ids of exactly these records (nothing pending mixed in)."""
    identifier = plan.identifier or ""
    keys = [candidate.key for candidate in plan.candidates]
    thru = context.today
    records = context.records
    invoices = [key.record_id for key in keys if key.kind is RecordKind.INVOICE]
    expenses = [key.record_id for key in keys if key.kind is RecordKind.EXPENSE]
    entries = await records.invoice_gl_entries(invoices, thru)
    entry_ids = [entry for invoice in invoices for entry in entries.get(invoice, ())]
    expense_entries = await records.expense_gl_entries(expenses, thru)
    entry_ids += [entry for expense in expenses for entry in expense_entries.get(expense, ())]
    purchase = [found for found in await _located(context, plan) if found.record.kind.is_purchase_order]
    wanted = {found.record.key for found in purchase}
    for order_id in dict.fromkeys(found.record.purchase_order_id for found in purchase):
        if order_id is None:
            continue
        for line in await records.unposted_purchase_lines(order_id, thru):
            if line.kind is ProcurementLineKind.FREIGHT:
                key = RecordKey(RecordKind.PO_FREIGHT, order_id)
            elif line.unposted_product_id.isdigit():
                key = RecordKey(RecordKind.PO_PRODUCT, int(line.unposted_product_id))
            else:
                continue
            if key in wanted:
                entry_ids += line.gl_entry_ids
    context.step(ACTION, f"Re-creating batch {identifier!r} with {len(entry_ids)} GL entries")
    created = await context.batches.create_batch(
        identifier,
        list(dict.fromkeys(entry_ids)),
        invoices=bool(invoices),
        expenses=bool(expenses),
        products=bool(purchase),
    )
    steps.append(f"re-created batch {created.identifier!r} (id {created.id}); nothing was sent to the package")
    context.step(ACTION, steps[-1], StepState.DONE)


async def _send(context: BatchContext, records: Sequence[BatchRecord]) -> ActionOutcome:
    documents = list(dict.fromkeys(record.document for record in records))
    located = [await locate(context, record) for record in records]
    before = _before(located)
    subject = documents[0].title if documents else "batch"
    try:
        result = await send_through_export(context, documents)
    except SendRefused as refusal_reason:
        refusal = Refusal(str(refusal_reason))
        context.audit.refused(ACTION, subject, refusal.text, before=before)
        return refused(ACTION, refusal, before)
    except ConnectorError as error:
        context.audit.failed(
            ACTION, subject, f"Sending through the export failed: {error}", before=before, after=before
        )
        return failed(ACTION, error, [], before=before)
    after = _before([await locate(context, record) for record in records])
    steps = [f"{document.title} exported into a new batch" for document in result.sent]
    steps += [
        f"{document.title}: the copy in {context.package_name} was updated in place"
        for document in result.updated_in_place
    ]
    problems = tuple(f"{document.title} not sent: {reason}" for document, reason in result.not_sent)
    if result.run is not None and result.run.failed:
        problems += (
            f"the export run {result.run.run_id} reported {result.run.failed} failed document(s): see its Export Log",
        )
    message = "; ".join(steps) or "Nothing was sent"
    if problems:
        context.audit.failed(ACTION, subject, f"{message}. {' '.join(problems)}", before=before, after=after)
        return ActionOutcome(
            ACTION,
            OutcomeStatus.FAILED,
            f"{message}. {' '.join(problems)}",
            tuple(steps),
            problems,
            before=before,
            after=after,
        )
    context.audit.done(ACTION, subject, f"{message}.", before=before, after=after, details={"mode": "new batch"})
    return ActionOutcome(ACTION, OutcomeStatus.DONE, f"{message}.", tuple(steps), before=before, after=after)
