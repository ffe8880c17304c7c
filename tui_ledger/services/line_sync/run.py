"""One sync run: plan every line, write the plan, send the lines a few at a time, record each outcome.

Order of work, and why:
1. Plan (no calls): each mapped line becomes an `AdditionPlan` (domain rules); a line the rules refuse (an end
   before its start) is an Error at once, with the reason.
2. Look before writing: the additions of every target agreement are read once, indexed by key. That is how a
   recurring line finds its subscription's persistent Addition from an earlier month, how a re-sync of a
   failed line updates instead of duplicating — and it costs one list call per agreement, not one per line.
3. Write the plan (one transaction) before sending anything: undo can then resolve any line whose outcome was
   never recorded.
4. Send with bounded concurrency. Lines with the same key (two lines of one subscription) go one after the
   other, so the second updates what the first created. A stop (Esc) is honoured between lines: calls in
   flight finish and are recorded; lines not yet taken are left untouched, Not Synced.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tui_ledger.connectors.connectwise.additions import Addition
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.errors import (
    AuthenticationFailed,
    ConnectorError,
    Forbidden,
    ServiceUnavailable,
    Unreachable,
)
from tui_ledger.domain.line_sync import AdditionPlan, LineForSync, LineSyncRuleError, plan_line
from tui_ledger.services.line_sync.new_agreements import NewAgreements
from tui_ledger.services.line_sync.recording import OutcomeRecorder, RecordedOutcome
from tui_ledger.services.line_sync.reports import LineOutcome, LineResult
from tui_ledger.services.line_sync.stop import StopSignal
from tui_ledger.services.progress import ProgressTracker
from tui_ledger.store.line_sync import LineSyncJournal, PlannedLine

FATAL_ERRORS = (AuthenticationFailed, Forbidden)
"""After these, every further line would fail the same way: the run stops and says why."""
UNREACHABLE_IN_A_ROW = 5
"""This many lines in a row without an answer from ConnectWise stop the run (it is down, not one line wrong)."""
READ_CONCURRENCY = 4
"""Agreements whose additions are read at once while planning."""


@dataclass(slots=True)
class LineJob:
    """A planned line waiting to be sent. `agreement_id` is None while its company's new agreement is unmade."""

    key: int
    line: LineForSync
    plan: AdditionPlan
    agreement_id: int | None


@dataclass(slots=True)
class RunCounts:
    created: int = 0
    updated: int = 0
    failed: int = 0
    attempted: int = 0


