"""Changing a setting from the app keeps the user's file: comments, order and spacing, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.config import AppPaths, ConfigDocument, ConfigError

COMMENTED = """\
# My tui-ledger config -- kept in my dotfiles.

[app]
profile = "sandbox"   # the demo until go-live
theme = "tui-ledger-dark"  # dark at night
unicode = true

[keys]
# I retrieve a lot.
"export.retrieve" = "ctrl+r"

# Demo knobs
[profiles.sandbox.sandbox]
latency_ms = 0.0      # fast
seed = 3
"""


@pytest.fixture
def commented(write_config: WriteConfig) -> Path:
    return write_config(COMMENTED)


def test_changing_a_value_keeps_everything_else_byte_for_byte(commented: Path) -> None:
    settings = ConfigDocument.load(commented).set("app.theme", "ansi-light")

    expected = COMMENTED.replace('theme = "tui-ledger-dark"', 'theme = "ansi-light"')
    assert commented.read_text(encoding="utf-8") == expected
    assert settings.app.theme == "ansi-light"


def test_keys_with_dots_are_addressed_as_parts(commented: Path) -> None:
    document = ConfigDocument.load(commented)

    settings = document.set(("keys", "export.retrieve"), "F5")

    assert commented.read_text(encoding="utf-8") == COMMENTED.replace('= "ctrl+r"', '= "F5"')
    assert settings.keys == {"export.retrieve": "f5"}
    assert document.get(("keys", "export.retrieve")) == "F5"


def test_successive_edits_accumulate_and_other_lines_never_move(commented: Path) -> None:
    document = ConfigDocument.load(commented)

    document.set("profiles.sandbox.sandbox.seed", 11)
    document.set("app.unicode", False)

    expected = COMMENTED.replace("seed = 3", "seed = 11").replace("unicode = true", "unicode = false")
    assert commented.read_text(encoding="utf-8") == expected


def test_a_new_setting_adds_its_table_at_the_end(commented: Path) -> None:
    settings = ConfigDocument.load(commented).set("profiles.sandbox.export.invoice_prefix", "DEMO-")

    text = commented.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED)
    assert text.endswith('[profiles.sandbox.export]\ninvoice_prefix = "DEMO-"\n')
    assert settings.profile().export.invoice_prefix == "DEMO-"


def test_an_invalid_change_is_refused_and_the_file_is_untouched(commented: Path) -> None:
    document = ConfigDocument.load(commented)

    with pytest.raises(ConfigError) as raised:
        document.set("app.unicode", "sometimes")

    assert "app.unicode: expected true or false" in raised.value.user_message
    assert commented.read_text(encoding="utf-8") == COMMENTED
    assert document.text == COMMENTED


def test_a_literal_secret_cannot_be_saved_from_the_app(write_config: WriteConfig) -> None:
    path = write_config(REAL_PROFILE)

    with pytest.raises(ConfigError) as raised:
        ConfigDocument.load(path).set("profiles.acme.connectwise.private_key", "s3cr3t-value")

    assert raised.value.problems[0].startswith("profiles.acme.connectwise.private_key: a secret is never written")
    assert "s3cr3t-value" not in raised.value.user_message
    assert path.read_text(encoding="utf-8") == REAL_PROFILE


def test_unset_removes_an_override_and_keeps_the_rest(commented: Path) -> None:
    settings = ConfigDocument.load(commented).unset(("keys", "export.retrieve"))

    assert settings.keys == {}
    assert commented.read_text(encoding="utf-8") == COMMENTED.replace('"export.retrieve" = "ctrl+r"\n', "")


def test_set_creates_the_file_when_there_is_none(paths: AppPaths) -> None:
    ConfigDocument.load(paths.config_file).set("app.theme", "ansi-dark")

    assert paths.config_file.read_text(encoding="utf-8") == '[app]\ntheme = "ansi-dark"\n'


def test_entries_of_arrays_of_tables_can_be_edited(write_config: WriteConfig) -> None:
    path = write_config('[[profiles.sandbox.lines.charge_date_rules]]\nstart = "invoice-date"  # keep\n')

    ConfigDocument.load(path).set(["profiles", "sandbox", "lines", "charge_date_rules", 0, "end"], "none")

    assert path.read_text(encoding="utf-8") == (
        '[[profiles.sandbox.lines.charge_date_rules]]\nstart = "invoice-date"  # keep\nend = "none"\n'
    )


def test_a_value_cannot_be_used_as_a_table(commented: Path) -> None:
    with pytest.raises(ConfigError, match=r"app\.theme is a value, not a table"):
        ConfigDocument.load(commented).set("app.theme.name", "x")


def test_saving_leaves_no_temporary_files_behind(commented: Path) -> None:
    ConfigDocument.load(commented).set("app.theme", "ansi-dark")

    assert sorted(item.name for item in commented.parent.iterdir()) == ["config.toml"]
