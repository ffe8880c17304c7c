"""The scheduled export (seed 004's "Scheduled Automated Transfers"), without a terminal: what cron runs.

    code = await run_headless(session, request, out=print, err=print_to_stderr)

First an unfinished run of the profile is resumed to the end (a crash last night must not be forgotten, and no
new run may start before it). Then documents are retrieved and checked, and what the request selects is exported.
Exit codes: 0 everything went; 1 some documents failed (refused by a service, or held back by errors to fix); 2 a
configuration or connection problem stopped the work (the message says which; the run resumes next time).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.connectors.ports import PsaReader
from tui_ledger.domain.checks import Blocked, Verdict
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.documents import DocumentKind, SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import format_money
from tui_ledger.domain.plans import ExportOptions, PlanContext
from tui_ledger.services.export.context import GlBatchWriter
from tui_ledger.services.export.events import (
    CompletedSuccessfully,
    CompletedWithErrors,
    ExportEvent,
    Failed,
    RunStarted,
)
from tui_ledger.services.export.journal_rows import SelectionError
from tui_ledger.services.export.lock import ExportLocked
from tui_ledger.services.export.prepare import ExportPreparation, prepare_export
from tui_ledger.services.export.run import ExportRunner, RunOutcome, RunTargetError, UnfinishedRunError
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.journal_log import ExportLogRow, LogStatus
from tui_ledger.store.runs import Run

EXIT_OK = 0
EXIT_DOCUMENTS_FAILED = 1
EXIT_PROBLEM = 2
PURPOSE = "tui-ledger export (headless)"

Writer = Callable[[str], None]


class PsaWithBatches(PsaReader, Protocol):
    """The ConnectWise connector as the headless export uses it: the read path and its batch calls."""

    @property
    def batches(self) -> GlBatchWriter: ...


@dataclass
class ExportSession:
    """An open profile, as the headless export needs it (tui_ledger/export_command.py builds it from wiring)."""

    profile: str
    target: str
    psa: PsaWithBatches
    connector: AccountingConnector
    database: Database
    data_dir: Path
    options: ExportOptions
    clock: Clock
    open_target: Callable[[str], Awaitable[AccountingConnector]]
    """A connector to another accounting company of the profile (to resume a run that exports there)."""
    tax_codes: Mapping[str, str] = field(default_factory=dict)
    """The company's ConnectWise tax code → package tax code map (`[[targets]] tax_codes`)."""


@dataclass(frozen=True, slots=True)
class AllValid:
    """Export every Ready document (Export All Valid)."""


@dataclass(frozen=True, slots=True)
class SelectedNumbers:
    """Export the documents with these PSA numbers (invoice number, `<expense><member>`, PO number)."""

    numbers: tuple[str, ...]


Selection = AllValid | SelectedNumbers | None
"""None: only show what would be exported (nothing is sent)."""


@dataclass(frozen=True, slots=True)
class HeadlessRequest:
    thru: date
    kinds: frozenset[DocumentKind] = frozenset(DocumentKind)
    selection: Selection = None
    location_id: int | None = None
    summary_level: SummaryLevel = SummaryLevel.DEFAULT
    as_json: bool = False

    @property
    def unposted(self) -> UnpostedFilter:
        return UnpostedFilter(
            thru_date=self.thru,
            include_invoices=DocumentKind.INVOICE in self.kinds,
            include_expenses=DocumentKind.EXPENSE in self.kinds,
            include_procurement=DocumentKind.PROCUREMENT in self.kinds,
            location_id=self.location_id,
            summary_level=self.summary_level,
        )


def read_selection_file(path: Path) -> SelectedNumbers:
    """One PSA document number per line; blank lines and lines starting with `#` are ignored."""
    numbers = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            numbers.append(text)
    return SelectedNumbers(tuple(dict.fromkeys(numbers)))


@dataclass
class Report:
    """What the command says: lines for people, one JSON object for scripts."""

    out: Writer
    as_json: bool
    data: dict[str, Any] = field(default_factory=dict)

    def say(self, text: str) -> None:
        if not self.as_json:
            self.out(text)

    def event(self, event: ExportEvent) -> None:
        if isinstance(event, RunStarted):
            verb = "Resuming" if event.resumed else "Starting"
            self.say(f"{verb} export run {event.run_id} ({event.documents} documents)")
        elif isinstance(event, CompletedSuccessfully | CompletedWithErrors | Failed):
            detail = f" - {event.message}" if isinstance(event, Failed) else ""
            self.say(f"  {event.section.value}: {event.label} ({event.done} of {event.total}){detail}")


async def run_headless(session: ExportSession, request: HeadlessRequest, out: Writer, err: Writer) -> int:
    """Resume, retrieve, check, export; report; return the exit code. Never raises for a user's problem."""
    report = Report(out, request.as_json)
    report.data.update(profile=session.profile, target=session.target, thru=request.thru.isoformat())
    try:
        code = await _run(session, request, report)
    except (ConnectorError, ExportLocked, UnfinishedRunError, RunTargetError, SelectionError, StoreError) as problem:
        report.data.update(exit_code=EXIT_PROBLEM, error=str(problem))
        err(f"Error: {problem}")
        code = EXIT_PROBLEM
    if request.as_json:
        out(json.dumps(report.data, indent=2, default=str))
    return code


