"""Every key binding of the desk in one catalog: what `[keys]` in config.toml may remap.

Each workflow keeps its commands beside its screens (export_keys, lines_keys, batches_keys, virtual_keys) and those
modules import `keymap` for the `Command` type, so `keymap` cannot import them back. This module sits above both and
gathers the full list; `check_keymap` reads it lazily. A workflow whose commands are missing here could not be
remapped, and the test beside this module fails.
"""

from __future__ import annotations

from functools import cache

from tui_ledger.ui.export_keys import EXPORT_FLOW_COMMANDS
from tui_ledger.ui.keymap import ALL_COMMANDS, Command
from tui_ledger.ui.lines_keys import LINES_FLOW_COMMANDS
from tui_ledger.ui.screens.batches_keys import BATCHES_FLOW_COMMANDS
from tui_ledger.ui.widgets.virtual_keys import GRID_COMMANDS

WORKFLOW_COMMANDS: tuple[tuple[Command, ...], ...] = (
    ALL_COMMANDS,
    EXPORT_FLOW_COMMANDS,
    LINES_FLOW_COMMANDS,
    BATCHES_FLOW_COMMANDS,
    GRID_COMMANDS,
)


@cache
def commands_by_id() -> dict[str, Command]:
    """Every command by its binding id; a workflow may repeat a shell command, never give one id two meanings."""
    catalog: dict[str, Command] = {}
    for commands in WORKFLOW_COMMANDS:
        for command in commands:
            known = catalog.setdefault(command.id, command)
            if known != command:
                raise ValueError(f"binding id {command.id!r} is defined twice with different meanings")
    return catalog
