"""Snapshots of every state of the export workflow: errors expanded, details with marks and lines, the confirmation,
link / update / skip, Batch Status running / completed / failed (and only failed), the Export Log (all and filtered),
saving it, and the unfinished run announced at start.

The screens over retrieved documents run on the shared embedded sandbox (they only read it). Batch Status is fed a
scripted run and the Export Log a journal written as a run leaves it, so ids, times and rates are fixed.
Update after an intended change with `pytest tests/ui/test_export_snapshots.py --snapshot-update`, then look at the
report before committing the new SVGs. The Ready | Errors panes themselves are in test_snapshots.py.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import build_app, build_sandbox_app, settle
from tests.ui.export_helpers import ScriptedDesk, app_with_desk, journal_desk, press, scripted_run
from tests.ui.fakes import MemoryPsa
from tui_ledger.domain.accounting import QuotaSnapshot
from tui_ledger.services.export import (
    SECTIONS,
    CompletedSuccessfully,
    CompletedWithErrors,
    Failed,
    NotYetStarted,
    QuotaReported,
    Running,
    RunOutcome,
    RunStarted,
    Section,
)
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.runs import RunStatus

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]

WAITING = [NotYetStarted(section, 0) for section in SECTIONS]
STARTED = [RunStarted(7, False, 144), *WAITING, QuotaReported("Xero", QuotaSnapshot(41, 4870))]
RUNNING = [
    *STARTED,
    CompletedSuccessfully(Section.CUSTOMERS, 1, 1),
    CompletedSuccessfully(Section.SUPPLIERS, 0, 0),
    CompletedSuccessfully(Section.PRODUCTS, 0, 0),
    Running(Section.INVOICES, 40, 86, 0, 120.0, 23.0),
    NotYetStarted(Section.EXPENSES, 55),
    Running(Section.MARK_BATCHED, 38, 144, 0, 118.0, 54.0),
]
COMPLETED = [
    *STARTED,
    *(CompletedSuccessfully(section, 0, 0) for section in (Section.CUSTOMERS, Section.SUPPLIERS, Section.PRODUCTS)),
    CompletedSuccessfully(Section.INVOICES, 86, 86),
    CompletedSuccessfully(Section.CREDIT_NOTES, 0, 0),
    CompletedSuccessfully(Section.PURCHASES, 0, 0),
    CompletedSuccessfully(Section.EXPENSES, 55, 55),
    CompletedSuccessfully(Section.MARK_BATCHED, 144, 144),
]
STOPPED_BECAUSE = (
    "Xero could not be reached (connection reset by peer) — the export stopped here and resumes from "
    "where each document stood"
)
FAILED = [
    *STARTED,
    *(CompletedSuccessfully(section, 0, 0) for section in (Section.CUSTOMERS, Section.SUPPLIERS, Section.PRODUCTS)),
    CompletedWithErrors(Section.INVOICES, 86, 86, 4),
    Failed(Section.EXPENSES, STOPPED_BECAUSE, 20, 55),
    Failed(Section.MARK_BATCHED, STOPPED_BECAUSE, 102, 140),
]


def outcome(finished: bool, documents: dict[LogStatus, int], stopped: str | None = None) -> RunOutcome:
    status = RunStatus.SUCCEEDED if finished else RunStatus.RUNNING
    return RunOutcome(7, finished, status, documents, {}, stopped)


Steps = Callable[[Pilot[None]], Awaitable[None]]


def sandbox_steps(*keys: str) -> Steps:
    """Open the desk on the sandbox, Retrieve, then press `keys`."""

    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "f5", *keys)
        await settle(pilot)

    return steps


@pytest.mark.parametrize("size", SIZES)
def test_errors_grouped_by_kind_with_one_group_open(
    snap_compare, sandbox_environ: dict[str, str], size: tuple[int, int]
) -> None:
    steps = sandbox_steps("tab", "down", "enter", "down", "down")
    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=size, run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_ready_details_with_marks_and_a_document_open_to_its_lines(
    snap_compare, sandbox_environ: dict[str, str], size: tuple[int, int]
) -> None:
    steps = sandbox_steps("f3", "enter", "down", "s", "s", "space", "enter")
    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=size, run_before=steps)


def test_ready_details_marked_only_in_plain_ascii(snap_compare, sandbox_environ: dict[str, str]) -> None:
    steps = sandbox_steps("f3", "enter", "down", "s", "down", "s", '"')
    app = build_sandbox_app(sandbox_environ, unicode=False, theme="ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=steps)


@pytest.mark.parametrize("size", SIZES)
def test_the_confirmation_before_export_all_valid(
    snap_compare, sandbox_environ: dict[str, str], size: tuple[int, int]
) -> None:
    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=size, run_before=sandbox_steps("x"))


def test_link_update_or_skip_for_a_document_already_in_xero(snap_compare, sandbox_environ: dict[str, str]) -> None:
    steps = sandbox_steps("tab", "down", "down", "down", "down", "enter", "down", "c")
    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=(80, 24), run_before=steps)


def batch_status_steps(desk: ScriptedDesk, *keys: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        scripted_run(pilot.app, desk)  # type: ignore[arg-type]
        for _ in range(5):
            await pilot.pause()
        if desk.outcome is not None:
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return steps


@pytest.mark.parametrize("size", SIZES)
def test_batch_status_running(snap_compare, size: tuple[int, int]) -> None:
    steps = batch_status_steps(ScriptedDesk(RUNNING, None))
    assert snap_compare(build_app(MemoryPsa()), terminal_size=size, run_before=steps)


def test_batch_status_completed_successfully(snap_compare) -> None:
    desk = ScriptedDesk(COMPLETED, outcome(True, {LogStatus.EXPORTED: 141, LogStatus.NOT_SENT: 3}))
    assert snap_compare(build_app(MemoryPsa()), terminal_size=(120, 40), run_before=batch_status_steps(desk))


@pytest.mark.parametrize("size", SIZES)
def test_batch_status_failed_with_the_message(snap_compare, size: tuple[int, int]) -> None:
    documents = {LogStatus.EXPORTED: 98, LogStatus.FAILED: 4, LogStatus.UNFINISHED: 42}
    desk = ScriptedDesk(FAILED, outcome(False, documents, STOPPED_BECAUSE))
    assert snap_compare(
        build_app(MemoryPsa()),
        terminal_size=size,
        run_before=batch_status_steps(desk, "down", "down", "down", "down", "down", "down"),
    )


def test_batch_status_only_failed_in_plain_ascii(snap_compare) -> None:
    documents = {LogStatus.EXPORTED: 98, LogStatus.FAILED: 4, LogStatus.UNFINISHED: 42}
    desk = ScriptedDesk(FAILED, outcome(False, documents, STOPPED_BECAUSE))
    app = build_app(MemoryPsa(), unicode=False, theme="ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=batch_status_steps(desk, "f"))


def log_steps(*keys: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, "l", *keys)

    return steps


@pytest.mark.parametrize("size", SIZES)
def test_export_log(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:
    app = app_with_desk(journal_desk(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=log_steps("down", "down", "down"))


def test_export_log_filtered_to_failed(snap_compare, tmp_path: Path) -> None:
    app = app_with_desk(journal_desk(tmp_path))
    assert snap_compare(app, terminal_size=(120, 40), run_before=log_steps("f", "down"))


def test_saving_the_export_log(snap_compare, tmp_path: Path) -> None:
    app = app_with_desk(journal_desk(tmp_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=log_steps("f", "w"))


def test_an_unfinished_run_is_announced_at_start(snap_compare, tmp_path: Path) -> None:
    app = app_with_desk(journal_desk(tmp_path, finished=False))
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
