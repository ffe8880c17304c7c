"""A profile on the embedded sandbox for the invoice-lines tests, opened as `tui-ledger` opens it (wiring), fast.

Seeding the sandbox takes a second or two, so it is seeded once per session and each test gets a copy of the
seeded sandbox in a data folder of its own: every test starts from the same demo company with an empty profile
database (no lines loaded, nothing mapped), and may change anything.

`ScriptedSource` is a platform source whose pages are given by the test and can be held open, for what the
sandbox cannot stage on cue (a load stopped half-way).
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Sequence
from datetime import date
from pathlib import Path

from tui_ledger.domain.invoice_lines import InvoiceLine, SourcePlatform
from tui_ledger.services.workspace import Workspace
from tui_ledger.wiring import open_runtime, workspace_factory

TODAY = date(2025, 1, 31)
"""The sandbox's anchor: January 2025 is the current month, December 2024 the previous one."""


def environ_for(data_dir: Path) -> dict[str, str]:
    return {"TUI_LEDGER_CONFIG": str(data_dir.parent / "config.toml"), "TUI_LEDGER_DATA_DIR": str(data_dir)}


async def seed_sandbox(folder: Path) -> Path:
    """A data folder whose sandbox is seeded (anchored on TODAY); returns its sandbox folder."""
    data_dir = folder / "data"
    runtime = await open_runtime(environ=environ_for(data_dir), today=TODAY)
    await runtime.aclose()
    return data_dir / "sandbox"


def fresh_environ(seeded_sandbox: Path, folder: Path) -> dict[str, str]:
    """A new data folder holding a copy of the seeded sandbox and no profile database yet."""
    data_dir = folder / "data"
    shutil.copytree(seeded_sandbox, data_dir / "sandbox")
    return environ_for(data_dir)


async def open_workspace(environ: dict[str, str]) -> Workspace:
    return await workspace_factory(environ=environ, today=TODAY)()


class ScriptedSource:
    """A `PlatformSource` yielding the given pages of each month; `hold` stops before the page of that index."""

    platform = SourcePlatform.APPXITE

    def __init__(self, months: dict[date, Sequence[Sequence[InvoiceLine]]], hold: int | None = None) -> None:
        self.months = months
        self.hold = hold
        self.held = asyncio.Event()
        self.closed = False

    async def invoice_lines(self, period_start: date, period_end: date) -> AsyncIterator[list[InvoiceLine]]:
        for index, page in enumerate(self.months.get(period_start, ())):
            if index == self.hold:
                self.held.set()
                await asyncio.Event().wait()
            yield list(page)

    async def aclose(self) -> None:
        self.closed = True
