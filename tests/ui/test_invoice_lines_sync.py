"""Seed 003's Sync to PSA from the Invoice Lines screen against the ConnectWise sandbox: every mapped line or only
the marked ones, unmapped lines skipped, a live progress line, Esc stopping safely, synced lines locked, Undo of the
last run, and the way from a failed line to its reason in System Logs."""

from __future__ import annotations

from textual.widgets import Static

from tests.ui.conftest import settle
from tests.ui.invoice_lines_desk import (
    JANUARY,
    desk_app,
    desk_environ,
    lines_of,
    load,
    map_by_exact_name,
    open_invoice_lines,
    seeded_lines_sandbox,
    shown,
)
from tui_ledger.store.line_codes import MappingStatus, PsaStatus
from tui_ledger.store.severity import Severity
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.screens.system_logs import SystemLogsScreen
from tui_ledger.ui.widgets.progress import TaskProgress

__all__ = ["desk_environ", "seeded_lines_sandbox"]

SLOW_SANDBOX = '[app]\nprofile = "slow"\n[profiles.slow.sandbox]\nlatency_ms = 60.0\n'
"""A sandbox whose every call takes 60 ms, so that a sync runs long enough to be watched and stopped."""


def statuses(pilot: object) -> dict[PsaStatus, int]:
    counted: dict[PsaStatus, int] = {}
    for record in shown(pilot):  # type: ignore[arg-type]
        counted[record.psa_status] = counted.get(record.psa_status, 0) + 1
    return counted


async def test_sync_posts_every_mapped_line_skips_unmapped_ones_locks_them_and_undo_reopens_them(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        mapped = sum(record.mapping_status is MappingStatus.MAPPED for record in shown(pilot))
        unmapped = len(shown(pilot)) - mapped
        await pilot.press("f9")
        await settle(pilot)
        assert any("No sync run of January 2025" in n.message for n in pilot.app._notifications)
        await pilot.press("f8")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, AskScreen)
        assert question.question == "Sync every mapped line of January 2025 to ConnectWise?"
        assert str(question.query_one("#ask-detail-0", Static).render()).startswith(f"{mapped} lines are mapped")
        await pilot.press("y")
        await settle(pilot)
        assert statuses(pilot) == {PsaStatus.SYNCED: mapped, PsaStatus.NOT_SYNCED: unmapped}
        assert all(
            record.psa_status is PsaStatus.SYNCED
            for record in shown(pilot)
            if record.mapping_status is MappingStatus.MAPPED
        )
        news = [notification.message for notification in pilot.app._notifications]
        assert any(f"{mapped} of {len(shown(pilot))} lines synced" in message for message in news)
        assert any(f"{unmapped} unmapped skipped" in message for message in news)
        assert not screen.query_one(TaskProgress).display
        await pilot.press("g", "s")
        await settle(pilot)
        assert lines_of(pilot).grid(JANUARY).marked_count() == unmapped
        await pilot.press("g", "u")
        await pilot.press("f9")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, AskScreen)
        assert question.question == "Undo sync run 1 of January 2025?"
        await pilot.press("y")
        await settle(pilot)
        assert statuses(pilot) == {PsaStatus.NOT_SYNCED: len(shown(pilot))}
        (run,) = lines_of(pilot).sync.runs(JANUARY)
        assert run.undone_at is not None
        assert any("Run 1 undone" in n.message for n in pilot.app._notifications)


async def test_with_marks_only_the_marked_lines_are_synced(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        records = shown(pilot)
        chosen = next(record for record in records if record.mapping_status is MappingStatus.MAPPED)
        skipped = next(record for record in records if record.mapping_status is MappingStatus.UNMAPPED)
        grid = lines_of(pilot).grid(JANUARY)
        grid.set_marked(chosen.key, True)
        grid.set_marked(skipped.key, True)
        screen.on_screen_resume()
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AskScreen)
        assert pilot.app.screen.question == "Sync the 2 marked lines of January 2025 to ConnectWise?"
        await pilot.press("y")
        await settle(pilot)
        after = {record.key: record.psa_status for record in shown(pilot)}
        assert after[chosen.key] is PsaStatus.SYNCED
        assert after[skipped.key] is PsaStatus.NOT_SYNCED
        assert statuses(pilot)[PsaStatus.SYNCED] == 1


async def test_escape_stops_a_running_sync_and_every_line_is_either_synced_or_not_synced(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ, SLOW_SANDBOX).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        mapped = sum(record.mapping_status is MappingStatus.MAPPED for record in shown(pilot))
        await pilot.press("f8", "y")
        for _ in range(400):
            await pilot.pause(0.05)
            if statuses(pilot).get(PsaStatus.SYNCED):
                break
        assert screen.busy == "sync"
        assert screen.query_one(TaskProgress).display
        assert "In progress" in str(screen.query_one("#sync").label)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        assert screen.busy is None
        counted = statuses(pilot)
        assert 0 < counted.get(PsaStatus.SYNCED, 0) < mapped
        assert PsaStatus.ERROR not in counted
        assert any("stopped by the user" in notification.message for notification in pilot.app._notifications)
        await pilot.press("f8", "y")
        await settle(pilot)
        assert statuses(pilot).get(PsaStatus.SYNCED) == mapped


