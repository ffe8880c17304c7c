"""Snapshots of every screen: fixed date, fixed theme, no blinking cursor, fixed paths and versions.

The Export, help and debug screens run on the embedded sandbox (seeded demo company, as `tui-ledger` shows it).

Update after an intended change with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at
the report (snapshot_report.html) before committing the new SVGs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.conftest import build_app, build_sandbox_app, settle
from tests.ui.fakes import MemoryPsa
from tui_ledger.services.workspace import WorkspaceError
from tui_ledger.ui import debug_report
from tui_ledger.ui.screens import debug

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.fixture(autouse=True)
def machine_independent(monkeypatch: pytest.MonkeyPatch) -> None:
    """The debug screen shows versions, the terminal and an install path; pin them."""
    fixed = [("tui-ledger", "0.1.0"), ("Textual", "8.x"), ("Python", "3.11 (CPython)"), ("Platform", "Linux")]
    monkeypatch.setattr(debug_report, "runtime_versions", lambda: fixed)
    monkeypatch.setattr(debug, "bundled_themes_dir", lambda: Path("/opt/tui-ledger/themes"))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)


@pytest.mark.parametrize("size", SIZES)
def test_export_before_retrieve(snap_compare, sandbox_environ: dict[str, str], size: tuple[int, int]) -> None:
    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_export_after_retrieve(snap_compare, sandbox_environ: dict[str, str], size: tuple[int, int]) -> None:
    async def retrieve(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)

    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=size, run_before=retrieve)


def test_export_after_retrieve_in_plain_ascii(snap_compare, sandbox_environ: dict[str, str]) -> None:
    async def retrieve(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)

    app = build_sandbox_app(sandbox_environ, unicode=False, theme="ansi-dark")
    assert snap_compare(app, terminal_size=(80, 24), run_before=retrieve)


def test_progress_while_retrieving(snap_compare) -> None:
    """Pages are held back, counts are not: the line shows every part at 0 of its known total."""
    gate = asyncio.Event()

    async def start_retrieve(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f5")
        for _ in range(5):
            await pilot.pause()

    assert snap_compare(build_app(MemoryPsa(gate=gate)), terminal_size=(80, 24), run_before=start_retrieve)


def test_help_for_the_thru_date(snap_compare, sandbox_environ: dict[str, str]) -> None:
    async def open_help(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f2", "f1")
        await settle(pilot)

    assert snap_compare(build_sandbox_app(sandbox_environ), terminal_size=(80, 24), run_before=open_help)


def test_debug_info_redacts_secrets(snap_compare) -> None:
    async def open_debug(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("f12")
        await settle(pilot)

    assert snap_compare(build_app(), terminal_size=(120, 40), run_before=open_debug)


def test_start_up_failure(snap_compare) -> None:
    async def broken() -> object:
        raise WorkspaceError(
            "config.toml is not valid",
            detail="/home/finance/.config/tui-ledger/config.toml, line 4: profiles.main.connectwise.company_id: "
            "expected text, found a number",
            remedy="Put the company id in quotes, then press r to try again.",
        )

    assert snap_compare(build_app(factory=broken), terminal_size=(80, 24), run_before=settle)  # type: ignore[arg-type]
