"""The Mapping lists' row source: `/` search narrows by name, reference or mapped company as the user types, widens
again on backspace, and sees a company mapped a moment ago."""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.ui.screens.mapping_rows import MappingRows


@dataclass(frozen=True)
class Named:
    """A stand-in for an organization row: a name, a reference and the companies it maps to."""

    name: str
    reference: str
    companies: tuple[str, ...] = ()

    @property
    def is_mapped(self) -> bool:
        return bool(self.companies)


def texts(row: Named) -> tuple[str, ...]:
    return (row.name, row.reference, *row.companies)


ROWS = [
    Named("Granite State Insurance", "C1001"),
    Named("Grand Harbor Hotels", "C1002"),
    Named("Acme Logistics", "C1013"),
    Named("Bayside Family Dental", ""),
]


def names(rows: MappingRows[Named]) -> list[str]:  # type: ignore[type-var]
    return [item.row.name for item in rows.window(0, rows.count())]


def test_each_keystroke_narrows_and_backspace_widens_again() -> None:
    rows = MappingRows(ROWS, {}, texts)  # type: ignore[type-var]
    typed = []
    for text in ("g", "gr", "gra", "gran", "grani", "gran", "gr", ""):
        rows.search(text)
        typed.append(names(rows))
    assert typed == [
        ["Granite State Insurance", "Grand Harbor Hotels", "Acme Logistics"],
        ["Granite State Insurance", "Grand Harbor Hotels"],
        ["Granite State Insurance", "Grand Harbor Hotels"],
        ["Granite State Insurance", "Grand Harbor Hotels"],
        ["Granite State Insurance"],
        ["Granite State Insurance", "Grand Harbor Hotels"],
        ["Granite State Insurance", "Grand Harbor Hotels"],
        [row.name for row in ROWS],
    ]


def test_search_ignores_case_and_finds_references() -> None:
    rows = MappingRows(ROWS, {}, texts)  # type: ignore[type-var]
    rows.search("  c1013 ")
    assert names(rows) == ["Acme Logistics"]
    rows.search("DENTAL")
    assert names(rows) == ["Bayside Family Dental"]


def test_a_text_never_matches_across_two_fields() -> None:
    rows = MappingRows(ROWS, {}, texts)  # type: ignore[type-var]
    rows.search("insurancec1001")
    assert names(rows) == []


def test_a_row_mapped_while_searching_is_found_by_its_new_company() -> None:
    rows = MappingRows(ROWS, {}, texts)  # type: ignore[type-var]
    rows.search("bay")
    assert names(rows) == ["Bayside Family Dental"]
    rows.replace(2, Named("Acme Logistics", "C1013", ("Bayview Freight",)))
    assert names(rows) == ["Acme Logistics", "Bayside Family Dental"]
    rows.search("bayv")
    assert names(rows) == ["Acme Logistics"]
