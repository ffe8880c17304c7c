"""Sections Invoices, Credit notes, Purchases and Expenses: DESIGN.md §5 steps 2 and 3 for each package document.

A section's parts go in chunks of `capabilities.max_batch_size`, a few chunks at once. Each chunk is (1) looked up
in the package by number — found with the same content → linked; found different → failed with link / update /
skip choices, unless the user already chose; not there → safe to create — then (2) the rest is created in one call,
each part journaled SENDING before the call and CREATED with the package's id as soon as it answers. A call without
a usable answer leaves its parts SENDING; they are looked up again before anything is resent, so whatever the call
did is found and linked, never duplicated. A resume starts with that same lookup. Because every chunk goes from
lookup to create on its own, creates start while later chunks are still being looked up: the package's last rate
window holds as few creates as possible, and ConnectWise can batch the first documents meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tui_ledger.connectors.accounting import ChunkOutcome
from tui_ledger.connectors.errors import ConnectorError, Unreachable
from tui_ledger.domain.accounting import ElementResult, ProblemKind, RemoteDocument
from tui_ledger.domain.checks import Resolution
from tui_ledger.domain.checks.labels import package_document_name
from tui_ledger.services.export.context import RunContext
from tui_ledger.services.export.events import Section
from tui_ledger.services.export.interruptions import Reaction, RunStopped, StillUnsettled, reaction_to, refusal_text
from tui_ledger.services.export.matching import OtherDocument, SameDocument, match_part, numbers_by_type
from tui_ledger.services.export.sections import SectionTracker, section_of
from tui_ledger.services.retrieve import all_or_first_failure
from tui_ledger.store.journal import Change, DocumentChange, PartChange
from tui_ledger.store.journal_records import DocumentStep, EntityState, JournalDocument, JournalPart, PartState

DEFAULT_CALLS_IN_FLIGHT = 5
ReadyToBatch = Callable[[int], None]
"""Told of every document whose parts are all in the package, so ConnectWise can be marked while others are sent."""


@dataclass(slots=True)
class _Pass:
    """What one pass over a section learnt: parts whose number the package refused as taken must be found."""

    number_taken: set[int] = field(default_factory=set)
    last_error: ConnectorError | None = None
    unanswered: bool = False
    """A call got no answer at all (a lost connection): the service may still be working on it."""


class DocumentSection:
    """One document section of one run."""

    def __init__(
        self, context: RunContext, section: Section, tracker: SectionTracker, ready_to_batch: ReadyToBatch
    ) -> None:
        self.context = context
        self.section = section
        self.tracker = tracker
        self.ready_to_batch = ready_to_batch
        capabilities = context.connector.capabilities
        self.chunk_size = capabilities.max_batch_size
        self.calls_in_flight = capabilities.max_in_flight or DEFAULT_CALLS_IN_FLIGHT
        self._document_of: dict[int, int] = {}

    async def run(self) -> None:
        if not self._pending():
            self.tracker.complete()
            return
        self.tracker.start()
        self._fail_orphans()
        pending = self._pending()
        chunks: asyncio.Queue[list[int]] = asyncio.Queue()
        for start in range(0, len(pending), self.chunk_size):
            chunks.put_nowait([part.id for _, part in pending[start : start + self.chunk_size]])
        workers = min(self.calls_in_flight, chunks.qsize())
        await all_or_first_failure([self._work(chunks) for _ in range(workers)])
        self.tracker.complete()

    async def _work(self, chunks: asyncio.Queue[list[int]]) -> None:
        """Take chunks one at a time, each from lookup to created: creates start while other chunks are looked up,
        so the last window of the package's rate limit holds as little as possible."""
        while not chunks.empty():
            await self._settle_chunk(chunks.get_nowait())

    async def _settle_chunk(self, part_ids: list[int]) -> None:
        """Look a chunk's parts up, create those absent, and settle any unknown outcome, until each has a result."""
        wanted = set(part_ids)
        state = _Pass()
        first = True
        attempts = 0
        while True:
            current = self._current(wanted)
            to_look_up = [entry for entry in current if first or entry[1].state is PartState.SENDING]
            if to_look_up:
                if first or state.unanswered:
                    unknown = [document for document, part in to_look_up if part.state is PartState.SENDING]
                    await self.context.wait_for_late_answers(document.updated_at for document in unknown)
                state.unanswered = False
                await self._look_up(to_look_up, state)
            first = False
            current = self._current(wanted)
            to_create = [entry for entry in current if entry[1].state is PartState.LOOKED_UP]
            if not current:
                return
            if attempts == self.context.settle_attempts:
                raise StillUnsettled(state.last_error or f"{len(current)} documents could not be created")
            attempts += 1
            if to_create:
                await self._send_chunk(to_create, state)

    # -- what is left

    def _pending(self) -> list[tuple[JournalDocument, JournalPart]]:
        """Parts of this section not yet in the package, of documents still being exported."""
        documents = self.context.journal.unfinished_documents(self.context.run_id)
        pending = [
            (document, part)
            for document in documents
            for part in document.parts
            if section_of(document.kind, part.document_type) is self.section
            and not part.state.in_package
            and part.state is not PartState.FAILED
        ]
        self._document_of.update((part.id, document.id) for document, part in pending)
        return pending

    def _parts(self, states: Sequence[PartState]) -> list[tuple[JournalDocument, JournalPart]]:
        return [(document, part) for document, part in self._pending() if part.state in states]

    def _current(self, part_ids: set[int]) -> list[tuple[JournalDocument, JournalPart]]:
        """These parts as the journal has them now, those still to be settled (not in the package, not failed)."""
        owners = sorted({self._document_of[part_id] for part_id in part_ids})
        documents = self.context.journal.documents_with_ids(owners)
        return [
            (document, part)
            for document in documents
            if not document.step.is_final
            for part in document.parts
            if part.id in part_ids and not part.state.in_package and part.state is not PartState.FAILED
        ]

    def _fail_orphans(self) -> None:
        """Documents whose customer, supplier or product could not be created fail before they are sent."""
        failed = {
            entity.idempotency_key: entity
            for entity in self.context.journal.entities(self.context.run_id)
            if entity.state is EntityState.FAILED
        }
        if not failed:
            return
        changes: list[Change] = []
        for document, part in self._parts((PartState.PLANNED, PartState.LOOKED_UP)):
            missing = [failed[key] for key in document.depends_on if key in failed]
            if missing:
                entity = missing[0]
                message = f"{entity.kind.value} '{entity.name}' was not created in {self.context.package}: "
                changes.append(PartChange(part.id, PartState.FAILED, message=message + entity.message))
        self._apply(changes, failed=len(changes))

    # -- step 2: look up by number

    async def _look_up(self, parts: list[tuple[JournalDocument, JournalPart]], state: _Pass) -> None:
        found = await self._find([part for _, part in parts])
        capabilities = self.context.connector.capabilities
        contact_ids = self._contact_ids()
        changes: list[Change] = []
        updates: list[tuple[JournalPart, RemoteDocument]] = []
        linked = failed = 0
        for document, part in parts:
            match = match_part(part, found, capabilities, contact_ids)
            if isinstance(match, SameDocument):
                changes.append(self._found(part, match.remote))
                linked += 1
            elif isinstance(match, OtherDocument):
                if document.resolution is Resolution.UPDATE and Resolution.UPDATE in match.choices:
                    changes.append(PartChange(part.id, PartState.SENDING))
                    updates.append((part, match.remote))
                    continue
                change = self._other(document, part, match)
                changes.append(change)
                if change.state is PartState.LINKED:
                    linked += 1
                else:
                    failed += 1
            elif part.id in state.number_taken:
                changes.append(
                    PartChange(part.id, PartState.FAILED, message=self._taken_message(document, part), choices=())
                )
                failed += 1
            else:
                changes.append(PartChange(part.id, PartState.LOOKED_UP))
        self._apply(changes, succeeded=linked, failed=failed)
        for part, remote in updates:
            await self._update(part, remote, state)

    async def _update(self, part: JournalPart, remote: RemoteDocument, state: _Pass) -> None:
        """The user chose to overwrite the package's copy with this document (§5 "update"); journaled SENDING first."""
        try:
            result = await self.context.connector.update_document(part.draft, remote.target_id)
        except ConnectorError as error:
            reaction = reaction_to(error)
            if reaction is Reaction.STOP:
                raise RunStopped(error) from None
            if reaction is Reaction.REFUSED:
                self._apply([PartChange(part.id, PartState.FAILED, message=refusal_text(error))], failed=1)
            else:
                state.last_error = error
            return
        finally:
            self.context.report_quota()
        if result.ok:
            change = PartChange(part.id, PartState.CREATED, target_id=result.target_id, target_number=result.number)
            self._apply([change], succeeded=1)
        else:
            message = "; ".join(problem.message for problem in result.problems) or "update refused without a reason"
            self._apply([PartChange(part.id, PartState.FAILED, message=message)], failed=1)

    async def _find(self, parts: Sequence[JournalPart]) -> list[RemoteDocument]:
        connector = self.context.connector
        try:
            batches = await all_or_first_failure(
                [connector.find_documents(kind, numbers) for kind, numbers in numbers_by_type(parts).items()]
            )
        except ConnectorError as error:
            if reaction_to(error) is Reaction.UNKNOWN:
                raise StillUnsettled(error) from None
            raise RunStopped(error) from None
        finally:
            self.context.report_quota()
        return [remote for batch in batches for remote in batch]

    def _contact_ids(self) -> frozenset[str]:
        return frozenset(
            entity.target_id
            for entity in self.context.journal.entities(self.context.run_id)
            if entity.target_id and entity.state in (EntityState.CREATED, EntityState.LINKED)
        )

    def _found(self, part: JournalPart, remote: RemoteDocument) -> PartChange:
        """The same document is there: this run's own copy when it had sent it (the answer was lost), else linked."""
        if part.state is PartState.SENDING:
            return PartChange(part.id, PartState.CREATED, target_id=remote.target_id, target_number=remote.number)
        return self._linked(part, remote)

    def _linked(self, part: JournalPart, remote: RemoteDocument) -> PartChange:
        return PartChange(part.id, PartState.LINKED, target_id=remote.target_id, target_number=remote.number)

    def _other(self, document: JournalDocument, part: JournalPart, match: OtherDocument) -> PartChange:
        """A different document under the number: what the user chose, else an Error with the choices (§5)."""
        if document.resolution is Resolution.LINK and Resolution.LINK in match.choices:
            return self._linked(part, match.remote)
        return PartChange(part.id, PartState.FAILED, message=match.message, choices=match.choices)

    def _taken_message(self, document: JournalDocument, part: JournalPart) -> str:
        name = package_document_name(part.document_type, self.context.connector.capabilities.sales_credit_name)
        return part.message or f"{self.context.package} refused {name} {part.number}: the number is already used"

    # -- step 3: create

    async def _send_chunk(self, chunk: list[tuple[JournalDocument, JournalPart]], state: _Pass) -> None:
        self.context.journal.apply(PartChange(part.id, PartState.SENDING) for _, part in chunk)
        drafts = [part.draft for _, part in chunk]
        by_key = {part.idempotency_key: (document, part) for document, part in chunk}
        try:
            async for outcome in self.context.connector.create_documents(drafts):
                self._record(outcome, by_key, state)
        except ConnectorError as error:
            reaction = reaction_to(error)
            if reaction is Reaction.STOP:
                raise RunStopped(error) from None
            if reaction is Reaction.REFUSED:
                answered = self._answered(chunk)
                refused = [
                    PartChange(part.id, PartState.FAILED, message=refusal_text(error))
                    for _, part in chunk
                    if part.id not in answered
                ]
                self._apply(refused, failed=len(refused))
            else:
                state.last_error = error
                state.unanswered = state.unanswered or isinstance(error, Unreachable)
        finally:
            self.context.report_quota()

    def _record(
        self, outcome: ChunkOutcome, by_key: dict[str, tuple[JournalDocument, JournalPart]], state: _Pass
    ) -> None:
        changes: list[Change] = []
        created = failed = 0
        for result in outcome.results:
            if result.key not in by_key:
                continue
            document, part = by_key[result.key]
            change = self._result_change(document, part, result, state)
            if change is None:
                continue
            changes.append(change)
            if change.state is PartState.CREATED:
                created += 1
            else:
                failed += 1
        self._apply(changes, succeeded=created, failed=failed)

    def _result_change(
        self, document: JournalDocument, part: JournalPart, result: ElementResult, state: _Pass
    ) -> PartChange | None:
        """CREATED with the package's id; a number already used stays SENDING to be looked up; else FAILED."""
        if result.ok:
            return PartChange(part.id, PartState.CREATED, target_id=result.target_id, target_number=result.number)
        message = "; ".join(problem.message for problem in result.problems) or "refused without a reason"
        if len(document.parts) > 1:
            name = package_document_name(part.document_type, self.context.connector.capabilities.sales_credit_name)
            message = f"{name} {part.number}: {message}"
        if result.has_problem(ProblemKind.DUPLICATE_NUMBER):
            state.number_taken.add(part.id)
            return PartChange(part.id, PartState.SENDING, message=message)
        return PartChange(part.id, PartState.FAILED, message=message)

    def _answered(self, chunk: list[tuple[JournalDocument, JournalPart]]) -> set[int]:
        """Parts of the chunk already recorded from an earlier outcome of the same call."""
        wanted = {part.id for _, part in chunk}
        return {
            part.id
            for document in self.context.journal.unfinished_documents(self.context.run_id)
            for part in document.parts
            if part.id in wanted and part.state is not PartState.SENDING
        }

    # -- journal and progress

    def _apply(self, changes: Sequence[Change], *, succeeded: int = 0, failed: int = 0) -> None:
        """Journal the changes, report progress, and hand documents now wholly in the package to the batcher."""
        if not changes:
            return
        self.context.journal.apply(changes)
        self.tracker.advance(succeeded, failed)
        touched = {self._document_of[change.part_id] for change in changes if isinstance(change, PartChange)}
        touched |= {change.document_id for change in changes if isinstance(change, DocumentChange)}
        for document_id, step in self.context.journal.steps(touched).items():
            if step is DocumentStep.CREATED:
                self.ready_to_batch(document_id)