async def _run(session: ExportSession, request: HeadlessRequest, report: Report) -> int:
    runner = ExportRunner(
        session.database, session.profile, session.data_dir, clock=session.clock, events=report.event, purpose=PURPOSE
    )
    earlier = runner.unfinished()
    if earlier is not None:
        resumed = await _resume(session, runner, earlier)
        report.data["resumed"] = _outcome_data(runner, resumed)
        if not resumed.finished:
            report.say(f"Export run {resumed.run_id} stopped again: {resumed.stopped_because}")
            report.data["exit_code"] = EXIT_PROBLEM
            return EXIT_PROBLEM
    plans = PlanContext(
        session.profile, session.target, session.connector.capabilities, session.options, tax_codes=session.tax_codes
    )
    preparation = await prepare_export(session.psa, session.connector, request.unposted, plans)
    _describe_preparation(preparation, report)
    if request.selection is None:
        report.say("Nothing was exported: add --all-valid or --select FILE to export.")
        report.data["exit_code"] = EXIT_OK
        return EXIT_OK
    selected, held_back = _select(preparation, request.selection)
    _describe_held_back(held_back, report)
    if not selected:
        report.say("Nothing to export.")
        code = EXIT_DOCUMENTS_FAILED if held_back else EXIT_OK
        report.data["exit_code"] = code
        return code
    outcome = await runner.export(
        selected, connector=session.connector, batches=session.psa.batches, target=session.target
    )
    report.data["run"] = _outcome_data(runner, outcome)
    _describe_outcome(runner, outcome, report)
    code = outcome.exit_code
    if code == EXIT_OK and held_back:
        code = EXIT_DOCUMENTS_FAILED
    report.data["exit_code"] = code
    return code


async def _resume(session: ExportSession, runner: ExportRunner, run: Run) -> RunOutcome:
    """Finish the interrupted run, into the company it was exporting to (opened for it when not this one)."""
    target = run.summary.get("target")
    connector = session.connector
    opened: AccountingConnector | None = None
    if isinstance(target, str) and target != session.target:
        opened = connector = await session.open_target(target)
    try:
        return await runner.resume(run, connector=connector, batches=session.psa.batches)
    finally:
        if opened is not None:
            await opened.aclose()


def _select(
    preparation: ExportPreparation, selection: AllValid | SelectedNumbers
) -> tuple[list[Verdict], list[Blocked]]:
    """The verdicts to send, and the documents held back by errors (which make the exit code 1)."""
    if isinstance(selection, AllValid):
        return list(preparation.sendable()), list(preparation.blocked())
    by_number: dict[str, Verdict] = {}
    for verdict in preparation.verdicts:
        by_number.setdefault(verdict.document.document_number, verdict)
    unknown = [number for number in selection.numbers if number not in by_number]
    if unknown:
        raise SelectionError(
            f"not among the unposted documents retrieved: {', '.join(unknown)} (check the numbers, the --thru date "
            "and the document types); nothing was exported"
        )
    chosen = [by_number[number] for number in selection.numbers]
    return (
        [verdict for verdict in chosen if not isinstance(verdict, Blocked)],
        [verdict for verdict in chosen if isinstance(verdict, Blocked)],
    )


def _describe_preparation(preparation: ExportPreparation, report: Report) -> None:
    kinds = {}
    for kind in preparation.retrieval.kinds:
        ready, errors = preparation.ready_summary(kind), preparation.errors_summary(kind)
        kinds[kind.value] = {
            "ready": ready.count,
            "ready_total": str(ready.total),
            "errors": errors.count,
            "errors_total": str(errors.total),
        }
        report.say(
            f"{kind.plural_title}: {ready.count} ready ({format_money(ready.total)}), "
            f"{errors.count} with errors ({format_money(errors.total)})"
        )
    report.data["retrieved"] = kinds
    report.data["package"] = preparation.package


def _describe_held_back(held_back: Sequence[Blocked], report: Report) -> None:
    entries = []
    for verdict in held_back:
        problems = verdict.blocking
        entries.append(
            {
                "document": document_label(verdict.document),
                "problems": [
                    {"kind": problem.kind.value, "message": problem.message, "fix": str(problem.fix)}
                    for problem in problems
                ],
            }
        )
        first = problems[0] if problems else None
        if first is not None:
            report.say(f"Not exported: {first.message} - fix in {first.fix}")
    report.data["held_back"] = entries


def _outcome_data(runner: ExportRunner, outcome: RunOutcome) -> dict[str, Any]:
    return {
        "run_id": outcome.run_id,
        "finished": outcome.finished,
        "status": outcome.status.value,
        "stopped_because": outcome.stopped_because,
        "documents": {status.value: count for status, count in outcome.documents.items()},
        "entities": {status.value: count for status, count in outcome.entities.items()},
        "log": [_row_data(row) for row in runner.log.rows(outcome.run_id)],
    }


def _row_data(row: ExportLogRow) -> dict[str, Any]:
    return {
        "subject": row.subject.value,
        "number": row.number,
        "status": row.status.value,
        "message": row.message,
        "target_id": row.target_id,
        "target_number": row.target_number,
        "batch_identifier": row.batch_identifier,
    }


def _describe_outcome(runner: ExportRunner, outcome: RunOutcome, report: Report) -> None:
    counts = ", ".join(f"{status.value.lower()} {count}" for status, count in sorted(outcome.documents.items()))
    report.say(f"Run {outcome.run_id}: {counts or 'no documents'}")
    for row in runner.log.rows(outcome.run_id, statuses=[LogStatus.FAILED]):
        report.say(f"Failed: {row.label}: {row.message}")
    if not outcome.finished:
        report.say(f"Stopped: {outcome.stopped_because}")
