"""The Batch Status panel: one row per section, changed in place by key as events arrive (never rebuilt per event),
"only failed", the quota line, Esc to stop, and the result line once the run ends."""

from __future__ import annotations

from tests.ui.conftest import build_app, settle
from tests.ui.export_helpers import ScriptedDesk, scripted_run
from tests.ui.fakes import MemoryPsa
from tui_ledger.domain.accounting import QuotaSnapshot
from tui_ledger.services.export import (
    SECTIONS,
    CompletedSuccessfully,
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

STARTED = [RunStarted(3, False, 90), *(NotYetStarted(section, 0) for section in SECTIONS)]


def cell_texts(panel: object, section: Section) -> list[str]:
    return [str(cell) for cell in panel.get_row(section.value)]  # type: ignore[attr-defined]


async def test_each_event_changes_its_sections_row_in_place_and_nothing_is_rebuilt() -> None:
    ticks = [Running(Section.INVOICES, done, 90, 0, 60.0 + done, 90.0 - done) for done in range(1, 61)]
    desk = ScriptedDesk([*STARTED, *ticks, QuotaReported("Xero", QuotaSnapshot(12, 4321))], None)
    app = build_app(MemoryPsa())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = scripted_run(app, desk)
        await pilot.pause()
        rebuilt = status.panel.rebuilds
        for _ in range(5):
            await pilot.pause()

        assert status.panel.rebuilds == rebuilt, "sixty events, no rebuild"
        assert cell_texts(status.panel, Section.INVOICES)[1:5] == ["⟳ Running", "60 of 90", "120/min", "30s"]
        assert cell_texts(status.panel, Section.CUSTOMERS)[1] == "  Not Yet Started"
        assert str(status.query_one("#batch-quota").render()) == "Xero calls left: 12 this minute, 4,321 today"
        assert "Invoices: 60 of 90, 120/min, 30s left" in str(status.query_one("#batch-detail").render())
        assert status.panel.border_title == "Sections · 0 of 8 done"


async def test_only_failed_keeps_the_failed_sections_and_a_section_failing_later_joins_them() -> None:
    desk = ScriptedDesk(
        [*STARTED, CompletedSuccessfully(Section.CUSTOMERS, 2, 2), Failed(Section.INVOICES, "Xero is down", 4, 90)],
        None,
    )
    app = build_app(MemoryPsa())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = scripted_run(app, desk)
        for _ in range(5):
            await pilot.pause()
        await pilot.press("f")

        assert [key.value for key in status.panel.rows] == [Section.INVOICES.value]
        assert status.panel.border_title.endswith("(only failed)")
        status.panel.show(Failed(Section.MARK_BATCHED, "ConnectWise refused", 3, 80))
        assert [key.value for key in status.panel.rows] == [Section.INVOICES.value, Section.MARK_BATCHED.value]
        await pilot.press("f")
        assert len(status.panel.rows) == len(SECTIONS)


async def test_escape_stops_the_run_and_then_goes_back() -> None:
    app = build_app(MemoryPsa())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = scripted_run(app, ScriptedDesk(STARTED, None))
        await pilot.pause()
        assert status.is_running

        await pilot.press("escape")
        await settle(pilot)
        assert not status.is_running
        assert app.screen is status, "the first escape stops the run; the user reads the result"
        assert status.query_one("#batch-result").has_class("-failure")
        assert "Stopped by the user" in str(status.query_one("#batch-result").render())

        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not status


async def test_a_finished_run_says_in_green_what_went() -> None:
    outcome = RunOutcome(
        3, True, RunStatus.SUCCEEDED, {LogStatus.EXPORTED: 80, LogStatus.LINKED: 2, LogStatus.NOT_SENT: 3}
    )
    app = build_app(MemoryPsa())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = scripted_run(app, ScriptedDesk(STARTED, outcome))
        await settle(pilot)

        result = status.query_one("#batch-result")
        assert result.has_class("-success")
        assert str(result.render()) == (
            "✔ All 85 documents went to Demo Pty Ltd (Xero): 80 exported, 2 linked, 3 not sent (no lines), 0 failed. "
            "l opens the Export Log."
        )
        assert status.check_action("export_log", ()) is True
        assert status.check_action("resume", ()) is False
