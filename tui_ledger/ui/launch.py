"""`tui-ledger` with no subcommand: start the desk on a profile.

Kept tiny on purpose: only Textual and the App are imported before the first frame. Wiring (config, store,
connectors, the sandbox) is imported in a thread once the Start screen is up, so a slow import never delays
what the user sees first.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from functools import partial

from tui_ledger.services.workspace import Workspace


async def open_profile(profile: str | None) -> Workspace:
    """Build the workspace of `profile` (None: the configured default, else the built-in sandbox)."""
    wiring = await asyncio.to_thread(importlib.import_module, "tui_ledger.wiring")
    return await wiring.workspace_factory(profile)()


def launch_app(profile: str | None) -> None:
    """Run the desk until the user quits; exit with status 1 if the profile could not be opened."""
    from tui_ledger.ui.app import TuiLedgerApp

    app = TuiLedgerApp(partial(open_profile, profile))
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
