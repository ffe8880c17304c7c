"""Section "Mark batched in ConnectWise": DESIGN.md §5 step 4, one GL batch per document (seed 000).

Each document gets its own batch, labelled with the identifier journaled when the run began, made from its GL
entry ids; only then does it leave ConnectWise's Unposted tabs. The batch create is journaled BATCHING before it
is sent: a resume (or a lost answer) first asks ConnectWise for a batch with that identifier, which ConnectWise
keeps unique, and records the one it finds instead of creating a second.

Documents are marked as soon as all their parts are in the package, while the package is still receiving the
others: the batching waits for nothing but its own document, and the time between "in the package" and "batched"
— the window a crash leaves to a resume — stays short.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from tui_ledger.connectors.errors import ConnectorError, Unreachable
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.export.context import RunContext
from tui_ledger.services.export.interruptions import Reaction, RunStopped, StillUnsettled, reaction_to, refusal_text
from tui_ledger.services.export.sections import SectionTracker
from tui_ledger.services.retrieve import all_or_first_failure
from tui_ledger.store.journal import DocumentChange
from tui_ledger.store.journal_records import DocumentStep, JournalDocument

DEFAULT_GROUP_SIZE = 8
"""Documents whose batches are created together: a little more than ConnectWise's six calls in flight."""


def batched_message(document: JournalDocument, package: str) -> str | None:
    """What the Export Log says of a batched document; None keeps the message it has (seed 002's no-lines text)."""
    if document.sends_nothing:
        return None
    if document.all_linked:
        numbers = ", ".join(part.target_number or part.number or "" for part in document.parts)
        return f"Already in {package} as {numbers}: linked, not created again"
    return ""


@dataclass(frozen=True, slots=True)
class _Batched:
    batch_id: int


@dataclass(frozen=True, slots=True)
class _Refused:
    reason: str


@dataclass(frozen=True, slots=True)
class _Unknown:
    error: ConnectorError


_Answer = _Batched | _Refused | _Unknown


