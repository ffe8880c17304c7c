"""The one-key fixes of reconcile (domain/batches/reconcile.py says which apply where):

- LINK: the package already holds the document, ConnectWise says unposted: put it in a batch without sending —
  back through the PO endpoint when ConnectWise remembers the batch a PO record was unbatched from, else a new
  seed-000 batch (`I508:…`) from the GL entry ids of exactly the document's unposted records;
- RESEND: take the batched document out of its batch (its own batch deleted, or the PO endpoint) and send it
  through the export at once when a package company is connected (else the next export does); a differing copy
  is kept and marked to be updated in place, so the package ends with one copy, the right one;
- MARK_UPDATE: an unposted document's differing copy is marked: the next export updates it in place;
- ACCEPT: the difference is recorded as known and right, until either amount changes.
Each fix is logged to System Logs with the document's standing before and after.
"""

from __future__ import annotations

from dataclasses import replace

from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.reconcile import Acceptance, DiscrepancyKind, Finding, Fix
from tui_ledger.domain.batches.records import DocumentRef, RecordState
from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.domain.batches.releases import CopyRef, ReleaseWay, Settlement
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.find import Located, RecordFinder
from tui_ledger.services.batches.outcome import ActionOutcome, OutcomeStatus, failed, refused
from tui_ledger.services.batches.reconcile import recheck
from tui_ledger.services.batches.send import SendRefused, send_through_export
from tui_ledger.services.batches.unbatch import unbatch
from tui_ledger.store.batch_releases import NewRelease

ACTION = "fix"


def _standing(finding: Finding | None) -> dict[str, object]:
    if finding is None:
        return {}
    return {
        "standing": finding.standing.value,
        "discrepancy": finding.kind.value if finding.kind else None,
        "connectwise_amount": str(finding.ledger.amount),
        "package_amount": None if finding.package_amount is None else str(finding.package_amount),
        "batches": list(finding.ledger.batches),
    }


async def apply_fix(context: BatchContext, finding: Finding, fix: Fix) -> ActionOutcome:
    document = finding.document
    before = _standing(finding)
    if fix not in finding.fixes:
        offered = ", ".join(option.value for option in finding.fixes) or "none"
        refusal = Refusal(f"'{fix.value}' does not fix {document.title} ({finding.message}); fixes offered: {offered}.")
        context.audit.refused(ACTION, document.title, refusal.text, before=before)
        return refused(ACTION, refusal, before)
    steps: list[str] = []
    try:
        if fix is Fix.ACCEPT:
            steps.append(_accept(context, finding))
        elif fix is Fix.MARK_UPDATE:
            steps.append(await _mark(context, finding))
        elif fix is Fix.LINK:
            steps.append(await _link(context, document))
        else:
            outcome = await _resend(context, finding)
            if not outcome.ok:
                return outcome
            steps += outcome.steps
    except ConnectorError as error:
        context.audit.failed(ACTION, document.title, f"Fix '{fix.value}' failed: {error}", before=before, after=before)
        return failed(ACTION, error, steps, before=before)
    report = await recheck(context, [document])
    now = report.finding(document)
    after = _standing(now)
    message = f"{fix.title.split(':')[0].capitalize()} {document.title}: {'; '.join(steps)}."
    warnings = (f"{document.title} still disagrees: {now.message}",) if now is not None and now.is_discrepancy else ()
    context.audit.done(ACTION, document.title, message, before=before, after=after, details={"fix": fix.value})
    context.step(ACTION, message, StepState.DONE)
    status = OutcomeStatus.FAILED if warnings else OutcomeStatus.DONE
    return ActionOutcome(ACTION, status, message, tuple(steps), warnings, before=before, after=after)


def _accept(context: BatchContext, finding: Finding) -> str:
    kind = finding.kind or DiscrepancyKind.AMOUNT_DIFFERS
    context.releases.accept(
        context.target or "",
        Acceptance(finding.document, kind, finding.ledger.amount, finding.package_amount, context.clock.now()),
    )
    return f"accepted: {finding.message}"


