"""`tui-ledger config path|init|check` as a user runs them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.cli import main
from tui_ledger.config import AppPaths
from tui_ledger.config.example import EXAMPLE_CONFIG


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


def test_path_prints_the_config_file_and_the_data_dir(paths: AppPaths) -> None:
    result = run("config", "path")

    assert result.exit_code == 0
    assert f"config: {paths.config_file}  (not created yet" in result.stdout
    assert f"data:   {paths.data_dir}" in result.stdout


def test_init_writes_the_commented_example_and_check_accepts_it(paths: AppPaths) -> None:
    result = run("config", "init")

    assert result.exit_code == 0
    assert paths.config_file.read_text(encoding="utf-8") == EXAMPLE_CONFIG
    checked = run("config", "check")
    assert checked.exit_code == 0, checked.stderr
    assert "profile sandbox: sandbox" in checked.stdout


def test_init_refuses_to_overwrite_without_force(write_config: WriteConfig) -> None:
    path = write_config("# mine\n")

    refused = run("config", "init")

    assert refused.exit_code == 2
    assert "already exists" in refused.stderr
    assert "--force" in refused.stderr
    assert path.read_text(encoding="utf-8") == "# mine\n"
    forced = run("config", "init", "--force")
    assert forced.exit_code == 0
    assert path.read_text(encoding="utf-8") == EXAMPLE_CONFIG


def test_check_without_a_file_validates_the_builtin_sandbox(paths: AppPaths) -> None:
    result = run("config", "check")

    assert result.exit_code == 0
    assert "(absent: built-in settings)" in result.stdout
    assert "latency_ms = 0.0" in result.stdout
    assert "[lines]" not in result.stdout, "sections with nothing set are left out"


def test_check_shows_the_resolved_profile_with_secrets_redacted(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(REAL_PROFILE)
    for variable, value in (("ACME_CW_PRIVATE_KEY", "pk-1"), ("ACME_XERO_SECRET", "xs-2"), ("ACME_QBO_SECRET", "qs-3")):
        monkeypatch.setenv(variable, value)

    result = run("config", "check")

    assert result.exit_code == 0, result.stderr
    assert "profile acme: real systems" in result.stdout
    assert "private_key = env:ACME_CW_PRIVATE_KEY (set)" in result.stdout
    for secret in ("pk-1", "xs-2", "qs-3"):
        assert secret not in result.stdout


def test_check_fails_with_exit_2_and_the_message_on_stderr(write_config: WriteConfig) -> None:
    path = write_config("[app]\nunicode = 3\n")

    result = run("config", "check")

    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"Invalid configuration in {path}: app.unicode: expected true or false, got 3" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_missing_environment_variables(
    write_config: WriteConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(REAL_PROFILE)
    monkeypatch.setenv("ACME_CW_PRIVATE_KEY", "pk-1")
    monkeypatch.delenv("ACME_XERO_SECRET", raising=False)
    monkeypatch.delenv("ACME_QBO_SECRET", raising=False)

    result = run("config", "check")

    assert result.exit_code == 2
    assert "profiles.acme.targets[1].client_secret: the environment variable ACME_XERO_SECRET is not set" in (
        result.stderr
    )
    assert "ACME_QBO_SECRET" in result.stderr


def test_check_takes_the_profile_from_its_option_or_the_top_level_one(write_config: WriteConfig) -> None:
    write_config(REAL_PROFILE)

    own_option = run("config", "check", "--profile", "sandbox")
    top_level = run("--profile", "sandbox", "config", "check")
    unknown = run("config", "check", "--profile", "nope")

    assert own_option.exit_code == 0
    assert "profile sandbox:" in own_option.stdout
    assert top_level.exit_code == 0
    assert "profile sandbox:" in top_level.stdout
    assert unknown.exit_code == 2
    assert 'There is no profile "nope"' in unknown.stderr
