"""`[keys]`: binding id → key, only keys every terminal can send; unknown ids are reported."""

from __future__ import annotations

import pytest

from tests.config.conftest import WriteConfig
from tui_ledger.config import ConfigError, load_settings
from tui_ledger.config.keys import validate_keys


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("r", "r"),
        ("R", "R"),
        ("7", "7"),
        ("F5", "f5"),
        ("f24", "f24"),
        ("Ctrl+R", "ctrl+r"),
        ("ctrl+shift+up", "ctrl+shift+up"),
        ("ctrl+f2", "ctrl+f2"),
        ("down", "down"),
        ("ctrl+r, f5", "ctrl+r,f5"),
    ],
)
def test_allowed_keys_are_normalised(written: str, normalised: str) -> None:
    assert validate_keys(written) == normalised


@pytest.mark.parametrize("written", ["alt+x", "shift+tab", "escape", "f25", "ctrl+", "|", "", "ctrl+alt+del", "ab"])
def test_other_keys_are_refused_with_what_is_allowed(written: str) -> None:
    with pytest.raises(ValueError, match="F-key"):
        validate_keys(written)


def test_overrides_are_read_from_the_keys_table(write_config: WriteConfig) -> None:
    write_config('[keys]\n"export.retrieve" = "ctrl+r"\n"app.help" = "F1"\n')

    assert load_settings().keys == {"export.retrieve": "ctrl+r", "app.help": "f1"}


def test_a_bad_key_names_the_binding_id(write_config: WriteConfig) -> None:
    write_config('[keys]\n"export.retrieve" = "alt+r"\n')

    with pytest.raises(ConfigError) as raised:
        load_settings()

    assert raised.value.problems[0].startswith('keys."export.retrieve": "alt+r" is not a key tui-ledger accepts')


def test_unknown_binding_ids_are_reported_with_the_file(write_config: WriteConfig) -> None:
    path = write_config('[keys]\n"export.retreive" = "ctrl+r"\n"app.help" = "f1"\n')
    settings = load_settings()
    known = {"export.retrieve", "app.help"}

    assert settings.unknown_binding_ids(known) == ("export.retreive",)
    warning = settings.describe_unknown_bindings(known)
    assert warning is not None
    assert str(path) in warning
    assert '"export.retreive"' in warning
    assert settings.describe_unknown_bindings({"export.retreive", "app.help"}) is None
