"""An export run, start to end: journal first, then the sections in order, ConnectWise marked alongside.

    runner = ExportRunner(database, profile="acme", data_dir=paths.data_dir, events=panel.update)
    outcome = await runner.export(preparation.sendable(), connector=xero, batches=psa.batches, target="Acme Ltd")
    run = runner.unfinished()            # after a crash or a closed terminal
    outcome = await runner.resume(run, connector=xero, batches=psa.batches)

Rules kept here (DESIGN.md §5, issue 4 part 4):
- every row is journaled, in one transaction, before the first remote call; each step is journaled as it happens;
- the profile's export lock is held throughout, so no other run (cron, or the app) exports it meanwhile;
- a new run does not start while an earlier one is unfinished: it is resumed (or discarded) first, so no document
  is ever in two live runs;
- cancelling (Esc) or a stop (connection, quota) leaves the run unfinished and every row at a recorded step; the
  run finishes only when every document has reached done, failed or skipped.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.domain.checks import Resolution, Verdict
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.services.export.batching import Batcher
from tui_ledger.services.export.context import GlBatchWriter, RunContext
from tui_ledger.services.export.documents import DocumentSection
from tui_ledger.services.export.entities import run_entity_section
from tui_ledger.services.export.events import ExportEventSink, RunStarted, Section, ignore_events
from tui_ledger.services.export.interruptions import RunStopped
from tui_ledger.services.export.journal_rows import DocumentKey, journal_rows
from tui_ledger.services.export.lock import ExportLock
from tui_ledger.services.export.sections import (
    DOCUMENT_SECTIONS,
    ENTITY_SECTIONS,
    MIN_EMIT_INTERVAL_SECONDS,
    SectionTracker,
    section_of,
)
from tui_ledger.services.retrieve import all_or_first_failure
from tui_ledger.store.database import Database
from tui_ledger.store.journal import DocumentChange, ExportJournal
from tui_ledger.store.journal_log import DOCUMENT_SUBJECTS, ExportLog, LogStatus
from tui_ledger.store.journal_records import DocumentStep, EntityState, JournalDocument, PartState
from tui_ledger.store.runs import Run, RunHistory, RunStatus

RUN_KIND = "export"
CANCELLED_MESSAGE = "Stopped by the user; the run resumes from where each document stood"


class UnfinishedRunError(Exception):
    """An earlier run of this profile did not finish: it must be resumed or discarded before a new one starts."""

    def __init__(self, run: Run) -> None:
        self.run = run
        target = run.summary.get("target", "?")
        super().__init__(
            f"Export run {run.id} into {target} (started {run.started:%Y-%m-%d %H:%M} UTC) did not finish. "
            "Resume it first, so no document is sent by two runs; or discard what it has not sent yet."
        )


class RunTargetError(Exception):
    """A run is resumed with a connection to another accounting company than it exports into."""


class DiscardRefused(Exception):
    """Some documents of the run may already be in the package: they must be finished (resumed), not dropped."""


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """How a run ended. `finished` False: it stopped (`stopped_because`) or was cancelled, and can be resumed."""

    run_id: int
    finished: bool
    status: RunStatus
    documents: Mapping[LogStatus, int] = field(default_factory=dict)
    entities: Mapping[LogStatus, int] = field(default_factory=dict)
    stopped_because: str | None = None

    @property
    def failed(self) -> int:
        return self.documents.get(LogStatus.FAILED, 0) + self.entities.get(LogStatus.FAILED, 0)

    @property
    def exit_code(self) -> int:
        """0: everything went; 1: some documents failed; 2: the run could not finish (connection, quota)."""
        if not self.finished:
            return 2
        return 1 if self.failed else 0


class ExportRunner:
    """Starts, resumes and discards the export runs of one profile."""

    def __init__(
        self,
        database: Database,
        profile: str,
        data_dir: Path,
        *,
        clock: Clock | None = None,
        events: ExportEventSink = ignore_events,
        purpose: str = "tui-ledger export",
        event_interval: float = MIN_EMIT_INTERVAL_SECONDS,
    ) -> None:
        """`event_interval`: least real seconds between two Running events of a section (0: every step)."""
        self.database = database
        self.profile = profile
        self.data_dir = data_dir
        self.clock = clock or SystemClock()
        self.events = events
        self.purpose = purpose
        self.event_interval = event_interval
        self.history = RunHistory(database, profile, self.clock)
        self.journal = ExportJournal(database, self.clock)
        self.log = ExportLog(self.journal)

    def unfinished(self) -> Run | None:
        """The interrupted run to resume, if any (there is at most one: a new run waits for it)."""
        runs = self.history.unfinished(RUN_KIND)
        return runs[0] if runs else None

    def lock(self) -> ExportLock:
        return ExportLock(self.data_dir, self.profile, self.purpose, self.clock)

    async def export(
        self,
        selected: Sequence[Verdict],
        *,
        connector: AccountingConnector,
        batches: GlBatchWriter,
        target: str,
        resolutions: Mapping[DocumentKey, Resolution] | None = None,
    ) -> RunOutcome:
        """Journal the selection as a new run, then run it. Raises `UnfinishedRunError` or `ExportLocked`."""
        with self.lock():
            earlier = self.unfinished()
            if earlier is not None:
                raise UnfinishedRunError(earlier)
            rows = journal_rows(selected, resolutions)
            summary = {
                "target": target,
                "package": connector.capabilities.display_name,
                "documents": len(rows.documents),
            }
            with self.database.transaction():
                run = self.history.start(RUN_KIND, summary)
                self.journal.record(run.id, rows.entities, rows.documents)
            return await self._execute(run, connector, batches, resumed=False)

    async def resume(self, run: Run, *, connector: AccountingConnector, batches: GlBatchWriter) -> RunOutcome:
        """Continue an unfinished run from where each of its documents stood."""
        with self.lock():
            current = self.history.get(run.id)
            if current is None or current.is_finished:
                raise RunTargetError(f"Export run {run.id} has already finished; there is nothing to resume.")
            package = connector.capabilities.display_name
            if current.summary.get("package", package) != package:
                raise RunTargetError(
                    f"Export run {run.id} exports into {current.summary.get('target')} "
                    f"({current.summary.get('package')}); connect to that company to resume it, not to {package}."
                )
            return await self._execute(current, connector, batches, resumed=True)

    def discard(self, run: Run) -> RunOutcome:
        """Give up the unsent rest of an unfinished run: its documents stay unposted for a later export.

        Refused while any document may already be in the package (sent, created, batching): those are resumed
        to the end instead, because dropping them would leave a copy in the package that ConnectWise does not
        know was exported.
        """
        with self.lock():
            documents = self.journal.unfinished_documents(run.id)
            started = [document for document in documents if _reached_package(document)]
            if started:
                raise DiscardRefused(
                    f"{len(started)} documents of run {run.id} may already be in the package; resume the run to "
                    "finish them before discarding it"
                )
            message = "Discarded before it was sent; still unposted in ConnectWise"
            self.journal.apply(
                DocumentChange(document.id, DocumentStep.SKIPPED, message=message) for document in documents
            )
            return self._finish(run.id, cancelled=True)

    # -- running

    async def _execute(
        self, run: Run, connector: AccountingConnector, batches: GlBatchWriter, *, resumed: bool
    ) -> RunOutcome:
        context = RunContext(run.id, self.journal, connector, batches, self.clock, self.events)
        documents = self.journal.documents(run.id)
        self.events(RunStarted(run.id, resumed, len(documents)))
        trackers = self._trackers(context, documents)
        for tracker in trackers.values():
            tracker.announce()
        batcher = Batcher(context, trackers[Section.MARK_BATCHED])
        for document in documents:
            if document.step in (DocumentStep.CREATED, DocumentStep.BATCHING):
                batcher.offer(document.id)

        async def send_everything() -> None:
            try:
                for kind, section in ENTITY_SECTIONS.items():
                    await run_entity_section(context, kind, trackers[section])
                for section in DOCUMENT_SECTIONS:
                    await DocumentSection(context, section, trackers[section], batcher.offer).run()
                    trackers[Section.MARK_BATCHED].total = _batch_total(self.journal.documents(run.id))
            finally:
                batcher.close()

        try:
            await all_or_first_failure([send_everything(), batcher.run()])
        except RunStopped as stop:
            self._fail_open_sections(trackers, str(stop))
            self.history.update(run.id, {**run.summary, "stopped": str(stop)})
            return self._outcome(run.id, finished=False, status=RunStatus.RUNNING, stopped=str(stop))
        except asyncio.CancelledError:
            self._fail_open_sections(trackers, CANCELLED_MESSAGE)
            self.history.update(run.id, {**run.summary, "stopped": CANCELLED_MESSAGE})
            raise
        return self._finish(run.id)

    def _trackers(self, context: RunContext, documents: Sequence[JournalDocument]) -> dict[Section, SectionTracker]:
        trackers: dict[Section, SectionTracker] = {}
        entities = self.journal.entities(context.run_id)
        for kind, section in ENTITY_SECTIONS.items():
            mine = [entity for entity in entities if entity.kind is kind]
            trackers[section] = SectionTracker(
                section,
                self.events,
                self.clock,
                min_interval=self.event_interval,
                total=len(mine),
                done=sum(1 for entity in mine if entity.state.is_final),
                failed=sum(1 for entity in mine if entity.state is EntityState.FAILED),
            )
        for section in DOCUMENT_SECTIONS:
            parts = [
                part
                for document in documents
                for part in document.parts
                if section_of(document.kind, part.document_type) is section
            ]
            trackers[section] = SectionTracker(
                section,
                self.events,
                self.clock,
                min_interval=self.event_interval,
                total=len(parts),
                done=sum(1 for part in parts if part.state.in_package or part.state is PartState.FAILED),
                failed=sum(1 for part in parts if part.state is PartState.FAILED),
            )
        batched = [document for document in documents if document.step is DocumentStep.DONE]
        refused = [document for document in documents if document.failed_in_batching]
        trackers[Section.MARK_BATCHED] = SectionTracker(
            Section.MARK_BATCHED,
            self.events,
            self.clock,
            min_interval=self.event_interval,
            total=_batch_total(documents),
            done=len(batched) + len(refused),
            failed=len(refused),
        )
        return trackers

    def _fail_open_sections(self, trackers: Mapping[Section, SectionTracker], message: str) -> None:
        for tracker in trackers.values():
            if not tracker.finished and tracker.started:
                tracker.fail(message)

    def _finish(self, run_id: int, *, cancelled: bool = False) -> RunOutcome:
        documents, entities = self._tally(run_id)
        if cancelled:
            status = RunStatus.CANCELLED
        elif documents.get(LogStatus.FAILED) or entities.get(LogStatus.FAILED):
            status = RunStatus.COMPLETED_WITH_ERRORS
        else:
            status = RunStatus.SUCCEEDED
        run = self.history.get(run_id)
        earlier = {key: value for key, value in (run.summary if run else {}).items() if key != "stopped"}
        summary = {**earlier, "documents_by_status": {key.value: n for key, n in documents.items()}}
        self.history.finish(run_id, status, summary)
        return RunOutcome(run_id, True, status, documents, entities)

    def _outcome(self, run_id: int, *, finished: bool, status: RunStatus, stopped: str | None = None) -> RunOutcome:
        documents, entities = self._tally(run_id)
        return RunOutcome(run_id, finished, status, documents, entities, stopped)

    def _tally(self, run_id: int) -> tuple[dict[LogStatus, int], dict[LogStatus, int]]:
        """Documents and entities of the run per Export Log status."""
        rows = self.log.rows(run_id)
        documents = Counter(row.status for row in rows if row.subject in DOCUMENT_SUBJECTS)
        entities = Counter(row.status for row in rows if row.subject not in DOCUMENT_SUBJECTS)
        return dict(documents), dict(entities)


def _reached_package(document: JournalDocument) -> bool:
    """Whether the document may be in the package or batched in ConnectWise (then it must be finished, not dropped)."""
    if document.step is DocumentStep.BATCHING:
        return True
    return any(part.state.in_package or part.state is PartState.SENDING for part in document.parts)


def _batch_total(documents: Sequence[JournalDocument]) -> int:
    """Documents that are (or will be) marked batched: all but the skipped and those refused before batching."""
    return sum(
        1
        for document in documents
        if document.step is not DocumentStep.SKIPPED
        and (document.step is not DocumentStep.FAILED or document.failed_in_batching)
    )
