"""The headless side of `tui-ledger batches …`: the same guards as the screen, as lines or one JSON object.

The click group (tui_ledger/batches_command.py) opens the profile and hands a `BatchDesk` here; nothing in this
module knows about click or the config. Exit codes, as `tui-ledger export`: 0 done (or found, or no
discrepancy), 1 refused by a guard, not confirmed, nothing found, failed, or discrepancies left; 2 a configuration
or connection problem (said on stderr).

Every change asks first: `confirm` is click's prompt at a terminal, yes with `--yes`, and no otherwise (a script
that forgot `--yes` changes nothing and exits 1).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_ledger.domain.batches.package import PackageAction, PackageOptions
from tui_ledger.domain.batches.reconcile import Fix
from tui_ledger.domain.batches.reconcile_export import report_json
from tui_ledger.domain.batches.records import BatchRecord, RecordState
from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.domain.batches.search import SearchError
from tui_ledger.domain.money import format_money
from tui_ledger.services.batches.desk import BatchDesk
from tui_ledger.services.batches.find import Located
from tui_ledger.services.batches.outcome import ActionOutcome
from tui_ledger.services.batches.rebatch import RebatchMode
from tui_ledger.services.batches.reconcile import ReconcileScope
from tui_ledger.services.batches.snapshots import batch_state, package_state, record_state

EXIT_OK = 0
EXIT_NOT_DONE = 1
EXIT_PROBLEM = 2

Confirm = Callable[[str], bool]


@dataclass(frozen=True, slots=True)
class Console:
    out: Callable[[str], None]
    err: Callable[[str], None]
    as_json: bool = False

    def json(self, value: Any) -> None:
        self.out(json.dumps(value, indent=2, default=str))


def located_json(located: Located) -> dict[str, Any]:
    return {
        **record_state(located.record),
        "where": located.where,
        "batch": None if located.batch is None else {"id": located.batch.id, "identifier": located.batch.identifier},
        "package": package_state(located.package),
    }


def _line(located: Located) -> str:
    record = located.record
    amount = format_money(record.amount, record.currency)
    package = f" | {located.package.summary}" if located.package is not None else ""
    return f"{record.label:<34} {amount:>16}  {located.where}{package}"


async def run_find(desk: BatchDesk, text: str, console: Console) -> int:
    try:
        result = await desk.find(text)
    except SearchError as error:
        console.err(f"Error: {error}")
        return EXIT_NOT_DONE
    if console.as_json:
        console.json(
            {
                "query": text,
                "message": result.message,
                "records": [located_json(found) for found in result.located],
                "batches": [batch_state(batch) for batch in result.batches],
            }
        )
    else:
        console.out(result.message)
        for found in result.located:
            console.out(f"  {_line(found)}")
    return EXIT_OK if result.found else EXIT_NOT_DONE


async def _one_record(desk: BatchDesk, text: str, console: Console, *, waiting: bool = False) -> list[BatchRecord]:
    """The records a command acts on: exactly one (unbatch), or a document's waiting records (rebatch)."""
    try:
        result = await desk.find(text)
    except SearchError as error:
        console.err(f"Error: {error}")
        return []
    located = list(result.located)
    if waiting:
        located = [found for found in located if found.record.state is not RecordState.BATCHED]
        documents = {found.record.document for found in located}
        if len(documents) == 1:
            return [found.record for found in located]
    elif len(located) == 1:
        return [located[0].record]
    if not located:
        console.err(f"Error: {result.message}" if not result.found else f"Error: nothing to act on for {text!r}.")
    else:
        console.err(f"Error: {text!r} names {len(located)} records; say which one:")
        for found in located:
            console.err(f"  {_line(found)}")
    return []


def _options_text(options: PackageOptions, package: str) -> list[str]:
    lines = [f"  {action.value:<8} {action.describe(package)}" for action in options.actions]
    return lines + [f"  note: {note}" for note in options.notes]


def _report(outcome: ActionOutcome, console: Console, plan: dict[str, Any] | None = None) -> int:
    if console.as_json:
        console.json({**outcome.as_json(), **({"plan": plan} if plan else {})})
    else:
        writer = console.out if outcome.ok else console.err
        writer(outcome.message)
        for warning in outcome.warnings:
            console.err(f"  warning: {warning}")
    return outcome.exit_code


def _choose(
    options: PackageOptions, chosen: PackageAction | None, package: str, console: Console
) -> PackageAction | None:
    if chosen is not None:
        return chosen
    if options.actions == (PackageAction.NOTHING,):
        return PackageAction.NOTHING
    console.err(f"Choose what happens to the copy of {options.document.title} in {package} with --package:")
    for line in _options_text(options, package):
        console.err(line)
    return None


def _not_confirmed(console: Console) -> int:
    console.err("Nothing done (confirm at the prompt, or add --yes).")
    return EXIT_NOT_DONE


