"""Copies kept to be updated in place: how GL batch management's choices reach the Export screen's runs.

When a record leaves its GL batch through tui-ledger (unbatch, delete batch), the user may keep its copy in the
package and have the next export update it in place instead of creating a second one (DESIGN.md §4, seed 000).
Checks then see "already in the package with different content"; the kept copy's open release says what the user
already decided, so such a document goes under Ready as "update" without being asked again. Once a run has
batched the document again, its release is settled.

Only copies whose numbers the package keeps unique (Xero sales invoices and credit notes, every QuickBooks
document) are updated automatically: there the run's update is certain to reach the kept copy. A bill is matched
by its contact too, so it stays under Errors for the user to link, update or skip.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.batches.releases import Settlement
from tui_ledger.domain.checks import Blocked, Resolution
from tui_ledger.services.export import resolvable
from tui_ledger.services.export.journal_rows import DocumentKey, document_key
from tui_ledger.services.export_checked import CheckedDocuments
from tui_ledger.store.batch_releases import BatchReleases, UpdateMark
from tui_ledger.store.journal_records import DocumentStep, JournalDocument


def kept_copy_updates(checked: CheckedDocuments, releases: BatchReleases) -> dict[DocumentKey, Resolution]:
    """UPDATE for every conflicting document whose copy the user kept to be updated in place."""
    updates: dict[DocumentKey, Resolution] = {}
    for verdict in checked.errors():
        if not resolvable(verdict):
            continue
        document = verdict.document
        mark = releases.update_mark(checked.target, document.kind, document.document_number)
        if mark is not None and _update_reaches(verdict, mark, checked):
            updates[document_key(document)] = Resolution.UPDATE
    return updates


def _update_reaches(verdict: Blocked, mark: UpdateMark, checked: CheckedDocuments) -> bool:
    """The run's update lands on the kept copy: unique numbers, and the copy under them is the one kept."""
    snapshot = checked.preparation.snapshot
    unique = snapshot.capabilities.unique_number_types
    drafts = [part.draft for part in verdict.plan.parts]
    if not drafts or any(draft.document_type not in unique for draft in drafts):
        return False
    if mark.copy is None:
        return True
    found = (
        remote
        for draft in drafts
        if draft.number
        for remote in snapshot.documents_numbered(draft.document_type, draft.number)
    )
    return any(remote.target_id == mark.copy.target_id for remote in found)


def settle_batched(documents: Iterable[JournalDocument], releases: BatchReleases) -> int:
    """Close the releases of the documents a run batched again; harmless for documents without one."""
    settled = 0
    for document in documents:
        if document.step is DocumentStep.DONE:
            settled += releases.settle(DocumentRef(document.kind, document.number), Settlement.EXPORTED)
    return settled
