"""Builders for the UI tests: a fixed clock, no blinking cursor, and either the real embedded sandbox (through
the wiring and the ConnectWise connector, as `tui-ledger` runs it) or a small in-memory reader for the cases the
sandbox cannot stage on cue (a request held open to cancel, a failure on the first call).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.ui.fakes import TODAY, FixedClock, MemoryPsa, make_workspace
from tui_ledger.services.workspace import Workspace, WorkspacePaths
from tui_ledger.ui.app import TuiLedgerApp
from tui_ledger.wiring import workspace_factory

FIXED_PATHS = WorkspacePaths(
    config_file=None,
    data_dir=Path("/home/finance/.local/share/tui-ledger"),
    themes_dir=Path("/home/finance/.config/tui-ledger/themes"),
)


@pytest.fixture(scope="session")
def sandbox_environ(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """No config file and a data folder of its own: the built-in sandbox profile, seeded once per session.

    Retrieve only reads, so every test may share the seeded demo company.
    """
    home = tmp_path_factory.mktemp("tui-ledger")
    return {"TUI_LEDGER_CONFIG": str(home / "config.toml"), "TUI_LEDGER_DATA_DIR": str(home / "data")}


def build_sandbox_app(environ: dict[str, str], **preferences: object) -> TuiLedgerApp:
    """The app on the embedded sandbox, dated TODAY; paths pinned so screens do not show the temp folder."""
    open_sandbox = workspace_factory(environ=environ, today=TODAY)
    home = str(Path(environ["TUI_LEDGER_DATA_DIR"]).parent)

    async def open_workspace() -> Workspace:
        workspace = await open_sandbox()
        chosen = dataclasses.replace(workspace.preferences, **preferences)
        details = {label: value for label, value in workspace.details.items() if home not in value}
        return dataclasses.replace(workspace, paths=FIXED_PATHS, preferences=chosen, details=details)

    return TuiLedgerApp(open_workspace, clock=FixedClock(), cursor_blink=False)


def build_app(
    psa: MemoryPsa | None = None,
    *,
    factory: Callable[[], Awaitable[Workspace]] | None = None,
    saved: list[tuple[str, object]] | None = None,
    **preferences: object,
) -> TuiLedgerApp:
    """An app whose profile opens to `psa` (or runs `factory`), dated 2025-01-31, cursor not blinking."""
    reader = psa if psa is not None else MemoryPsa()

    async def open_workspace() -> Workspace:
        return make_workspace(reader, saved, **preferences)

    return TuiLedgerApp(factory or open_workspace, clock=FixedClock(), cursor_blink=False)


async def settle(pilot: Pilot[None]) -> None:
    """Let every started task finish and the screen catch up (opening the profile starts a second task)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()
