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

from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.export.context import RunContext
from tui_ledger.services.export.interruptions import Reaction, RunStopped, StillUnsettled, reaction_to, refusal_text
from tui_ledger.services.export.sections import SectionTracker
from tui_ledger.services.retrieve import all_or_first_failure
from tui_ledger.store.journal import DocumentChange
from tui_ledger.store.journal_records import DocumentStep, JournalDocument

DEFAULT_WORKERS = 4


def batched_message(document: JournalDocument, package: str) -> str | None:
    """What the Export Log says of a batched document; None keeps the message it has (seed 002's no-lines text)."""
    if document.sends_nothing:
        return None
    if document.all_linked:
        numbers = ", ".join(part.target_number or part.number or "" for part in document.parts)
        return f"Already in {package} as {numbers}: linked, not created again"
    return ""


class Batcher:
    """Marks documents batched as they are offered, with a few calls to ConnectWise at once."""

    def __init__(self, context: RunContext, tracker: SectionTracker, workers: int = DEFAULT_WORKERS) -> None:
        self.context = context
        self.tracker = tracker
        self.workers = workers
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
        """Work until closed and drained. A stop in one worker cancels the others (their rows stay resumable)."""
        await all_or_first_failure([self._work() for _ in range(self.workers)])
        self.tracker.complete()

    async def _work(self) -> None:
        while True:
            document_id = await self._queue.get()
            if document_id is None:
                self._queue.put_nowait(None)
                return
            await self.mark(self.context.journal.document(document_id))

    async def mark(self, document: JournalDocument) -> None:
        """Settle or create this document's batch and journal the outcome."""
        if document.step.is_final:
            return
        self.tracker.start()
        look_first = document.step is DocumentStep.BATCHING
        for _ in range(self.context.settle_attempts):
            if look_first and await self._record_existing(document):
                return
            if await self._create(document):
                return
            look_first = True
        raise StillUnsettled(f"ConnectWise did not answer the batch of {document.kind.value} {document.number}")

    async def _record_existing(self, document: JournalDocument) -> bool:
        try:
            batch = await self.context.batches.find_batch(document.batch_identifier)
        except ConnectorError as error:
            if reaction_to(error) is Reaction.UNKNOWN:
                raise StillUnsettled(error) from None
            raise RunStopped(error) from None
        if batch is None:
            return False
        self._done(document, batch.id)
        return True

    async def _create(self, document: JournalDocument) -> bool:
        """True once recorded (batched or refused); False when the outcome is unknown and must be settled."""
        if not document.gl_entry_ids:
            self._refuse(document, "ConnectWise lists no GL entries for it, so it cannot be batched")
            return True
        self.context.journal.apply([DocumentChange(document.id, DocumentStep.BATCHING)])
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
                return False
            if await self._record_existing(document):
                return True
            self._refuse(document, f"ConnectWise refused the batch: {refusal_text(error)}")
            return True
        self._done(document, batch.id)
        return True

    def _done(self, document: JournalDocument, batch_id: int) -> None:
        message = batched_message(document, self.context.package)
        self.context.journal.apply([DocumentChange(document.id, DocumentStep.DONE, message=message, batch_id=batch_id)])
        self.tracker.advance(succeeded=1)

    def _refuse(self, document: JournalDocument, reason: str) -> None:
        where = ""
        if document.parts:
            numbers = ", ".join(part.target_number or part.number or "" for part in document.parts)
            where = f"In {self.context.package} as {numbers}, but not batched: "
        self.context.journal.apply([DocumentChange(document.id, DocumentStep.FAILED, message=where + reason)])
        self.tracker.advance(failed=1)
