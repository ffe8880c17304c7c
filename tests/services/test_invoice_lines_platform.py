"""Where a profile's invoice lines come from (`ProfileRuntime.platform()`): the sandbox's AppXite by default, its
Pax8 when the profile says so, a CSV file the user names, a real platform from config — and a clear message for
each thing a user can get wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui_ledger.connectors.appxite import AppXiteSource
from tui_ledger.connectors.csv_lines import CsvLinesSource
from tui_ledger.connectors.pax8 import Pax8Source
from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.services.workspace import WorkspaceError
from tui_ledger.wiring import open_runtime

TODAY = date(2025, 1, 31)

REAL_CONNECTWISE = """
[profiles.acme.connectwise]
site = "api-na.myconnectwise.net"
company_id = "acme"
public_key = "pub"
private_key = "env:CW_PRIVATE"
client_id = "5c1f3a9e-2b7d-4e8a-9c6f-1d2e3f4a5b6c"
"""


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("platform")


def environ(home: Path, config: str | None = None, name: str = "config", **extra: str) -> dict[str, str]:
    """Profiles of one data folder share its seeded sandbox; each config gets a file of its own."""
    config_file = home / f"{name}.toml"
    if config is not None:
        config_file.write_text(config, encoding="utf-8")
    return {"TUI_LEDGER_CONFIG": str(config_file), "TUI_LEDGER_DATA_DIR": str(home / "data"), **extra}


async def lines_of_january(source: object) -> int:
    assert hasattr(source, "invoice_lines")
    count = 0
    async for page in source.invoice_lines(date(2025, 1, 1), date(2025, 1, 31)):
        count += len(page)
    return count


async def test_the_sandbox_profile_loads_from_the_embedded_appxite(home: Path) -> None:
    runtime = await open_runtime(environ=environ(home), today=TODAY)
    try:
        source = runtime.platform()
        try:
            assert isinstance(source, AppXiteSource)
            assert source.platform is SourcePlatform.APPXITE
            assert await lines_of_january(source) > 0
        finally:
            await source.aclose()
    finally:
        await runtime.aclose()


async def test_a_sandbox_profile_of_kind_pax8_loads_from_the_embedded_pax8(home: Path) -> None:
    config = '[app]\nprofile = "demo"\n[profiles.demo.sandbox]\n[profiles.demo.platform]\nkind = "pax8"\n'
    runtime = await open_runtime(environ=environ(home, config, "pax8"), today=TODAY)
    try:
        source = runtime.platform()
        try:
            assert isinstance(source, Pax8Source)
            assert await lines_of_january(source) > 0
        finally:
            await source.aclose()
    finally:
        await runtime.aclose()


async def test_a_csv_profile_needs_an_existing_file(home: Path, tmp_path: Path) -> None:
    config = '[app]\nprofile = "demo"\n[profiles.demo.sandbox]\n[profiles.demo.platform]\nkind = "csv"\n'
    runtime = await open_runtime(environ=environ(home, config, "csv"), today=TODAY)
    try:
        with pytest.raises(WorkspaceError, match="Choose the CSV file"):
            runtime.platform()
        with pytest.raises(WorkspaceError, match="There is no file"):
            runtime.platform(tmp_path / "missing.csv")
        export = tmp_path / "lines.csv"
        export.write_text("Invoice Date,Organization Name,Offer Name,Quantity,Cost,Revenue,Charge Type\n")
        assert isinstance(runtime.platform(export), CsvLinesSource)
    finally:
        await runtime.aclose()


async def test_a_real_profile_without_a_platform_table_says_what_to_add(tmp_path: Path) -> None:
    config = '[app]\nprofile = "acme"\n' + REAL_CONNECTWISE
    runtime = await open_runtime(
        environ=environ(tmp_path, config, CW_PRIVATE="secret"), today=TODAY, check_connection=False
    )
    try:
        with pytest.raises(WorkspaceError, match="does not say which platform") as raised:
            runtime.platform()
        assert "[profiles.<name>.platform]" in raised.value.detail
    finally:
        await runtime.aclose()


async def test_a_real_appxite_profile_with_its_secret_unset_names_the_variable(tmp_path: Path) -> None:
    config = (
        '[app]\nprofile = "acme"\n'
        + REAL_CONNECTWISE
        + '[profiles.acme.platform]\nkind = "appxite"\nrequester_id = "acme-org"\nsas_key = "env:APPXITE_SAS"\n'
    )
    runtime = await open_runtime(
        environ=environ(tmp_path, config, CW_PRIVATE="secret"), today=TODAY, check_connection=False
    )
    try:
        with pytest.raises(WorkspaceError, match="platform secret") as raised:
            runtime.platform()
        assert "APPXITE_SAS" in raised.value.detail
        runtime.environ = {**runtime.environ, "APPXITE_SAS": "sas-value"}
        source = runtime.platform()
        assert isinstance(source, AppXiteSource)
        assert "sas-value" not in repr(source)
        await source.aclose()
    finally:
        await runtime.aclose()
