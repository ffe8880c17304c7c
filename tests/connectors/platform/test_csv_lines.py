"""CSV import of invoice lines: the documented mapping, odd-but-valid files, and all-or-nothing errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tui_ledger.connectors.csv_lines import CsvImportError, CsvLinesSource, read_invoice_lines
from tui_ledger.domain.invoice_lines import CUSTOM_INVOICE_OFFER_NAME, ChargeType, SourcePlatform

HEADER = (
    "Invoice Date,Organization Name,Organization Reference #,Offer Name,Offer ID,Vendor Name,Billing Cycle,"
    "Commitment Term,Quantity,Cost,Revenue,Charge Start Date,Charge End Date,Charge Type,Subscription ID"
)
CYCLE = (
    "2026-05-01,Bayside Family Dental,ORG-10002,Microsoft 365 Business Premium,CFQ7TTC0LCHC,Microsoft,Monthly,"
    'Annual,12,"1,584.00","1,980.00",2026-05-01,2026-05-31,CycleFee,sub-1'
)
CREDIT = (
    "2026-05-17,Bayside Family Dental,ORG-10002,Offer for Default Subscription,,,,,1,0.00,(45.00),"
    "2026-05-17,2026-05-31,User Correction,"
)
APRIL = (
    "2026-04-01,Harbor Lights Yoga Studio,ORG-10031,Power BI Pro,,Microsoft,Monthly,Annual,3,35.70,42.00,"
    "2026-04-01,2026-04-30,cycle fee,sub-2"
)


def write(tmp_path: Path, *lines: str, name: str = "lines.csv", bom: bool = False, newline: str = "\n") -> Path:
    path = tmp_path / name
    text = newline.join(lines) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return path


def test_a_good_file_maps_every_documented_column(tmp_path: Path) -> None:
    cycle, credit = read_invoice_lines(write(tmp_path, HEADER, CYCLE, CREDIT))
    assert cycle.source_platform is SourcePlatform.CSV
    assert cycle.invoice_date == date(2026, 5, 1)
    assert cycle.organization_name == "Bayside Family Dental"
    assert cycle.organization_reference == "ORG-10002"
    assert cycle.organization_id == "ORG-10002"
    assert (cycle.offer_name, cycle.offer_id, cycle.vendor_name) == (
        "Microsoft 365 Business Premium",
        "CFQ7TTC0LCHC",
        "Microsoft",
    )
    assert (cycle.billing_cycle, cycle.commitment_term) == ("Monthly", "Annual")
    assert (cycle.quantity, cycle.cost, cycle.revenue) == (Decimal(12), Decimal("1584.00"), Decimal("1980.00"))
    assert (cycle.charge_start_date, cycle.charge_end_date) == (date(2026, 5, 1), date(2026, 5, 31))
    assert cycle.charge_type is ChargeType.CYCLE_FEE
    assert cycle.subscription_id == "sub-1"
    assert not cycle.is_custom_invoice
    assert credit.is_custom_invoice
    assert credit.offer_name == CUSTOM_INVOICE_OFFER_NAME
    assert credit.revenue == Decimal("-45.00")
    assert credit.charge_type is ChargeType.USER_CORRECTION
    assert credit.psa_charge_type is ChargeType.CORRECTION


def test_bom_blank_lines_and_crlf_do_not_matter(tmp_path: Path) -> None:
    plain = read_invoice_lines(write(tmp_path, HEADER, CYCLE, CREDIT, name="plain.csv"))
    odd = write(tmp_path, "", HEADER, "", CYCLE, " , ,", CREDIT, "", name="odd.csv", bom=True, newline="\r\n")
    assert read_invoice_lines(odd) == plain


def test_column_names_are_matched_loosely_and_unknown_columns_ignored(tmp_path: Path) -> None:
    header = "invoice_date,CUSTOMER NAME,product-name,quantity,cost,price,charge type,Notes"
    (line,) = read_invoice_lines(write(tmp_path, header, "2026-05-01,Acme,M365 E3,2,10,12.5,OneTimeFee,anything"))
    assert (line.organization_name, line.offer_name, line.revenue) == ("Acme", "M365 E3", Decimal("12.5"))
    assert line.organization_id == "Acme"
    assert line.invoice_id == "2026-05-01"


def test_the_custom_invoice_column_marks_custom_lines(tmp_path: Path) -> None:
    header = "Invoice Date,Organization Name,Offer Name,Quantity,Cost,Revenue,Charge Type,Custom Invoice,Description"
    (line,) = read_invoice_lines(write(tmp_path, header, "2026-05-01,Acme,Setup,1,0,95.00,OneTimeFee,yes,Setup fee"))
    assert line.is_custom_invoice
    assert line.offer_name == CUSTOM_INVOICE_OFFER_NAME
    assert line.description == "Setup fee"


def test_line_ids_are_stable_and_exact_repeats_stay_distinct(tmp_path: Path) -> None:
    first = read_invoice_lines(write(tmp_path, HEADER, CYCLE, CYCLE, CREDIT))
    again = read_invoice_lines(write(tmp_path, HEADER, CYCLE, CYCLE, CREDIT, name="again.csv"))
    assert [line.platform_line_id for line in first] == [line.platform_line_id for line in again]
    assert len({line.platform_line_id for line in first}) == 3


def test_an_explicit_line_id_is_used(tmp_path: Path) -> None:
    header = "Line ID,Invoice Date,Organization Name,Offer Name,Quantity,Cost,Revenue,Charge Type"
    (line,) = read_invoice_lines(write(tmp_path, header, "L-77,2026-05-01,Acme,M365,1,1,2,CycleFee"))
    assert line.platform_line_id == "L-77"


def test_bad_rows_name_line_and_column_and_nothing_is_imported(tmp_path: Path) -> None:
    bad_cost = CYCLE.replace('"1,584.00"', "12,5")
    bad_type = CREDIT.replace("User Correction", "Setup")
    bad_dates = APRIL.replace("2026-04-30", "2026-03-31")
    path = write(tmp_path, HEADER, CYCLE, bad_cost, bad_type, APRIL, bad_dates)
    with pytest.raises(CsvImportError) as failed:
        read_invoice_lines(path)
    problems = [(problem.line, problem.column) for problem in failed.value.problems]
    assert problems == [(3, None), (4, "Charge Type"), (6, "Charge End Date")]
    message = str(failed.value)
    assert message.startswith("lines.csv: nothing imported, 3 problems: line 3")
    assert "unknown charge type 'Setup'" in message


def test_an_unquoted_thousands_amount_shifts_cells_and_is_caught(tmp_path: Path) -> None:
    shifted = CYCLE.replace('"1,980.00"', "1,980.00")
    with pytest.raises(CsvImportError) as failed:
        read_invoice_lines(write(tmp_path, HEADER, shifted))
    (problem,) = failed.value.problems
    assert problem.line == 2
    assert "16 cells but the header has 15" in problem.message


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("", "a value is required"),
        ("12,50", "not an amount"),
        ("$12.50", "not an amount"),
        ("-(12.50)", "not an amount"),
    ],
)
def test_amounts_that_would_be_guesses_are_refused(tmp_path: Path, cell: str, message: str) -> None:
    header = "Invoice Date,Organization Name,Offer Name,Quantity,Cost,Revenue,Charge Type"
    with pytest.raises(CsvImportError) as failed:
        read_invoice_lines(write(tmp_path, header, f'2026-05-01,Acme,M365,1,"{cell}",2,CycleFee'))
    (problem,) = failed.value.problems
    assert (problem.line, problem.column) == (2, "Cost")
    assert message in problem.message


@pytest.mark.parametrize(("cell", "amount"), [("1,234,567.891", "1234567.891"), ("(1,000)", "-1000"), ("-0.5", "-0.5")])
def test_amounts_with_separators_and_parentheses(tmp_path: Path, cell: str, amount: str) -> None:
    header = "Invoice Date,Organization Name,Offer Name,Quantity,Cost,Revenue,Charge Type"
    (line,) = read_invoice_lines(write(tmp_path, header, f'2026-05-01,Acme,M365,1,"{cell}",2,CycleFee'))
    assert line.cost == Decimal(amount)


def test_missing_and_duplicate_columns_are_reported_on_the_header_line(tmp_path: Path) -> None:
    header = "Invoice Date,Organization Name,Offer Name,Quantity,Cost,Revenue,Price"
    with pytest.raises(CsvImportError) as failed:
        read_invoice_lines(write(tmp_path, header, "2026-05-01,Acme,M365,1,1,2,2"))
    assert [(p.line, p.column) for p in failed.value.problems] == [(1, "Price"), (1, "Charge Type")]
    assert "required column missing" in str(failed.value)


def test_an_empty_file_and_a_non_utf8_file_are_explained(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    for content in (b"", b"\n  \n"):
        empty.write_bytes(content)
        with pytest.raises(CsvImportError, match="the file holds no rows"):
            read_invoice_lines(empty)
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n" + CYCLE.replace("Bayside", "Bays\xefde") + "\n").encode("latin-1"))
    with pytest.raises(CsvImportError) as failed:
        read_invoice_lines(latin)
    (problem,) = failed.value.problems
    assert problem.line == 2
    assert "not UTF-8" in problem.message


async def test_the_source_gives_only_the_period_and_only_after_checking_everything(tmp_path: Path) -> None:
    source = CsvLinesSource(write(tmp_path, HEADER, CYCLE, APRIL, CREDIT))
    may = [line async for page in source.invoice_lines(date(2026, 5, 1), date(2026, 5, 31)) for line in page]
    assert [line.organization_reference for line in may] == ["ORG-10002", "ORG-10002"]
    broken = CsvLinesSource(write(tmp_path, HEADER, CYCLE, APRIL.replace("35.70", "lots"), name="broken.csv"))
    pages: list[object] = []

    async def read_all() -> None:
        async for page in broken.invoice_lines(date(2026, 5, 1), date(2026, 5, 31)):
            pages.append(page)

    with pytest.raises(CsvImportError):
        await read_all()
    assert pages == []


async def test_a_closed_source_refuses_to_read(tmp_path: Path) -> None:
    source = CsvLinesSource(write(tmp_path, HEADER, CYCLE))
    await source.aclose()
    with pytest.raises(RuntimeError, match="closed"):
        await anext(source.invoice_lines(date(2026, 5, 1), date(2026, 5, 31)))
