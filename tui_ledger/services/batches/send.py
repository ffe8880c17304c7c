"""Send documents through the export into a new batch (seed 001's second way back; reconcile's re-send).

This is the export run itself (services/export), for exactly the chosen documents: retrieve and check them as
the Export screen does, then `ExportRunner.export` — journal first, look up before create, one new GL batch per
document. A document whose copy the user kept at unbatch time is "already in the package with different
content" to the checks; its open release says "update in place", so the run is told `Resolution.UPDATE` for
it: the package ends with one copy, the updated one. Other errors are reported as the Export screen would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.batches.releases import Settlement
from tui_ledger.domain.checks import Blocked, Ready, Resolution, Verdict
from tui_ledger.domain.checks.snapshot import name_key
from tui_ledger.domain.documents import Document, DocumentKind, UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.plans import PlanContext
from tui_ledger.services.batches.context import BatchContext
from tui_ledger.services.batches.events import StepState
from tui_ledger.services.batches.find import RecordFinder
from tui_ledger.services.batches.package_lookup import package_side
from tui_ledger.services.export.journal_rows import DocumentKey, document_key
from tui_ledger.services.export.lock import ExportLocked
from tui_ledger.services.export.prepare import prepare_export, resolvable
from tui_ledger.services.export.run import ExportRunner, RunOutcome, UnfinishedRunError

ACTION = "send"


class SendRefused(Exception):
    """The documents cannot go through the export now; the message says why and what to do."""


def document_ref(document: Document) -> DocumentRef:
    """The batch-label name of an export document (domain/batches/records.py)."""
    if isinstance(document, UnpostedInvoice):
        return DocumentRef(DocumentKind.INVOICE, document.number)
    if isinstance(document, UnpostedExpense):
        return DocumentRef(DocumentKind.EXPENSE, document.document_number)
    return DocumentRef(DocumentKind.PROCUREMENT, document.document_number)


@dataclass(frozen=True, slots=True)
class SendResult:
    sent: tuple[DocumentRef, ...]
    updated_in_place: tuple[DocumentRef, ...]
    not_sent: tuple[tuple[DocumentRef, str], ...]
    run: RunOutcome | None

    @property
    def ok(self) -> bool:
        return not self.not_sent and (self.run is None or self.run.failed == 0)


_WOULD_DUPLICATE = (
    "the copy kept to be updated in place ({copy}) names another contact than the export sends, so the export "
    "would create a second copy instead of updating it; update it in {package} by hand, or void or delete it there "
    "and send again"
)


def _marked(context: BatchContext, document: DocumentRef) -> bool:
    target = context.target or ""
    return context.releases.update_mark(target, document.kind, document.number) is not None


def _kept_copy(context: BatchContext, document: DocumentRef) -> str | None:
    """The package id of a copy kept for an update in place, when the user chose one."""
    mark = context.releases.update_mark(context.target or "", document.kind, document.number)
    return mark.copy.target_id if mark is not None and mark.copy is not None else None


async def send_through_export(context: BatchContext, documents: Sequence[DocumentRef]) -> SendResult:
    """Export exactly `documents` (unposted ones) now; raises `SendRefused` when no export can run."""
    package, capabilities = context.package, context.capabilities
    if package is None or capabilities is None or context.target is None or context.data_dir is None:
        raise SendRefused("Sending through the export needs an accounting company: choose one (--target).")
    wanted = set(documents)
    kinds = {document.kind for document in wanted}
    unposted = UnpostedFilter(
        thru_date=context.today,
        include_invoices=DocumentKind.INVOICE in kinds,
        include_expenses=DocumentKind.EXPENSE in kinds,
        include_procurement=DocumentKind.PROCUREMENT in kinds,
    )
    plans = PlanContext(context.profile, context.target, capabilities, context.options, tax_codes=context.tax_codes)
    context.step(ACTION, f"Checking {', '.join(document.title for document in documents)} for the export")
    preparation = await prepare_export(context.psa, package, unposted, plans, context.emit)
    chosen: list[Verdict] = []
    resolutions: dict[DocumentKey, Resolution] = {}
    not_sent: list[tuple[DocumentRef, str]] = []
    updated: list[DocumentRef] = []
    found: set[DocumentRef] = set()
    for verdict in preparation.verdicts:
        ref = document_ref(verdict.document)
        if ref not in wanted:
            continue
        found.add(ref)
        kept = _kept_copy(context, ref)
        if isinstance(verdict, Ready) and kept is not None and verdict.parts_to_create:
            not_sent.append((ref, _WOULD_DUPLICATE.format(copy=kept, package=context.package_name)))
        elif not isinstance(verdict, Blocked):
            chosen.append(verdict)
        elif resolvable(verdict) and _marked(context, ref):
            if not await _update_reaches_copy(context, verdict, ref):
                not_sent.append((ref, _WOULD_DUPLICATE.format(copy=kept, package=context.package_name)))
                continue
            chosen.append(verdict)
            resolutions[document_key(verdict.document)] = Resolution.UPDATE
            updated.append(ref)
        else:
            not_sent.append((ref, "; ".join(problem.message for problem in verdict.blocking)))
    not_sent += [(document, "not on the Unposted tabs") for document in documents if document not in found]
    run = None
    if chosen:
        runner = ExportRunner(context.database, context.profile, context.data_dir, clock=context.clock)
        try:
            run = await runner.export(
                chosen, connector=package, batches=context.batches, target=context.target, resolutions=resolutions
            )
        except (UnfinishedRunError, ExportLocked) as busy:
            raise SendRefused(str(busy)) from None
    sent = await _settle_batched(context, [document_ref(verdict.document) for verdict in chosen])
    for document in sent:
        context.step(ACTION, f"{document.title} sent into a new batch", StepState.DONE)
    return SendResult(tuple(sent), tuple(document for document in updated if document in sent), tuple(not_sent), run)


async def _update_reaches_copy(context: BatchContext, verdict: Blocked, document: DocumentRef) -> bool:
    """Will the run's "update" find the kept copy? For numbers the package keeps unique it always does; for
    others (bills) the run matches the copy by its contact, so the copy must carry the draft's contact name."""
    capabilities = context.capabilities
    if capabilities is None:
        return False
    drafts = [part.draft for part in verdict.plan.parts]
    if all(draft.document_type in capabilities.unique_number_types for draft in drafts):
        return True
    side = await package_side(context, document)
    names = {name_key(draft.contact.name) for draft in drafts}
    return all(name_key(copy.contact) in names for copy in side.live_copies)


async def _settle_batched(context: BatchContext, documents: Sequence[DocumentRef]) -> list[DocumentRef]:
    """Documents now in a batch again: their releases are settled (the export sent them)."""
    finder = RecordFinder(context)
    batched = []
    for document in documents:
        located = await finder.document(document)
        if located and all(found.batch is not None and found.record.is_batched for found in located):
            context.releases.settle(document, Settlement.EXPORTED)
            batched.append(document)
    return batched
