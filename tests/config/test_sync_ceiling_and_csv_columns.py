"""Two settings `config check` and the app read from config.toml: the ConnectWise `sync_max_in_flight` ceiling of
the invoice-line sync, and a CSV profile's `columns` table — each wrong value named with its file and key path."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.config.conftest import WriteConfig
from tests.config.samples import REAL_PROFILE
from tui_ledger.cli import main
from tui_ledger.config import AppPaths
from tui_ledger.config.profile import DEFAULT_SYNC_MAX_IN_FLIGHT
from tui_ledger.connectors.connectwise import settings as connector_settings
from tui_ledger.wiring import open_runtime
from tui_ledger.wiring.lines import lines_service

SECRETS = {"ACME_CW_PRIVATE_KEY": "pk-1", "ACME_XERO_SECRET": "xs-2", "ACME_QBO_SECRET": "qs-3"}
CONNECTWISE_TABLE = 'client_id = "11111111-2222-3333-4444-555555555555"\n'


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


def with_ceiling(value: str) -> str:
    """The real sample profile with `sync_max_in_flight = <value>` in its connectwise table."""
    return REAL_PROFILE.replace(CONNECTWISE_TABLE, CONNECTWISE_TABLE + f"sync_max_in_flight = {value}\n")


@pytest.fixture
def secrets_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable, value in SECRETS.items():
        monkeypatch.setenv(variable, value)


def test_the_config_default_is_the_connectors_default() -> None:
    assert DEFAULT_SYNC_MAX_IN_FLIGHT == connector_settings.DEFAULT_SYNC_MAX_IN_FLIGHT


@pytest.mark.usefixtures("secrets_set")
async def test_a_configured_ceiling_reaches_the_syncs_connectwise_client(
    write_config: WriteConfig, paths: AppPaths
) -> None:
    write_config(with_ceiling("12"))
    runtime = await open_runtime(check_connection=False)
    service = lines_service(runtime)
    try:
        # The sync's client is private to LineSync; its ceiling is what a sync run may keep in flight.
        assert service.sync._billing.max_in_flight == 12
    finally:
        await service.aclose()
        await runtime.aclose()


@pytest.mark.usefixtures("secrets_set")
async def test_without_the_key_the_sync_keeps_the_default_ceiling(write_config: WriteConfig, paths: AppPaths) -> None:
    write_config(REAL_PROFILE)
    runtime = await open_runtime(check_connection=False)
    service = lines_service(runtime)
    try:
        assert service.sync._billing.max_in_flight == DEFAULT_SYNC_MAX_IN_FLIGHT
    finally:
        await service.aclose()
        await runtime.aclose()


@pytest.mark.usefixtures("secrets_set")
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "expected greater than or equal to 1, got 0"),
        ('"x"', 'expected a whole number, got "x"'),
        ("2.5", "expected a whole number, got 2.5"),
    ],
)
def test_a_bad_ceiling_is_named_with_its_file_and_key_path(
    write_config: WriteConfig, value: str, expected: str
) -> None:
    path = write_config(with_ceiling(value))

    result = run("config", "check")

    assert result.exit_code == 2
    assert f"Invalid configuration in {path}: profiles.acme.connectwise.sync_max_in_flight: " in result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.usefixtures("secrets_set")
def test_check_shows_the_configured_ceiling(write_config: WriteConfig) -> None:
    write_config(with_ceiling("8"))

    result = run("config", "check")

    assert result.exit_code == 0, result.stderr
    assert "sync_max_in_flight = 8" in result.stdout


CSV_PROFILE = '[app]\nprofile = "shop"\n[profiles.shop.sandbox]\n[profiles.shop.platform]\nkind = "csv"\n'


def test_check_names_a_columns_key_that_is_no_invoice_line_field(write_config: WriteConfig) -> None:
    path = write_config(CSV_PROFILE + '[profiles.shop.platform.columns]\nrevenu = "Sell Total"\n')

    result = run("config", "check")

    assert result.exit_code == 2
    where = f"Invalid configuration in {path}: profiles.shop.platform.columns: "
    assert where + "'revenu' is not an invoice-line field" in result.stderr
    assert "revenue" in result.stderr, "the message lists the fields a key may name"


def test_check_names_two_fields_read_from_one_header(write_config: WriteConfig) -> None:
    write_config(CSV_PROFILE + '[profiles.shop.platform.columns]\ncost = "Total"\nrevenue = "Total"\n')

    result = run("config", "check")

    assert result.exit_code == 2
    assert "profiles.shop.platform.columns: 'revenue' and 'cost' both read the header 'Total'" in result.stderr


def test_check_accepts_a_columns_table_of_fields_and_headers(write_config: WriteConfig, tmp_path: Path) -> None:
    write_config(CSV_PROFILE + '[profiles.shop.platform.columns]\nrevenue = "Sell Total"\n"Offer Name" = "Service"\n')

    result = run("config", "check")

    assert result.exit_code == 0, result.stderr
