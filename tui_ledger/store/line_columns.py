"""The grid's sortable columns and the index that serves each sort.

Every column of seed 003 sorts (the issue asks for "sort by any column"), and a million-line period must
answer a window deep inside any sort in a few milliseconds. So each column has an index whose order *is* the
sort order, ending with the line id so that ties are total and windows are stable:

- text columns of the platform (names, references, offer, vendor, cycle, term, contract) are stored as codes
  numbered in the text's order (see `line_dictionary`), so their indexes are small integer indexes;
- the five searchable columns get one covering index each, led by that column and followed by the other four.
  Sorting by Organization Name therefore breaks ties by reference, offer, cycle and term, and the same indexes
  let a search count lines without touching the table (see `line_search`); Contract ID, Offer ID and Vendor
  Name indexes carry the searched columns too (`COVERING_COLUMNS`), and break ties by them;
- PSA names compare without regard to ASCII case (the columns are `COLLATE NOCASE`);
- Charge Type sorts by the name the grid shows, which Configuration can rename, so it is not one index range
  but the per-type ranges visited in the order of the shown names (see `line_grid`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TextField(StrEnum):
    """Platform text fields stored once per period in the dictionary and referenced by code from each line."""

    ORGANIZATION = "organization"
    ORGANIZATION_NAME = "organization_name"
    ORGANIZATION_REFERENCE = "organization_reference"
    CONTRACT_ID = "contract_id"
    OFFER_NAME = "offer_name"
    OFFER_ID = "offer_id"
    VENDOR_NAME = "vendor_name"
    BILLING_CYCLE = "billing_cycle"
    COMMITMENT_TERM = "commitment_term"


SEARCH_FIELDS: tuple[TextField, ...] = (
    TextField.ORGANIZATION_NAME,
    TextField.ORGANIZATION_REFERENCE,
    TextField.OFFER_NAME,
    TextField.BILLING_CYCLE,
    TextField.COMMITMENT_TERM,
)
"""What the search box looks in (seed 003: Organization Name, Organization Reference #, Offer Name, Billing
Cycle, Commitment Term)."""


class LineColumn(StrEnum):
    """A sortable grid column; the value is the column id used by the grid and in saved views."""

    INVOICE_DATE = "invoice_date"
    ORGANIZATION_NAME = "organization_name"
    ORGANIZATION_REFERENCE = "organization_reference"
    CONTRACT_ID = "contract_id"
    OFFER_NAME = "offer_name"
    OFFER_ID = "offer_id"
    VENDOR_NAME = "vendor_name"
    BILLING_CYCLE = "billing_cycle"
    COMMITMENT_TERM = "commitment_term"
    QUANTITY = "quantity"
    COST = "cost"
    REVENUE = "revenue"
    CHARGE_START_DATE = "charge_start_date"
    CHARGE_END_DATE = "charge_end_date"
    CHARGE_TYPE = "charge_type"
    PSA_COMPANY_NAME = "psa_company_name"
    PSA_COMPANY_ID = "psa_company_id"
    PSA_AGREEMENT_NAME = "psa_agreement_name"
    PSA_PRODUCT_NAME = "psa_product_name"
    PSA_PRODUCT_ID = "psa_product_id"
    MAPPING_STATUS = "mapping_status"
    PSA_STATUS = "psa_status"


@dataclass(frozen=True, slots=True)
class SortIndex:
    """An index of a period's line table whose order is a column's sort order (then the line id).

    `covers_search` says the index also holds the five searched columns, so a walk under a search tests each
    line inside the index instead of reading it from the table.
    """

    name: str
    keys: tuple[str, ...]
    covers_search: bool = False

    def create_sql(self, table: str) -> str:
        return f"CREATE INDEX {table}_{self.name} ON {table} ({', '.join(self.keys)})"

    def on(self, table: str) -> str:
        return f"{table}_{self.name}"


def _search_index(lead: TextField) -> SortIndex:
    rest = tuple(field.value for field in SEARCH_FIELDS if field is not lead)
    return SortIndex(f"search_{lead.value}", (lead.value, *rest), covers_search=True)


def _covering_index(column: LineColumn) -> SortIndex:
    searched = tuple(field.value for field in SEARCH_FIELDS)
    return SortIndex(f"by_{column.value}", (column.value, *searched), covers_search=True)


SEARCH_INDEXES: dict[TextField, SortIndex] = {field: _search_index(field) for field in SEARCH_FIELDS}

COVERING_COLUMNS = (LineColumn.CONTRACT_ID, LineColumn.OFFER_ID, LineColumn.VENDOR_NAME)
"""Platform texts that belong to the same organization or offer as the searched texts: a search is likely to
match lines bunched together in their order (an offer's name while sorted by offer id), so their indexes carry
the searched columns and a walk can skip the bunches without reading the table."""

_PLAIN_KEYS: dict[LineColumn, str] = {
    LineColumn.INVOICE_DATE: "invoice_date",
    LineColumn.QUANTITY: "quantity_key",
    LineColumn.COST: "cost_key",
    LineColumn.REVENUE: "revenue_key",
    LineColumn.CHARGE_START_DATE: "charge_start",
    LineColumn.CHARGE_END_DATE: "charge_end",
    LineColumn.CHARGE_TYPE: "charge_type",
    LineColumn.PSA_COMPANY_NAME: "psa_company_name",
    LineColumn.PSA_COMPANY_ID: "psa_company_id",
    LineColumn.PSA_AGREEMENT_NAME: "psa_agreement_name",
    LineColumn.PSA_PRODUCT_NAME: "psa_product_name",
    LineColumn.PSA_PRODUCT_ID: "psa_product_id",
    LineColumn.MAPPING_STATUS: "mapping_status",
    LineColumn.PSA_STATUS: "psa_status",
}

SORT_INDEXES: dict[LineColumn, SortIndex] = {
    **{LineColumn(field.value): index for field, index in SEARCH_INDEXES.items()},
    **{column: _covering_index(column) for column in COVERING_COLUMNS},
    **{column: SortIndex(f"by_{column.value}", (key,)) for column, key in _PLAIN_KEYS.items()},
}
"""The index behind each column's sort. Charge Type's index orders lines by type code; the grid visits the
types in the order of their shown names."""

BUCKETED_COLUMNS = frozenset({LineColumn.CHARGE_TYPE})
"""Columns sorted by visiting one index range per value in an order decided at query time."""


def sort_index(column: LineColumn) -> SortIndex:
    return SORT_INDEXES[column]
