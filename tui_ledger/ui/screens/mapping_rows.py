"""The Mapping screen's two lists as row sources for the virtual table, and their columns.

A million-line month names tens of thousands of organizations. A DataTable holding them all takes seconds to
fill; the virtual table draws only the rows on screen, and asks each of them for its cells when drawn — which is
when an organization's line counts and its near-name suggestion are computed (see `services/.../mapping.py`).
The rows live in a Python list (the overview), arranged here: sorted by a column, searched by name, reference,
vendor or mapped company/product. Mapping rows carry no marks (`space`, `s` and `u` leave them as they are); the
mark column instead shows what is done: the table's "posted" glyph, on a dimmed row, for a mapped organization
or offer, an empty box for one still to map.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tui_ledger.services.invoice_lines.mapping import OfferRow, OrganizationRow
from tui_ledger.services.invoice_lines.suggestions import Suggestion
from tui_ledger.ui.screens.mapping_dialogues import agreement_label
from tui_ledger.ui.widgets.virtual_source import VirtualCell, VirtualColumn

R = TypeVar("R", OrganizationRow, OfferRow)


@dataclass(frozen=True, slots=True)
class MappingItem(Generic[R]):
    """One organization or offer as the virtual table sees it: a key (its place in the overview), never marked;
    "markable" only while unmapped, so that the table draws a mapped row as done."""

    key: int
    row: R

    @property
    def marked(self) -> bool:
        return False

    @property
    def markable(self) -> bool:
        return not self.row.is_mapped


SortValue = Callable[[R], Hashable]
SearchTexts = Callable[[R], tuple[str, ...]]


class MappingRows(Generic[R]):
    """`RowSource` over the overview's rows of one tab (see the module docstring)."""

    def __init__(self, rows: Sequence[R], sort_values: dict[str, SortValue[R]], search_texts: SearchTexts[R]) -> None:
        self._items = [MappingItem(key, row) for key, row in enumerate(rows)]
        self._sort_values = sort_values
        self._search_texts = search_texts
        self._column: str | None = None
        self._descending = False
        self._text = ""
        self._marked_only = False
        self._view: list[int] | None = None
        self._folded: list[str] | None = None
        self._matches: tuple[str, list[int]] | None = None

    @property
    def rows(self) -> list[R]:
        return [item.row for item in self._items]

    def replace(self, key: int, row: R) -> None:
        """Put a row read again (after it was mapped) in its place; the view is arranged again if it must be."""
        self._items[key] = MappingItem(key, row)
        if self._folded is not None:
            self._folded[key] = self._haystack(row)
        self._matches = None
        if self._column is not None or self._text:
            self._view = None

    def count(self) -> int:
        return len(self._current())

    def window(self, offset: int, limit: int) -> list[MappingItem[R]]:
        start = max(offset, 0)
        return [self._items[key] for key in self._current()[start : start + max(limit, 0)]]

    def sort(self, column: str | None, descending: bool = False) -> None:
        self._column = column if column in self._sort_values else None
        self._descending = descending
        self._view = None

    def search(self, text: str) -> None:
        self._text = text.strip().casefold()
        self._view = None

    def show_marked_only(self, on: bool) -> None:
        self._marked_only = on
        self._view = None

    def set_marked(self, key: int, marked: bool) -> bool:
        return False

    def mark_all(self, marked: bool) -> int:
        return 0

    def marked_count(self) -> int:
        return 0

    def _current(self) -> list[int]:
        if self._view is None:
            self._view = self._arranged()
        return self._view

    def _arranged(self) -> list[int]:
        if self._marked_only:
            return []
        items = self._items
        if self._text:
            items = [items[key] for key in self._matching(self._text)]
        if self._column is not None:
            value = self._sort_values[self._column]
            items = sorted(items, key=lambda item: value(item.row), reverse=self._descending)
        return [item.key for item in items]

    def _matching(self, needle: str) -> list[int]:
        """Keys of the rows whose texts contain `needle`. Each keystroke of a search usually adds a letter, so the
        rows are narrowed from the previous answer when it is a prefix; every row's texts are folded once."""
        if self._folded is None:
            self._folded = [self._haystack(item.row) for item in self._items]
        folded = self._folded
        previous = self._matches
        if previous is not None and needle.startswith(previous[0]):
            keys = [key for key in previous[1] if needle in folded[key]]
        else:
            keys = [key for key, text in enumerate(folded) if needle in text]
        self._matches = (needle, keys)
        return keys

    def _haystack(self, row: R) -> str:
        """A row's searched texts, case-folded, in one string (a newline between them never matches a needle,
        which is stripped of surrounding space and typed on one line)."""
        return "\n".join(text.casefold() for text in self._search_texts(row) if text)