async def run_unbatch(
    desk: BatchDesk, text: str, chosen: PackageAction | None, confirm: Confirm, console: Console
) -> int:
    records = await _one_record(desk, text, console)
    if not records:
        return EXIT_NOT_DONE
    proposal = await desk.propose_unbatch(records[0])
    package = desk.context.package_name
    plan = proposal.plan
    if isinstance(plan, Refusal) or proposal.options is None:
        return _report(await desk.unbatch(records[0], chosen or PackageAction.NOTHING), console)
    action = _choose(proposal.options, chosen, package, console)
    if action is None:
        return EXIT_NOT_DONE
    plan_text = plan.summary
    if not confirm(f"{plan_text} In {package}: {action.describe(package)}. Go ahead?"):
        return _not_confirmed(console)
    return _report(await desk.unbatch(records[0], action), console, {"summary": plan_text, "package": action.value})


async def run_rebatch(desk: BatchDesk, text: str, mode: RebatchMode, confirm: Confirm, console: Console) -> int:
    records = await _one_record(desk, text, console, waiting=True)
    if not records:
        return EXIT_NOT_DONE
    labels = ", ".join(record.label for record in records)
    if mode is RebatchMode.NEW_BATCH:
        question = f"Send {labels} through the export into a new batch in {desk.context.package_name}?"
        if not confirm(question):
            return _not_confirmed(console)
        return _report(await desk.rebatch(records, mode), console)
    plan = (await desk.propose_rebatch(records)).plan
    if isinstance(plan, Refusal):
        return _report(await desk.rebatch(records, mode), console)
    summary = plan.summary
    for warning in plan.warnings:
        console.err(f"  warning: {warning}")
    if not confirm(f"{summary} Go ahead?"):
        return _not_confirmed(console)
    return _report(await desk.rebatch(records, mode), console, {"summary": summary})


async def _batch_id(desk: BatchDesk, reference: str, console: Console) -> int | None:
    if reference.isdigit():
        return int(reference)
    found = await desk.context.batches.find_batch(reference)
    if found is None:
        console.err(f"Error: no batch with the identifier {reference!r}.")
        return None
    return found.id


async def run_delete(
    desk: BatchDesk, reference: str, chosen: PackageAction | None, confirm: Confirm, console: Console
) -> int:
    batch_id = await _batch_id(desk, reference, console)
    if batch_id is None:
        return EXIT_NOT_DONE
    proposal = await desk.propose_delete(batch_id)
    package = desk.context.package_name
    plan = proposal.plan
    if isinstance(plan, Refusal):
        return _report(await desk.delete(batch_id, chosen or PackageAction.NOTHING), console)
    undecided = [options for options in proposal.options.values() if options.actions != (PackageAction.NOTHING,)]
    action = chosen
    if action is None:
        if undecided:
            for options in undecided:
                _choose(options, None, package, console)
            return EXIT_NOT_DONE
        action = PackageAction.NOTHING
    summary = plan.summary
    if not console.as_json:
        console.out(summary)
        for record in proposal.batch.records:
            console.out(f"  returns to unposted: {record.label} ({format_money(record.amount, record.currency)})")
    if not confirm(f"{summary} In {package}: {action.describe(package)}. Go ahead?"):
        return _not_confirmed(console)
    return _report(await desk.delete(batch_id, action), console, {"summary": summary, "package": action.value})


async def run_reconcile(
    desk: BatchDesk,
    scope: ReconcileScope,
    save: Path | None,
    fixes: Sequence[Fix],
    confirm: Confirm,
    console: Console,
) -> int:
    report = await desk.reconcile(scope)
    if save is not None:
        desk.save_report(report, save)
    outcomes: list[ActionOutcome] = []
    planned = [
        (finding, next(fix for fix in fixes if fix in finding.fixes))
        for finding in report.discrepancies
        if any(fix in finding.fixes for fix in fixes)
    ]
    if not console.as_json:
        console.out(report.summary)
        for finding in report.discrepancies:
            offered = ", ".join(fix.value for fix in finding.fixes) or "fix by hand"
            kind = finding.kind.value if finding.kind else ""
            console.out(f"  {finding.document.label:<18} {kind}: {finding.message} [{offered}]")
        if save is not None:
            console.out(f"Saved to {save}")
    if planned and confirm(
        f"Apply {len(planned)} fix(es): "
        + "; ".join(f"{fix.value} {finding.document.label}" for finding, fix in planned)
        + "?"
    ):
        for finding, fix in planned:
            outcome = await desk.fix(finding, fix)
            outcomes.append(outcome)
            if not console.as_json:
                (console.out if outcome.ok else console.err)(f"  {outcome.message}")
    fixed = {finding.document for (finding, _), outcome in zip(planned, outcomes, strict=False) if outcome.ok}
    left = [finding for finding in report.discrepancies if finding.document not in fixed]
    if console.as_json:
        console.json({**report_json(report), "fixes": [outcome.as_json() for outcome in outcomes], "left": len(left)})
    return EXIT_OK if not left else EXIT_NOT_DONE
