"""Invoice lines from a CSV export, for platforms without an API or a month that must be loaded by hand.

Column mapping (the full guide, with an example, is docs/csv-import.md). The header row names the columns, in any
order; names are matched without regard to case, spaces, `#`, `_` or `-`, so "Organization Reference #" and
`organization_reference` are the same column. Columns not listed here are ignored.

| column (aliases)                                   | required | model field                     |
|----------------------------------------------------|----------|---------------------------------|
| Invoice Date                                       | yes      | invoice_date (`YYYY-MM-DD`)     |
| Organization Name (Customer Name)                  | yes      | organization_name               |
| Offer Name (Product Name)                          | yes      | offer_name                      |
| Quantity                                           | yes      | quantity                        |
| Cost                                               | yes      | cost (line total)               |
| Revenue (Price)                                    | yes      | revenue (line total)            |
| Charge Type                                        | yes      | charge_type (`CycleFee` or `Cycle Fee` …) |
| Invoice ID (Invoice Number)                        | no       | invoice_id (default: the invoice date) |
| Organization ID                                    | no       | organization_id (default: reference #, else name) |
| Organization Reference # (Organization Reference)  | no       | organization_reference          |
| Contract ID                                        | no       | contract_id                     |
| Offer ID (SKU)                                     | no       | offer_id                        |
| Vendor Name (Vendor)                               | no       | vendor_name                     |
| Billing Cycle                                      | no       | billing_cycle                   |
| Commitment Term                                    | no       | commitment_term                 |
| Charge Start Date / Charge End Date                | no       | charge_start_date / charge_end_date (`YYYY-MM-DD`) |
| Subscription ID                                    | no       | subscription_id                 |
| Line ID                                            | no       | platform_line_id (default: derived, see below) |
| Currency                                           | no       | currency                        |
| Custom Invoice                                     | no       | is_custom_invoice (yes/no, true/false, 1/0) |
| Description                                        | no       | description                     |

A line is a custom invoice line when its Custom Invoice cell says so or its Offer Name is "Offer for Default
Subscription". Without a Line ID column, a line's id is a digest of its invoice, organization, subscription, offer,
charge type, charge dates and amounts (plus a counter for exact repeats), so importing the same file twice loads
the same lines instead of doubling them.

A user's own headers: `ColumnMapping` (from config.toml's `[profiles.<name>.platform] columns`, field → header)
names the header a field is read from, e.g. `{revenue = "Sell Total", organization_name = "Client"}`; a field so
mapped is read from that header only (its usual names are then ignored). A key that is no field, a header the file
lacks, or a required field neither mapped nor found names the config file, the key and what is expected.

Reading rules: UTF-8 with or without a byte-order mark; comma-separated with `"` quoting; blank lines skipped;
amounts may use `,` as a thousands separator (`1,234.50`), a leading minus or accounting parentheses
(`(45.00)`), and no currency symbols. Any bad cell fails the whole import with a `CsvImportError` listing every
problem by line number and column: a file is imported entirely or not at all.
"""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from tui_ledger.domain.invoice_lines import (
    CUSTOM_INVOICE_OFFER_NAME,
    ChargeType,
    InvoiceLine,
    InvoiceLineError,
    SourcePlatform,
)

LINES_PER_PAGE = 1000
MOST_PROBLEMS_LISTED = 20
"""The error message lists this many problems; `CsvImportError.problems` holds them all."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the import: its header, the other headers accepted for it, and the invoice-line field it fills
    (the name a `columns` mapping in config.toml uses)."""

    name: str
    field: str
    aliases: tuple[str, ...] = ()
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Invoice Date", "invoice_date", required=True),
    Column("Organization Name", "organization_name", ("Customer Name",), required=True),
    Column("Offer Name", "offer_name", ("Product Name",), required=True),
    Column("Quantity", "quantity", required=True),
    Column("Cost", "cost", required=True),
    Column("Revenue", "revenue", ("Price",), required=True),
    Column("Charge Type", "charge_type", required=True),
    Column("Invoice ID", "invoice_id", ("Invoice Number",)),
    Column("Organization ID", "organization_id"),
    Column("Organization Reference #", "organization_reference", ("Organization Reference",)),
    Column("Contract ID", "contract_id"),
    Column("Offer ID", "offer_id", ("SKU",)),
    Column("Vendor Name", "vendor_name", ("Vendor",)),
    Column("Billing Cycle", "billing_cycle"),
    Column("Commitment Term", "commitment_term"),
    Column("Charge Start Date", "charge_start_date"),
    Column("Charge End Date", "charge_end_date"),
    Column("Subscription ID", "subscription_id"),
    Column("Line ID", "platform_line_id"),
    Column("Currency", "currency"),
    Column("Custom Invoice", "is_custom_invoice"),
    Column("Description", "description"),
)