def suggestion_cell(suggestion: Suggestion | None, mapped: bool) -> VirtualCell:
    """`= name` for an exact match, `~ name (86%)` for a near one; dimmed once the row is mapped."""
    if suggestion is None:
        return VirtualCell("")
    tone = "muted" if mapped else ("ready" if suggestion.exact else None)
    return VirtualCell(suggestion.text, tone=tone)


def company_text(row: OrganizationRow) -> str:
    if not row.companies:
        return ""
    more = len(row.companies) - 1
    return row.companies[0].company.company_name + (f" (+{more})" if more else "")


def _folded(text: str) -> str:
    return text.casefold()


def _unmapped_last(text: str) -> tuple[bool, str]:
    """Sort key of a mapped name: unmapped rows (no name) sort first ascending, so `[` on the column lists what is
    left to map at the top."""
    return (bool(text), text.casefold())


ORGANIZATION_COLUMNS: tuple[VirtualColumn[MappingItem[OrganizationRow]], ...] = (
    VirtualColumn("organization", "Organization", 24, lambda item: VirtualCell(item.row.organization.name)),
    VirtualColumn("company", "PSA Company", 20, lambda item: VirtualCell(company_text(item.row))),
    VirtualColumn(
        "suggestion",
        "Suggestion",
        24,
        lambda item: suggestion_cell(item.row.suggestion, item.row.is_mapped),
        sortable=False,
    ),
    VirtualColumn(
        "agreement",
        "Agreement",
        16,
        lambda item: VirtualCell(
            agreement_label(item.row.companies[0].company.agreement) if item.row.companies else ""
        ),
    ),
    VirtualColumn("lines", "Lines", 7, lambda item: VirtualCell(f"{item.row.counts.lines:,}"), align="right"),
    VirtualColumn("reference", "Ref #", 10, lambda item: VirtualCell(item.row.organization.reference)),
)
"""Name, mapping and suggestion first: what a user decides on fits in 80 columns; the rest scrolls."""

ORGANIZATION_SORTS: dict[str, SortValue[OrganizationRow]] = {
    "organization": lambda row: _folded(row.organization.name),
    "company": lambda row: _unmapped_last(company_text(row)),
    "agreement": lambda row: _folded(agreement_label(row.companies[0].company.agreement) if row.companies else ""),
    "lines": lambda row: row.counts.lines,
    "reference": lambda row: _folded(row.organization.reference),
}


def organization_search_texts(row: OrganizationRow) -> tuple[str, ...]:
    return (
        row.organization.name,
        row.organization.reference,
        *(mapping.company.company_name for mapping in row.companies),
    )


OFFER_COLUMNS: tuple[VirtualColumn[MappingItem[OfferRow]], ...] = (
    VirtualColumn("offer", "Offer", 28, lambda item: VirtualCell(item.row.offer.name)),
    VirtualColumn(
        "product",
        "PSA Product",
        16,
        lambda item: VirtualCell(item.row.product.product_name if item.row.product else ""),
    ),
    VirtualColumn(
        "suggestion",
        "Suggestion",
        26,
        lambda item: suggestion_cell(item.row.suggestion, item.row.is_mapped),
        sortable=False,
    ),
    VirtualColumn("vendor", "Vendor", 10, lambda item: VirtualCell(item.row.offer.vendor)),
    VirtualColumn("lines", "Lines", 7, lambda item: VirtualCell(f"{item.row.counts.lines:,}"), align="right"),
    VirtualColumn("offer_id", "Offer ID", 14, lambda item: VirtualCell(item.row.offer.offer_id)),
)

OFFER_SORTS: dict[str, SortValue[OfferRow]] = {
    "offer": lambda row: _folded(row.offer.name),
    "product": lambda row: _unmapped_last(row.product.product_name if row.product else ""),
    "vendor": lambda row: _folded(row.offer.vendor),
    "lines": lambda row: row.counts.lines,
    "offer_id": lambda row: _folded(row.offer.offer_id),
}


def offer_search_texts(row: OfferRow) -> tuple[str, ...]:
    return (row.offer.name, row.offer.vendor, row.offer.offer_id, row.product.product_name if row.product else "")


def organization_rows(rows: Sequence[OrganizationRow]) -> MappingRows[OrganizationRow]:
    return MappingRows(rows, ORGANIZATION_SORTS, organization_search_texts)


def offer_rows(rows: Sequence[OfferRow]) -> MappingRows[OfferRow]:
    return MappingRows(rows, OFFER_SORTS, offer_search_texts)