class Batcher:
    """Marks documents batched as they are offered, a group at a time.

    A group is what has been offered while the previous group was out (at most `group_size`): its documents are
    journaled BATCHING in one transaction, their batches created together, and the outcomes journaled in one more.
    Two commits per group rather than two per document, and never fewer than one commit before a call.
    """

    def __init__(self, context: RunContext, tracker: SectionTracker, group_size: int = DEFAULT_GROUP_SIZE) -> None:
        self.context = context
        self.tracker = tracker
        self.group_size = group_size
        self._queue: asyncio.Queue[int | None] = asyncio.Queue()
        self._offered: set[int] = set()

    def offer(self, document_id: int) -> None:
        """Mark this document batched (once, however often it is offered)."""
        if document_id not in self._offered:
            self._offered.add(document_id)
            self._queue.put_nowait(document_id)

    def close(self) -> None:
        """No more documents will be offered; `run` returns once the offered ones are done."""
        self._queue.put_nowait(None)

    async def run(self) -> None:
        """Work until closed and drained; a stop raises `RunStopped` with every row at a recorded step."""
        while True:
            group, closed = await self._next_group()
            if group:
                await self.mark(group)
            if closed:
                break
        self.tracker.complete()

    async def _next_group(self) -> tuple[list[int], bool]:
        """The next documents to mark (waiting for the first), and whether the batcher was closed after them."""
        group: list[int] = []
        item = await self._queue.get()
        while item is not None:
            group.append(item)
            if len(group) == self.group_size or self._queue.empty():
                return group, False
            item = self._queue.get_nowait()
        return group, True

    async def mark(self, document_ids: Sequence[int]) -> None:
        """Settle or create each document's batch and journal the outcomes."""
        documents = self.context.journal.documents_with_ids(document_ids)
        pending = [document for document in documents if not document.step.is_final]
        if not pending:
            return
        self.tracker.start()
        unknown = [document for document in pending if document.step is DocumentStep.BATCHING]
        unanswered = bool(unknown)
        last_error: ConnectorError | None = None
        for _ in range(self.context.settle_attempts):
            if unknown:
                pending = await self._settle(pending, unknown, wait=unanswered)
            pending = self._refuse_without_entries(pending)
            if not pending:
                return
            self.context.journal.apply(DocumentChange(document.id, DocumentStep.BATCHING) for document in pending)
            answers = await all_or_first_failure([self._create(document) for document in pending])
            self._record(list(zip(pending, answers, strict=True)))
            unsure = [
                document.id for document, answer in zip(pending, answers, strict=True) if isinstance(answer, _Unknown)
            ]
            unknown = self.context.journal.documents_with_ids(unsure)
            errors = [answer.error for answer in answers if isinstance(answer, _Unknown)]
            last_error = errors[0] if errors else last_error
            unanswered = any(isinstance(error, Unreachable) for error in errors)
            pending = unknown
        if pending:
            raise StillUnsettled(last_error or f"ConnectWise did not answer the batches of {len(pending)} documents")

    async def _settle(
        self, pending: list[JournalDocument], unknown: list[JournalDocument], *, wait: bool
    ) -> list[JournalDocument]:
        """Ask ConnectWise for the batches whose create had no answer; record those found, return the rest.

        `wait`: some call got no answer at all (or a crash interrupted it), so ConnectWise may still be making the
        batch; give it the grace first.
        """
        if wait:
            await self.context.wait_for_late_answers(document.updated_at for document in unknown)
        found = await all_or_first_failure([self._find(document) for document in unknown])
        done = {document.id: batch for document, batch in zip(unknown, found, strict=True) if batch is not None}
        self._record([(document, _Batched(done[document.id])) for document in pending if document.id in done])
        return [document for document in pending if document.id not in done]

    async def _find(self, document: JournalDocument) -> int | None:
        try:
            batch = await self.context.batches.find_batch(document.batch_identifier)
        except ConnectorError as error:
            if reaction_to(error) is Reaction.UNKNOWN:
                raise StillUnsettled(error) from None
            raise RunStopped(error) from None
        return batch.id if batch is not None else None

    async def _create(self, document: JournalDocument) -> _Answer:
        try:
            batch = await self.context.batches.create_batch(
                document.batch_identifier,
                document.gl_entry_ids,
                invoices=document.kind is DocumentKind.INVOICE,
                expenses=document.kind is DocumentKind.EXPENSE,
                products=document.kind is DocumentKind.PROCUREMENT,
            )
        except ConnectorError as error:
            reaction = reaction_to(error)
            if reaction is Reaction.STOP:
                raise RunStopped(error) from None
            if reaction is Reaction.UNKNOWN:
                return _Unknown(error)
            existing = await self._find(document)
            if existing is not None:
                return _Batched(existing)
            return _Refused(f"ConnectWise refused the batch: {refusal_text(error)}")
        return _Batched(batch.id)

    def _refuse_without_entries(self, pending: list[JournalDocument]) -> list[JournalDocument]:
        empty = [document for document in pending if not document.gl_entry_ids]
        reason = "ConnectWise lists no GL entries for it, so it cannot be batched"
        self._record([(document, _Refused(reason)) for document in empty])
        return [document for document in pending if document.gl_entry_ids]

    def _record(self, outcomes: Sequence[tuple[JournalDocument, _Answer]]) -> None:
        """Journal what is known, in one transaction: batched (with the batch id) or refused (with the reason)."""
        changes: list[DocumentChange] = []
        batched = refused = 0
        for document, answer in outcomes:
            if isinstance(answer, _Batched):
                message = batched_message(document, self.context.package)
                changes.append(
                    DocumentChange(document.id, DocumentStep.DONE, message=message, batch_id=answer.batch_id)
                )
                batched += 1
            elif isinstance(answer, _Refused):
                changes.append(
                    DocumentChange(
                        document.id, DocumentStep.FAILED, message=_refusal(document, answer, self.context.package)
                    )
                )
                refused += 1
        if changes:
            self.context.journal.apply(changes)
            self.tracker.advance(batched, refused)


def _refusal(document: JournalDocument, refused: _Refused, package: str) -> str:
    """ConnectWise's reason, after where the document stands: in the package but not batched."""
    if not document.parts:
        return refused.reason
    numbers = ", ".join(part.target_number or part.number or "" for part in document.parts)
    return f"In {package} as {numbers}, but not batched: {refused.reason}"