_AMOUNT = re.compile(r"^(?P<sign>-?)(?P<digits>\d{1,3}(,\d{3})+|\d+)(?P<fraction>\.\d+)?$")
_TRUE = frozenset({"yes", "y", "true", "1"})
_FALSE = frozenset({"no", "n", "false", "0", ""})


def _fold(name: str) -> str:
    return re.sub(r"[\s#_\-]+", "", name.casefold())


_BY_FOLDED = {_fold(spelling): column for column in COLUMNS for spelling in (column.name, *column.aliases)}
_BY_FIELD = {_fold(name): column for column in COLUMNS for name in (column.field, column.name)}
FIELD_NAMES = tuple(column.field for column in COLUMNS)


class CsvColumnsError(ValueError):
    """The `columns` mapping of the configuration names something that is not an invoice-line field, or maps two
    fields to one header; raised before any file is read."""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which header each mapped field is read from (field → header), and where that mapping was written, so a
    problem with it names the place: e.g. `/home/me/.config/tui-ledger/config.toml [profiles.acme.platform] columns`.
    """

    headers: dict[str, str]
    origin: str = "the column mapping"

    @classmethod
    def from_settings(cls, columns: dict[str, str], origin: str) -> ColumnMapping:
        """Check a `columns` table: every key an invoice-line field (by its field name or its column header, in
        any case), every header used once. Raises `CsvColumnsError` naming `origin`, the key and what is expected."""
        headers: dict[str, str] = {}
        fields_by_header: dict[str, str] = {}
        for key, header in columns.items():
            column = _BY_FIELD.get(_fold(key))
            if column is None:
                raise CsvColumnsError(
                    f"{origin}: {key!r} is not an invoice-line field; expected one of {', '.join(FIELD_NAMES)} "
                    f'(each set to the header of that column in your file, e.g. revenue = "Sell Total")'
                )
            if column.field in headers:
                raise CsvColumnsError(f"{origin}: {key!r} names the field {column.field} a second time; keep one")
            clash = fields_by_header.get(_fold(header))
            if clash is not None:
                raise CsvColumnsError(
                    f"{origin}: {key!r} and {clash!r} both read the header {header!r}; each field needs its own column"
                )
            headers[column.field] = header.strip()
            fields_by_header[_fold(header)] = key
        return cls(headers, origin)

    def column_of(self, header: str) -> Column | None:
        """The column a header cell feeds: a mapped header first; a usual name only for a field not mapped."""
        folded = _fold(header)
        for field, mapped in self.headers.items():
            if _fold(mapped) == folded:
                return next(column for column in COLUMNS if column.field == field)
        column = _BY_FOLDED.get(folded)
        if column is not None and column.field in self.headers:
            return None
        return column


DEFAULT_MAPPING = ColumnMapping({})
"""The usual headers only (no `columns` in the configuration)."""


@dataclass(frozen=True, slots=True)
class CsvProblem:
    """One bad cell or header: the file's line number (counting from 1, blank lines included), the column, and
    what is wrong."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message}"


class CsvImportError(ValueError):
    """The file was not imported; `problems` says every place it went wrong."""

    def __init__(self, path: Path, problems: Iterable[CsvProblem]) -> None:
        self.path = path
        self.problems = tuple(problems)
        listed = "; ".join(str(problem) for problem in self.problems[:MOST_PROBLEMS_LISTED])
        more = len(self.problems) - MOST_PROBLEMS_LISTED
        suffix = f"; and {more} more" if more > 0 else ""
        count = len(self.problems)
        super().__init__(f"{path.name}: nothing imported, {count} problem{'s' if count != 1 else ''}: {listed}{suffix}")


class _CellError(ValueError):
    """A cell that cannot be read; the caller adds the line and the column."""


def parse_amount(text: str) -> Decimal:
    """`1,234.50`, `-45`, `(45.00)` → Decimal; anything else is refused rather than guessed."""
    value = text.strip()
    negative = value.startswith("(") and value.endswith(")")
    if negative:
        value = value[1:-1].strip()
    match = _AMOUNT.match(value)
    if match is None or (negative and match.group("sign")):
        raise _CellError(f"not an amount: {text!r} (use digits, optional ',' thousands and '.' decimals)")
    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise _CellError(f"not an amount: {text!r}") from None
    return -amount if negative else amount