async def test_a_failed_line_leads_to_its_reason_in_system_logs(desk_environ: dict[str, str]) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        lines = lines_of(pilot)
        failed = shown(pilot)[2]
        reason = "ConnectWise refused the Addition: agreement 812 is cancelled"
        lines.store.editor(JANUARY).record_sync(failed.key, PsaStatus.ERROR, at=lines.clock.now(), message=reason)
        lines.system_log.add(
            Severity.ERROR,
            "lines.sync",
            f"Line {failed.platform_line_id} was not synced to ConnectWise: {reason}",
            details={"period": JANUARY.key},
            subject=f"line {failed.platform_line_id}",
        )
        lines.system_log.add(Severity.ERROR, "lines.sync", "Another line failed", details={"period": JANUARY.key})
        screen.on_screen_resume()
        await settle(pilot)
        grid = screen.grid
        assert grid is not None
        grid.move_cursor(2)
        await pilot.press("l")
        await settle(pilot)
        logs = pilot.app.screen
        assert isinstance(logs, SystemLogsScreen)
        assert [entry.message for entry in logs.entries] == [
            f"Line {failed.platform_line_id} was not synced to ConnectWise: {reason}"
        ]
        assert reason in str(logs.query_one("#logs-detail", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert pilot.app.screen is screen
        grid.move_to_column("psa_status")
        await pilot.pause()
        assert "Error" in grid.render_line(3).text


async def test_sync_invoice_line_posts_only_the_line_under_the_cursor_and_explains_when_it_cannot(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(80, 24)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        records = shown(pilot)
        position, chosen = next(
            (index, record) for index, record in enumerate(records) if record.mapping_status is MappingStatus.MAPPED
        )
        unmapped_at = next(
            index for index, record in enumerate(records) if record.mapping_status is MappingStatus.UNMAPPED
        )
        grid = screen.grid
        assert grid is not None
        grid.move_cursor(unmapped_at)
        await pilot.press("ctrl+u")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert any("is Unmapped" in n.message for n in pilot.app._notifications)

        grid.move_cursor(position)
        await pilot.press("ctrl+u")
        await settle(pilot)
        question = pilot.app.screen
        assert isinstance(question, AskScreen)
        assert question.question == f"Sync line {chosen.platform_line_id} of January 2025 to ConnectWise?"
        await pilot.press("y")
        await settle(pilot)
        after = {record.key: record for record in shown(pilot)}
        assert after[chosen.key].psa_status is PsaStatus.SYNCED
        assert statuses(pilot)[PsaStatus.SYNCED] == 1
        addition = after[chosen.key].psa_addition_id
        assert any(
            f"Line {chosen.platform_line_id} synced: Created Addition {addition}" in n.message
            for n in pilot.app._notifications
        )

        await pilot.press("ctrl+u")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert any("is already synced to ConnectWise" in n.message for n in pilot.app._notifications)

        await pilot.press("f9", "y")
        await settle(pilot)
        assert statuses(pilot) == {PsaStatus.NOT_SYNCED: len(records)}


async def test_a_synced_create_new_line_shows_the_agreement_made_for_it_until_undo_removes_it(
    desk_environ: dict[str, str],
) -> None:
    async with desk_app(desk_environ).run_test(size=(120, 40)) as pilot:
        screen = await open_invoice_lines(pilot)
        await load(pilot)
        await map_by_exact_name(pilot)
        position, line = next(
            (index, record)
            for index, record in enumerate(shown(pilot))
            if record.mapping_status is MappingStatus.MAPPED and record.psa_agreement_new
        )
        grid = screen.grid
        assert grid is not None
        grid.move_cursor(position)
        grid.move_to_column("psa_agreement_name")
        await pilot.pause()
        assert "New (default type)" in grid.render_line(position + 1).text

        await pilot.press("ctrl+u", "y")
        await settle(pilot)

        (run,) = lines_of(pilot).sync.runs(JANUARY)
        synced = next(record for record in shown(pilot) if record.key == line.key)
        assert synced.psa_status is PsaStatus.SYNCED
        assert synced.psa_agreement_id is not None
        await pilot.pause()
        cell = f"#{synced.psa_agreement_id} {synced.psa_agreement_name}"[:20]
        assert cell in grid.render_line(position + 1).text

        await pilot.press("f9", "y")
        await settle(pilot)
        assert lines_of(pilot).sync.runs(JANUARY)[0].undone_at is not None
        await pilot.pause()
        assert "New (default type)" in grid.render_line(position + 1).text
        assert [undone.id for undone in lines_of(pilot).sync.runs(JANUARY)] == [run.id]