class SyncRun:
    """The sending half of one run; `LineSync.sync` builds it, plans with it, and reports what it counted."""

    def __init__(
        self,
        billing: ConnectWiseAgreementBilling,
        journal: LineSyncJournal,
        recorder: OutcomeRecorder,
        new_agreements: NewAgreements,
        tracker: ProgressTracker,
        stop: StopSignal,
        *,
        run_id: int,
        concurrency: int,
    ) -> None:
        self._billing = billing
        self._journal = journal
        self._recorder = recorder
        self._new_agreements = new_agreements
        self._tracker = tracker
        self._stop = stop
        self._run_id = run_id
        self.concurrency = concurrency
        self.counts = RunCounts()
        self.fatal: str | None = None
        """Why the run had to stop on its own (credentials refused, ConnectWise not answering), if it did."""
        self._found: dict[tuple[int, str], Addition] = {}
        self._key_locks: dict[tuple[int, str], asyncio.Lock] = {}
        self._unanswered_in_a_row = 0

    # -- planning

    async def plan(self, lines: Iterable[tuple[int, LineForSync]]) -> list[LineJob]:
        """Plan every line, read what the target agreements hold, and write the plan. Refused lines are recorded."""
        jobs: list[LineJob] = []
        for key, line in lines:
            try:
                plan = plan_line(line)
            except LineSyncRuleError as refused:
                self._fail(key, line, 0, str(refused), {})
                continue
            jobs.append(LineJob(key, line, plan, plan.target.agreement_id))
        jobs = await self._attach_new_agreements(jobs)
        jobs = await self._read_targets(jobs)
        self._journal.plan(self._run_id, (self._planned(job) for job in jobs))
        return jobs

    async def _attach_new_agreements(self, jobs: list[LineJob]) -> list[LineJob]:
        """Point "create new" lines at their company's agreement from an earlier sync, when one exists."""
        companies = sorted({job.line.company_id or 0 for job in jobs if job.plan.target.is_new})
        found, failures = await self._each(companies, self._new_agreements.existing)
        for failure in failures.values():
            self._note_failure(failure)
        kept = []
        for job in jobs:
            company = job.line.company_id or 0
            if not job.plan.target.is_new:
                kept.append(job)
            elif company in failures:
                self._fail(job.key, job.line, 0, str(failures[company]), _problems(failures[company]))
            else:
                job.agreement_id = found[company]
                kept.append(job)
        return kept

    async def _read_targets(self, jobs: list[LineJob]) -> list[LineJob]:
        """Index the additions of every target agreement by key (newest wins); lines of unreadable ones fail."""
        agreements = sorted({job.agreement_id for job in jobs if job.agreement_id is not None})
        listed, failures = await self._each(agreements, self._billing.additions.additions)
        for failure in failures.values():
            self._note_failure(failure)
        for additions in listed.values():
            for addition in additions:
                if addition.content.serial_number:
                    self._found[(addition.agreement_id, addition.content.serial_number)] = addition
        kept = []
        for job in jobs:
            failure = failures.get(job.agreement_id or 0)
            if failure is None:
                kept.append(job)
            else:
                self._fail(job.key, job.line, job.agreement_id or 0, str(failure), _problems(failure))
        return kept

    async def _each(
        self, items: list[int], read: Callable[[int], Awaitable[Any]]
    ) -> tuple[dict[int, Any], dict[int, ConnectorError]]:
        """`read(item)` for each item, a few at once: answers and failures by item."""
        gate = asyncio.Semaphore(READ_CONCURRENCY)
        answers: dict[int, Any] = {}
        failures: dict[int, ConnectorError] = {}

        async def one(item: int) -> None:
            async with gate:
                try:
                    answers[item] = await read(item)
                except ConnectorError as error:
                    failures[item] = error

        await asyncio.gather(*(one(item) for item in items))
        return answers, failures

    def _planned(self, job: LineJob) -> PlannedLine:
        found = self._found.get((job.agreement_id, job.plan.key)) if job.agreement_id is not None else None
        return PlannedLine(
            source_platform=job.line.source_platform,
            platform_line_id=job.line.platform_line_id,
            addition_key=job.plan.key,
            company_id=job.line.company_id or 0,
            agreement_id=job.agreement_id or 0,
            found_addition_id=found.id if found is not None else 0,
            found=found.content.to_record() if found is not None else {},
        )

    # -- sending

    async def send(self, jobs: list[LineJob]) -> None:
        """Send every job, `concurrency` at a time, until done or stopped; a cancelled caller waits for the
        lines in flight (their outcomes must be known and recorded) before the cancellation goes on."""
        queue = iter(jobs)
        workers = [asyncio.ensure_future(self._worker(queue)) for _ in range(min(self.concurrency, len(jobs)))]
        everything = asyncio.gather(*workers, return_exceptions=True)
        try:
            outcomes = await asyncio.shield(everything)
        except asyncio.CancelledError:
            self._stop.request("the sync was cancelled")
            await everything
            self._recorder.flush()
            raise
        self._recorder.flush()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    async def _worker(self, queue: Iterator[LineJob]) -> None:
        for job in queue:
            # Yield before each line: a call that never waits (a fast or in-process service) must not let one
            # worker run the whole queue before a stop, a cancellation or the screen gets a turn.
            await asyncio.sleep(0)
            if self._stop.requested:
                return
            self.counts.attempted += 1
            try:
                await self._send(job)
            except BaseException:
                self._stop.request("the sync stopped on an unexpected error (see System Logs)")
                raise

    async def _send(self, job: LineJob) -> None:
        agreement_id = job.agreement_id or 0
        try:
            if job.agreement_id is None:
                agreement_id = await self._new_agreements.ensure(job.line.company_id or 0)
            slot = (agreement_id, job.plan.key)
            async with self._key_locks.setdefault(slot, asyncio.Lock()):
                found = self._found.get(slot)
                if found is None:
                    addition = await self._billing.additions.create(agreement_id, job.plan.content)
                else:
                    addition = await self._billing.additions.update(
                        agreement_id, found.id, job.plan.update_of(found.content)
                    )
                self._found[slot] = addition
        except ConnectorError as error:
            self._note_failure(error)
            self._fail(job.key, job.line, agreement_id, str(error), {"key": job.plan.key, **_problems(error)})
            return
        self._unanswered_in_a_row = 0
        self._succeed(job, agreement_id, addition, found)

    def _note_failure(self, error: ConnectorError) -> None:
        if isinstance(error, FATAL_ERRORS):
            self._give_up(f"stopped: {error}")
        if isinstance(error, Unreachable | ServiceUnavailable):
            self._unanswered_in_a_row += 1
            if self._unanswered_in_a_row >= UNREACHABLE_IN_A_ROW:
                self._give_up(f"stopped: ConnectWise did not answer {UNREACHABLE_IN_A_ROW} lines in a row ({error})")
        else:
            self._unanswered_in_a_row = 0

    def _give_up(self, reason: str) -> None:
        if self.fatal is None:
            self.fatal = reason
        self._stop.request(reason)

    def _succeed(self, job: LineJob, agreement_id: int, addition: Addition, found: Addition | None) -> None:
        verb = "Created" if found is None else "Updated"
        message = f"{verb} Addition {addition.id} on agreement {agreement_id}"
        if job.plan.notes:
            message += "; " + "; ".join(job.plan.notes)
        result = LineResult.CREATED if found is None else LineResult.UPDATED
        if found is None:
            self.counts.created += 1
            before: dict[str, Any] = {}
        else:
            self.counts.updated += 1
            before = {"addition_id": found.id, **found.content.to_record()}
        outcome = LineOutcome(job.key, job.line.line_key, result, agreement_id, addition.id, message)
        new_agreement = self._new_agreements.name(agreement_id) if job.plan.target.is_new else ""
        self._recorder.add(RecordedOutcome(outcome, before=before, new_agreement_name=new_agreement))
        self._tracker.advance(1, f"{job.line.platform_line_id}: {message}")

    def _fail(self, key: int, line: LineForSync, agreement_id: int, message: str, details: dict[str, Any]) -> None:
        self.counts.failed += 1
        outcome = LineOutcome(key, line.line_key, LineResult.FAILED, agreement_id, 0, message)
        self._recorder.add(RecordedOutcome(outcome, details=details))
        self._tracker.advance(1, f"{line.platform_line_id}: {message}")


def _problems(error: ConnectorError) -> dict[str, Any]:
    return {"problems": list(error.problems)} if error.problems else {}
