"""A CSV profile's `columns` table in config.toml reaches the importer: a user's own headers become invoice-line
fields when lines are loaded the way the app loads them (config → runtime → lines service → store), and a wrong
table says which file, which key, and what is expected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tui_ledger.connectors.csv_lines import ColumnMapping, CsvColumnsError, CsvImportError, read_invoice_lines
from tui_ledger.services.invoice_lines import LoadChoice
from tui_ledger.services.workspace import WorkspaceError
from tui_ledger.wiring import open_runtime
from tui_ledger.wiring.lines import lines_service

TODAY = date(2025, 1, 31)

OWN_HEADERS = (
    "Billed On,Client,Client No,Service,Qty,Buy Total,Sell Total,Fee Kind,Start,End\n"
    "2025-01-01,Bayside Family Dental,ORG-10002,Microsoft 365 Business Premium,12,1584.00,1980.00,CycleFee,"
    "2025-01-01,2025-01-31\n"
    "2025-01-17,Acme Logistics,ORG-10001,Offer for Default Subscription,1,0.00,(45.00),UserCorrection,,\n"
)

COLUMNS = """
[profiles.demo.platform.columns]
invoice_date = "Billed On"
organization_name = "Client"
organization_reference = "Client No"
offer_name = "Service"
quantity = "Qty"
cost = "Buy Total"
revenue = "Sell Total"
charge_type = "Fee Kind"
charge_start_date = "Start"
charge_end_date = "End"
"""


def config_with(columns: str) -> str:
    return '[app]\nprofile = "demo"\n[profiles.demo.sandbox]\n[profiles.demo.platform]\nkind = "csv"\n' + columns


def environ_for(folder: Path, config: str) -> dict[str, str]:
    config_file = folder / "config.toml"
    config_file.write_text(config, encoding="utf-8")
    return {"TUI_LEDGER_CONFIG": str(config_file), "TUI_LEDGER_DATA_DIR": str(folder / "data")}


def csv_file(folder: Path, text: str = OWN_HEADERS) -> Path:
    path = folder / "january.csv"
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_file_with_the_users_own_headers_loads_through_the_profiles_columns(tmp_path: Path) -> None:
    runtime = await open_runtime(environ=environ_for(tmp_path, config_with(COLUMNS)), today=TODAY)
    service = lines_service(runtime)
    try:
        await service.load(LoadChoice(current_month=True), TODAY, csv_file=csv_file(tmp_path))
        grid = service.grid(service.periods(TODAY)[0].period)
        records = {record.organization_name: record for record in grid.window(0, 10)}
    finally:
        await service.aclose()
        await runtime.aclose()
    dental, acme = records["Bayside Family Dental"], records["Acme Logistics"]
    assert dental.organization_reference == "ORG-10002"
    assert dental.offer_name == "Microsoft 365 Business Premium"
    assert (str(dental.quantity), str(dental.cost), str(dental.revenue)) == ("12", "1584.00", "1980.00")
    assert (dental.charge_start_date, dental.charge_end_date) == (date(2025, 1, 1), date(2025, 1, 31))
    assert str(acme.revenue) == "-45.00"
    assert acme.offer_name == "Offer for Default Subscription"


async def test_a_key_that_is_no_field_names_the_file_the_key_and_the_fields(tmp_path: Path) -> None:
    columns = '\n[profiles.demo.platform.columns]\nrevenu = "Sell Total"\n'
    environ = environ_for(tmp_path, config_with(columns))
    runtime = await open_runtime(environ=environ, today=TODAY)
    try:
        with pytest.raises(WorkspaceError) as raised:
            runtime.platform(csv_file(tmp_path))
    finally:
        await runtime.aclose()
    detail = raised.value.detail
    assert f"{environ['TUI_LEDGER_CONFIG']} [profiles.demo.platform] columns" in detail
    assert "'revenu' is not an invoice-line field" in detail
    assert "expected one of invoice_date, organization_name, offer_name, quantity, cost, revenue" in detail


async def test_a_header_the_file_lacks_and_a_required_column_left_out_are_named_with_the_config(
    tmp_path: Path,
) -> None:
    columns = COLUMNS.replace('revenue = "Sell Total"', 'revenue = "Sale Total"').replace(
        'charge_type = "Fee Kind"\n', ""
    )
    environ = environ_for(tmp_path, config_with(columns))
    runtime = await open_runtime(environ=environ, today=TODAY)
    service = lines_service(runtime)
    try:
        with pytest.raises(CsvImportError) as raised:
            await service.load(LoadChoice(current_month=True), TODAY, csv_file=csv_file(tmp_path))
        assert service.periods(TODAY) == []
    finally:
        await service.aclose()
        await runtime.aclose()
    message = str(raised.value)
    origin = f"{environ['TUI_LEDGER_CONFIG']} [profiles.demo.platform] columns"
    assert (
        f"line 1, column 'Sale Total': {origin} reads revenue from the header 'Sale Total', which the file does not "
        "have; expected one of its headers: 'Billed On', 'Client'"
    ) in message
    assert (
        f"line 1, column 'Charge Type': required column missing; if your file calls it otherwise, set "
        f'charge_type = "<your header>" in {origin}'
    ) in message


def test_a_mapped_field_reads_only_its_header_and_other_fields_keep_their_usual_names(tmp_path: Path) -> None:
    """`revenue = "Sell Total"`: a `Price` column (Revenue's usual other name) is then ignored, not a duplicate;
    keys may be written as the field or as the column's header, in any case."""
    path = csv_file(
        tmp_path,
        "Invoice Date,Organization Name,Offer Name,Quantity,Cost,Price,Sell Total,Charge Type\n"
        "2025-01-01,Acme Logistics,Power BI Pro,2,10.00,99.00,25.00,CycleFee\n",
    )
    mapping = ColumnMapping.from_settings({"Revenue": "sell total"}, "test columns")
    [line] = read_invoice_lines(path, mapping)
    assert str(line.revenue) == "25.00"
    assert line.organization_name == "Acme Logistics"


def test_two_fields_on_one_header_or_one_field_twice_are_refused() -> None:
    with pytest.raises(CsvColumnsError, match="'cost' and 'revenue' both read the header 'total'"):
        ColumnMapping.from_settings({"revenue": "Total", "cost": "total"}, "cfg")
    with pytest.raises(CsvColumnsError, match="'Revenue' names the field revenue a second time"):
        ColumnMapping.from_settings({"revenue": "Sell", "Revenue": "Price"}, "cfg")
