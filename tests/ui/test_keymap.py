"""Action ids and `[keys]` overrides: every binding has a unique id; bad overrides are named, good ones kept."""

from __future__ import annotations

from tui_ledger.ui.keymap import ALL_COMMANDS, COMMANDS_BY_ID, check_keymap


def test_every_action_has_a_unique_scoped_id_and_default_keys_avoid_bare_symbols() -> None:
    ids = [command.id for command in ALL_COMMANDS]

    assert len(ids) == len(set(ids)) == len(COMMANDS_BY_ID)
    assert all(command.scope in {"app", "export", "filter", "debug", "help", "failure"} for command in ALL_COMMANDS)
    for command in ALL_COMMANDS:
        if command.key is not None:
            binding = command.binding()
            assert binding.id == command.id
            assert binding.key.replace("ctrl+", "").isalnum() or binding.key in {"escape", "up", "down"}


def test_valid_overrides_are_kept_normalised() -> None:
    checked = check_keymap({"export.retrieve": "Ctrl+R, f6", "app.help": "f1"})

    assert checked.keymap == {"export.retrieve": "ctrl+r,f6", "app.help": "f1"}
    assert checked.problems == ()


def test_unknown_ids_and_unbindable_keys_are_reported_and_left_out() -> None:
    checked = check_keymap({"export.retreive": "f6", "app.quit": "ctrl+", "app.debug": "f99", "app.help": "meta+h"})

    assert checked.keymap == {}
    assert checked.problems == (
        "[keys] 'export.retreive' is not an action id (the command palette lists them all)",
        "[keys] 'app.quit': 'ctrl+' names no key",
        "[keys] 'app.debug': 'f99' has an unknown key 'f99' (use a letter, digit, f1-f24, an arrow or a named key "
        "such as pageup)",
        "[keys] 'app.help': 'meta+h' has an unknown modifier 'meta' (use ctrl, shift or alt)",
    )