def parse_day(text: str) -> date:
    value = text.strip()
    try:
        return date.fromisoformat(value[:10] if len(value) > 10 and value[10] in "T " else value)
    except ValueError:
        raise _CellError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def parse_flag(text: str) -> bool:
    value = text.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _CellError(f"not yes or no: {text!r}")


def parse_charge_type(text: str) -> ChargeType:
    try:
        return ChargeType.parse(text.strip())
    except InvoiceLineError as unknown:
        raise _CellError(str(unknown)) from None


class _RowReader:
    """The cells of one data row by canonical column name; collects a problem per bad cell."""

    def __init__(self, cells: dict[str, str], line: int, problems: list[CsvProblem]) -> None:
        self.cells = cells
        self.line = line
        self.problems = problems

    def text(self, column: str) -> str | None:
        value = self.cells.get(column, "").strip()
        return value or None

    def required_text(self, column: str) -> str:
        value = self.text(column)
        if value is None:
            self.problems.append(CsvProblem(self.line, column, "a value is required"))
            return ""
        return value

    def parsed(self, column: str, parse: Callable[[str], T], *, required: bool = False) -> T | None:
        value = self.text(column)
        if value is None:
            if required:
                self.problems.append(CsvProblem(self.line, column, "a value is required"))
            return None
        try:
            return parse(value)
        except _CellError as bad:
            self.problems.append(CsvProblem(self.line, column, str(bad)))
            return None


def _line_id(row: _RowReader, occurrences: Counter[str]) -> str:
    explicit = row.text("Line ID")
    if explicit:
        return explicit
    parts = (
        "Invoice ID",
        "Invoice Date",
        "Organization ID",
        "Organization Reference #",
        "Organization Name",
        "Subscription ID",
        "Offer ID",
        "Offer Name",
        "Charge Type",
        "Charge Start Date",
        "Charge End Date",
        "Quantity",
        "Cost",
        "Revenue",
    )
    digest = hashlib.sha256("\x1f".join(row.text(part) or "" for part in parts).encode()).hexdigest()[:24]
    occurrences[digest] += 1
    return f"csv:{digest}:{occurrences[digest]}"


def _invoice_line(row: _RowReader, occurrences: Counter[str]) -> InvoiceLine | None:
    problems_before = len(row.problems)
    invoice_date = row.parsed("Invoice Date", parse_day, required=True)
    organization_name = row.required_text("Organization Name")
    offer_name = row.required_text("Offer Name")
    quantity = row.parsed("Quantity", parse_amount, required=True)
    cost = row.parsed("Cost", parse_amount, required=True)
    revenue = row.parsed("Revenue", parse_amount, required=True)
    charge_type = row.parsed("Charge Type", parse_charge_type, required=True)
    start = row.parsed("Charge Start Date", parse_day)
    end = row.parsed("Charge End Date", parse_day)
    custom_flag = row.parsed("Custom Invoice", parse_flag)
    if len(row.problems) > problems_before:
        return None
    if invoice_date is None or quantity is None or cost is None or revenue is None or charge_type is None:
        return None
    reference = row.text("Organization Reference #")
    is_custom = bool(custom_flag) or offer_name == CUSTOM_INVOICE_OFFER_NAME
    try:
        return InvoiceLine(
            source_platform=SourcePlatform.CSV,
            platform_line_id=_line_id(row, occurrences),
            invoice_id=row.text("Invoice ID") or invoice_date.isoformat(),
            invoice_date=invoice_date,
            organization_id=row.text("Organization ID") or reference or organization_name,
            organization_name=organization_name,
            organization_reference=reference,
            contract_id=row.text("Contract ID"),
            offer_name=CUSTOM_INVOICE_OFFER_NAME if is_custom else offer_name,
            offer_id=row.text("Offer ID"),
            vendor_name=row.text("Vendor Name"),
            billing_cycle=row.text("Billing Cycle"),
            commitment_term=row.text("Commitment Term"),
            quantity=quantity,
            cost=cost,
            revenue=revenue,
            charge_start_date=start,
            charge_end_date=end,
            charge_type=charge_type,
            subscription_id=row.text("Subscription ID"),
            is_custom_invoice=is_custom,
            currency=row.text("Currency"),
            description=row.text("Description"),
        )
    except InvoiceLineError as invalid:
        column = "Charge End Date" if "charge end date" in str(invalid) else None
        row.problems.append(CsvProblem(row.line, column, str(invalid)))
        return None


