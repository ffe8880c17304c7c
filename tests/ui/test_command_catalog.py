"""`[keys]` may remap every binding of every workflow, not only the shell's."""

import pytest

from tui_ledger.ui.command_catalog import WORKFLOW_COMMANDS, commands_by_id
from tui_ledger.ui.keymap import check_keymap


@pytest.mark.parametrize(
    "binding_id", ["export.retrieve", "batches.reconcile", "records.mark", "lines.sync", "grid.sort_ascending"]
)
def test_bindings_of_every_workflow_can_be_remapped(binding_id: str) -> None:
    assert binding_id in commands_by_id(), f"{binding_id} is not in the catalog"
    checked = check_keymap({binding_id: "ctrl+k"})
    assert checked.problems == ()
    assert checked.keymap == {binding_id: "ctrl+k"}


def test_no_binding_id_means_two_things() -> None:
    everything = [command for commands in WORKFLOW_COMMANDS for command in commands]
    assert len(commands_by_id()) == len({command.id for command in everything})


def test_unknown_ids_are_still_reported() -> None:
    assert check_keymap({"batches.explode": "x"}).problems
