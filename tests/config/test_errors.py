"""A broken config gives one clear message naming the file, the key path or line:column, and what is expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.config import AppPaths, ConfigError, load_settings


def problem_of(write_config: WriteConfig, text: str) -> tuple[Path, ConfigError]:
    path = write_config(text)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    return path, raised.value


def test_toml_syntax_error_names_file_line_and_column(write_config: WriteConfig) -> None:
    path, error = problem_of(write_config, '[app]\ntheme = "dark"\nunicode = \n')

    assert str(path) in error.user_message
    assert "line 3, column 11" in error.user_message
    assert "TOML syntax" in error.user_message
    assert error.path == path


def test_wrong_type_names_key_and_expected_type_and_what_was_found(write_config: WriteConfig) -> None:
    path, error = problem_of(write_config, '[app]\nunicode = "yes"\n')

    assert error.user_message == f'Invalid configuration in {path}: app.unicode: expected true or false, got "yes"'


def test_unknown_key_lists_the_keys_expected_there(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, REAL_PROFILE.replace('site = "', 'sight = "'))

    assert error.problems == (
        'profiles.acme.connectwise.site: missing; expected the ConnectWise API host, e.g. "api-na.myconnectwise.net"',
        "profiles.acme.connectwise.sight: unknown key; expected one of: site, codebase, company_id, public_key, "
        "private_key, client_id, base_url, sync_max_in_flight",
    )


def test_unknown_table_at_the_top_is_reported(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, "[apps]\nunicode = true\n")

    assert error.problems == ("apps: unknown key; expected one of: app, keys, profiles",)


def test_missing_field_says_what_it_should_hold(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, REAL_PROFILE.replace('company_id = "acme"\n', ""))

    assert error.problems == (
        'profiles.acme.connectwise.company_id: missing; expected the ConnectWise login company id, e.g. "acme"',
    )


def test_entries_of_an_array_of_tables_are_counted_from_one(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, REAL_PROFILE.replace('package = "quickbooks"', 'package = "sage"'))

    assert error.problems == ('profiles.acme.targets[2].package: expected "xero" or "quickbooks", got "sage"',)


def test_default_profile_that_does_not_exist(write_config: WriteConfig) -> None:
    path, error = problem_of(write_config, '[app]\nprofile = "acme"\n')

    assert str(path) in error.user_message
    assert 'app.profile names "acme", which is not defined; expected one of: sandbox' in error.user_message


def test_a_literal_secret_is_refused_with_how_to_write_it_and_never_echoed(write_config: WriteConfig) -> None:
    text = REAL_PROFILE.replace('"env:ACME_CW_PRIVATE_KEY"', '"Sup3rS3cretPrivKey"')

    _, error = problem_of(write_config, text)

    assert error.problems[0].startswith("profiles.acme.connectwise.private_key: a secret is never written")
    assert '"env:NAME"' in error.user_message
    assert "Sup3rS3cretPrivKey" not in error.user_message
    assert "Sup3rS3cretPrivKey" not in repr(error)


def test_a_numeric_literal_secret_is_refused_too(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, REAL_PROFILE.replace('"env:ACME_XERO_SECRET"', "918273645"))

    assert error.problems[0].startswith("profiles.acme.targets[1].client_secret: a secret is never written")
    assert "918273645" not in error.user_message


def test_several_problems_make_one_message_with_one_line_each(write_config: WriteConfig) -> None:
    path, error = problem_of(write_config, '[app]\nunicode = 1\ntheme = 2\n[keys]\n"export.retrieve" = "alt+x"\n')

    lines = error.user_message.splitlines()
    assert lines[0] == f"Invalid configuration in {path} (3 problems):"
    assert lines[1] == '  - app.theme: expected a text in double quotes ("..."), got 2'
    assert lines[2] == "  - app.unicode: expected true or false, got 1"
    assert lines[3].startswith('  - keys."export.retrieve": "alt+x" is not a key tui-ledger accepts')


def test_sandbox_profile_cannot_describe_real_systems(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, REAL_PROFILE.replace("profiles.acme", "profiles.sandbox").replace("acme", "x"))

    assert "built-in sandbox profile" in error.user_message
    assert "[profiles.acme]" in error.user_message


def test_an_unreadable_config_path_is_a_clear_error(paths: AppPaths) -> None:
    paths.config_file.mkdir(parents=True)

    with pytest.raises(ConfigError) as raised:
        load_settings()

    assert raised.value.user_message.startswith(f"Cannot read the configuration file {paths.config_file}:")


def test_profile_names_must_be_usable_as_file_names(write_config: WriteConfig) -> None:
    _, error = problem_of(write_config, '[profiles."my profile".sandbox]\n')

    assert error.problems == (
        'profiles."my profile" (the key itself): "my profile" is not a usable profile name; expected letters, '
        'digits, "-" or "_" (it names a file)',
    )


def test_a_blank_default_sales_item_is_refused_because_no_package_item_has_that_name(
    write_config: WriteConfig,
) -> None:
    _, error = problem_of(write_config, REAL_PROFILE + '\n[profiles.acme.export]\ndefault_sales_item = " "\n')

    assert error.problems == ('profiles.acme.export.default_sales_item: expected a non-empty text, got " "',)


def test_a_blank_sales_item_for_an_account_is_refused(write_config: WriteConfig) -> None:
    _, error = problem_of(
        write_config, REAL_PROFILE + '\n[profiles.acme.export]\nsales_items_by_account = { "4100" = "" }\n'
    )

    assert error.problems == ('profiles.acme.export.sales_items_by_account.4100: expected a non-empty text, got ""',)