async def _mark(context: BatchContext, finding: Finding) -> str:
    live = finding.package.live_copies
    copy = CopyRef(live[0].document_type, live[0].target_id, live[0].number) if len(live) == 1 else None
    located = await RecordFinder(context).document(finding.document)
    context.releases.record(
        NewRelease(
            key=found.record.key,
            document=finding.document,
            batch_id=0,
            batch_identifier="",
            way=ReleaseWay.MARKED,
            amount=found.record.amount,
            package_action=PackageAction.UPDATE_IN_PLACE,
            target=context.target,
            copy=copy,
        )
        for found in located
        if found.batch is None or found.record.state is not RecordState.BATCHED
    )
    return f"marked: the next export updates the copy in {context.package_name} in place"


async def _link(context: BatchContext, document: DocumentRef) -> str:
    located = await RecordFinder(context).document(document)
    waiting = [found for found in located if found.batch is None or not found.record.is_batched]
    remembered = [found for found in waiting if found.batch is not None and found.record.state is RecordState.UNBATCHED]
    if document.kind is DocumentKind.PROCUREMENT and remembered:
        order = remembered[0].record.purchase_order_id
        if order is not None:
            message = await context.batches.rebatch_purchase_order(order)
            context.releases.settle(document, Settlement.LINKED)
            return f"ConnectWise: {message}"
    identifier, entries, flags = await _own_batch(context, document, waiting)
    created = await context.batches.create_batch(identifier, entries, **flags)
    context.releases.settle(document, Settlement.LINKED)
    return f"put in new batch {created.identifier!r} without sending (the package already holds it)"


async def _own_batch(
    context: BatchContext, document: DocumentRef, waiting: list[Located]
) -> tuple[str, list[int], dict[str, bool]]:
    """A seed-000 identifier and the GL entry ids of the document's unposted records."""
    records, thru = context.records, context.today
    if document.kind is DocumentKind.INVOICE:
        ids = [found.record.key.record_id for found in waiting]
        found_entries = await records.invoice_gl_entries(ids, thru)
        entries = [entry for record_id in ids for entry in found_entries.get(record_id, ())]
        identifier = BatchIdentifier.build(DocumentKind.INVOICE, document.number)
        return str(identifier), entries, {"invoices": True}
    if document.kind is DocumentKind.EXPENSE:
        ids = [found.record.key.record_id for found in waiting]
        found_entries = await records.expense_gl_entries(ids, thru)
        entries = [entry for record_id in ids for entry in found_entries.get(record_id, ())]
        number = str(ids[0]) if ids else document.number
        member = document.number[len(number) :] or None
        identifier = BatchIdentifier.build(DocumentKind.EXPENSE, number, member)
        return str(identifier), entries, {"expenses": True}
    orders = {found.record.purchase_order_id for found in waiting if found.record.purchase_order_id is not None}
    entries = [
        entry
        for order in sorted(orders)
        for line in await records.unposted_purchase_lines(order, thru)
        for entry in line.gl_entry_ids
    ]
    return str(BatchIdentifier.build(DocumentKind.PROCUREMENT, document.number)), entries, {"products": True}


async def _resend(context: BatchContext, finding: Finding) -> ActionOutcome:
    located = await RecordFinder(context).document(finding.document)
    batched = [found for found in located if found.batch is not None and found.record.is_batched]
    if not batched:
        return refused(ACTION, Refusal(f"{finding.document.title} is in no batch any more: nothing to re-send."))
    action = PackageAction.NOTHING if not finding.package.live_copies else PackageAction.UPDATE_IN_PLACE
    outcome = await unbatch(context, batched[0].record, action)
    if not outcome.ok:
        return replace(outcome, action=ACTION)
    steps = list(outcome.steps)
    try:
        sent = await send_through_export(context, [finding.document])
    except SendRefused as reason:
        return replace(outcome, action=ACTION, steps=(*steps, f"the next export sends it ({reason})"))
    if finding.document in sent.sent:
        steps.append(
            f"sent through the export into a new batch{' (copy updated in place)' if sent.updated_in_place else ''}"
        )
        return replace(outcome, action=ACTION, steps=tuple(steps))
    reasons = "; ".join(reason for _, reason in sent.not_sent) or "the export run did not finish it"
    return replace(outcome, action=ACTION, steps=(*steps, f"not sent yet ({reasons}); the next export sends it"))