def _header_columns(
    header: list[str], line: int, problems: list[CsvProblem], mapping: ColumnMapping = DEFAULT_MAPPING
) -> list[str | None]:
    """The canonical column of each header cell (None: ignored), with problems for duplicates and gaps."""
    canonical: list[str | None] = []
    seen: dict[str, str] = {}
    for cell in header:
        column = mapping.column_of(cell)
        if column is not None and column.name in seen:
            problems.append(
                CsvProblem(line, cell.strip(), f"the same column as {seen[column.name]!r}; keep one of the two")
            )
        elif column is not None:
            seen[column.name] = cell.strip()
        canonical.append(column.name if column is not None else None)
    present = ", ".join(repr(cell.strip()) for cell in header if cell.strip())
    for field, mapped in mapping.headers.items():
        column = next(column for column in COLUMNS if column.field == field)
        if column.name not in seen:
            problems.append(
                CsvProblem(
                    line,
                    mapped,
                    f"{mapping.origin} reads {field} from the header {mapped!r}, which the file does not have; "
                    f"expected one of its headers: {present}",
                )
            )
    for column in COLUMNS:
        if column.required and column.name not in seen and column.field not in mapping.headers:
            aliases = f" (or {', '.join(column.aliases)})" if column.aliases else ""
            problems.append(
                CsvProblem(
                    line,
                    column.name,
                    f"required column missing{aliases}; if your file calls it otherwise, set "
                    f'{column.field} = "<your header>" in {mapping.origin}',
                )
            )
    return canonical


def _decoded(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as undecodable:
        line = raw[: undecodable.start].count(b"\n") + 1
        problem = CsvProblem(line, None, f"not UTF-8 text (byte {raw[undecodable.start]:#04x}); save the file as UTF-8")
        raise CsvImportError(path, [problem]) from None


def read_invoice_lines(path: Path, mapping: ColumnMapping = DEFAULT_MAPPING) -> list[InvoiceLine]:
    """Every line of the file, or a `CsvImportError` naming every bad header, line and column."""
    reader = csv.reader(io.StringIO(_decoded(path), newline=""), strict=True)
    problems: list[CsvProblem] = []
    lines: list[InvoiceLine] = []
    occurrences: Counter[str] = Counter()
    try:
        header = next((cells for cells in reader if any(cell.strip() for cell in cells)), None)
        if header is None:
            raise CsvImportError(path, [CsvProblem(1, None, "the file holds no rows; expected a header row")])
        columns = _header_columns(header, reader.line_num, problems, mapping)
        if problems:
            raise CsvImportError(path, problems)
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(columns):
                problems.append(
                    CsvProblem(reader.line_num, None, f"{len(cells)} cells but the header has {len(columns)}")
                )
                continue
            named = {column: cell for column, cell in zip(columns, cells, strict=False) if column is not None}
            line = _invoice_line(_RowReader(named, reader.line_num, problems), occurrences)
            if line is not None:
                lines.append(line)
    except csv.Error as malformed:
        problems.append(CsvProblem(reader.line_num, None, f"not valid CSV: {malformed}"))
    if problems:
        raise CsvImportError(path, problems)
    return lines


class CsvLinesSource:
    """A CSV file as a `PlatformSource`: the whole file is checked before a single line of the period is given."""

    platform = SourcePlatform.CSV

    def __init__(self, path: Path, mapping: ColumnMapping = DEFAULT_MAPPING) -> None:
        self.path = path
        self.mapping = mapping
        self._closed = False

    def __repr__(self) -> str:
        return f"CsvLinesSource({str(self.path)!r})"

    async def invoice_lines(self, period_start: date, period_end: date) -> AsyncIterator[list[InvoiceLine]]:
        if self._closed:
            raise RuntimeError(f"{self!r} is closed")
        every_line = await asyncio.to_thread(read_invoice_lines, self.path, self.mapping)
        in_period = [line for line in every_line if period_start <= line.invoice_date <= period_end]
        for start in range(0, len(in_period), LINES_PER_PAGE):
            yield in_period[start : start + LINES_PER_PAGE]

    async def aclose(self) -> None:
        """Refuse further reads, like the network sources; the file itself is closed after every read."""
        self._closed = True
