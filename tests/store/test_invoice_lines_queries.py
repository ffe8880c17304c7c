"""The grid's questions, answered in windows: sort on every column, search, marked only, summary counts.

Each answer is checked against Python doing the same thing the slow way over all lines: sorting records by the
documented key, filtering by substring. Windows are fetched in scattered order and stitched back together,
and the same checks run with the store's thresholds forced down, so that every strategy (kept id lists, index
walks from anchors, walks tested against a match bitmap) must produce the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, loaded_store, sample_lines
from tui_ledger.domain.invoice_lines import ChargeType
from tui_ledger.store import line_grid
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_columns import SEARCH_FIELDS, LineColumn, TextField
from tui_ledger.store.line_dictionary import text_order_key
from tui_ledger.store.line_grid import LineGrid
from tui_ledger.store.line_mappings import NEW_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.store.line_records import LineRecord
from tui_ledger.store.line_search import SearchArm, code_runs

CUSTOM_NAMES = {ChargeType.CYCLE_FEE: "Monthly licence", ChargeType.USAGE_FEE: "Azure consumption"}


def varied_store(folder: Path) -> InvoiceLineStore:
    """The sample period with lines mapped, partly mapped, edited, synced and failed, so PSA columns vary."""
    store = loaded_store(folder, sample_lines(240))
    editor = store.editor(PERIOD)
    editor.set_psa_company(list(range(200, 221)), CompanyChoice(5, "Delta", NEW_AGREEMENT))
    editor.set_psa_product(list(range(200, 221)), ProductChoice(42, "Licence"))
    chooser = random.Random(3)
    for key in chooser.sample(range(1, 241), 60):
        editor.set_psa_company([key], CompanyChoice(chooser.randint(1, 9), chooser.choice(["acme", "Beta", "ACME"])))
    for key in chooser.sample(range(1, 241), 50):
        editor.set_psa_product([key], ProductChoice(chooser.randint(100, 105), chooser.choice(["Zeta", "alpha"])))
    for key in chooser.sample(range(1, 241), 40):
        agreement = chooser.choice([NEW_AGREEMENT, AgreementChoice(chooser.randint(1, 4), chooser.choice(["Y", "x"]))])
        editor.set_psa_agreement([key], agreement)
    for key in chooser.sample(range(1, 241), 30):
        editor.set_charge_end([key], date(2026, 5, chooser.randint(1, 31)))
    for key in chooser.sample(range(1, 241), 20):
        editor.record_sync(key, chooser.choice([PsaStatus.SYNCED, PsaStatus.ERROR]), at=LOADED_AT)
    return store


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> InvoiceLineStore:
    """One varied period for the tests that only read (sorting and searching)."""
    return varied_store(tmp_path_factory.mktemp("shared"))


@pytest.fixture
def store(tmp_path: Path) -> InvoiceLineStore:
    """A varied period of its own, for tests that mark or edit."""
    return varied_store(tmp_path)


def everything(grid: LineGrid) -> list[LineRecord]:
    grid.sort(None)
    grid.search("")
    grid.show_marked_only(False)
    return grid.window(0, grid.count())


def stitched(grid: LineGrid, size: int = 7, seed: int = 1) -> list[LineRecord]:
    """All rows of the view, fetched as windows in a scattered order and put back in place."""
    count = grid.count()
    offsets = list(range(0, count, size))
    random.Random(seed).shuffle(offsets)
    found: dict[int, list[LineRecord]] = {offset: grid.window(offset, size) for offset in offsets}
    return [record for offset in sorted(found) for record in found[offset]]


def _text(value: str) -> tuple[str, str]:
    return text_order_key(value)


def _nocase(value: str) -> str:
    return "".join(character.lower() if character.isascii() else character for character in value)


def _day(value: date | None) -> int:
    return 0 if value is None else value.toordinal()


def _search_key(lead: TextField) -> Callable[[LineRecord], tuple[Any, ...]]:
    fields = [lead, *(field for field in SEARCH_FIELDS if field is not lead)]
    return lambda record: tuple(_text(getattr(record, field.value)) for field in fields)


def _then_searched(field: TextField) -> Callable[[LineRecord], tuple[Any, ...]]:
    fields = [field, *SEARCH_FIELDS]
    return lambda record: tuple(_text(getattr(record, each.value)) for each in fields)


EXPECTED_KEYS: dict[LineColumn, Callable[[LineRecord], Any]] = {
    LineColumn.INVOICE_DATE: lambda r: r.invoice_date,
    LineColumn.ORGANIZATION_NAME: _search_key(TextField.ORGANIZATION_NAME),
    LineColumn.ORGANIZATION_REFERENCE: _search_key(TextField.ORGANIZATION_REFERENCE),
    LineColumn.CONTRACT_ID: _then_searched(TextField.CONTRACT_ID),
    LineColumn.OFFER_NAME: _search_key(TextField.OFFER_NAME),
    LineColumn.OFFER_ID: _then_searched(TextField.OFFER_ID),
    LineColumn.VENDOR_NAME: _then_searched(TextField.VENDOR_NAME),
    LineColumn.BILLING_CYCLE: _search_key(TextField.BILLING_CYCLE),
    LineColumn.COMMITMENT_TERM: _search_key(TextField.COMMITMENT_TERM),
    LineColumn.QUANTITY: lambda r: r.quantity,
    LineColumn.COST: lambda r: r.cost,
    LineColumn.REVENUE: lambda r: r.revenue,
    LineColumn.CHARGE_START_DATE: lambda r: _day(r.charge_start_date),
    LineColumn.CHARGE_END_DATE: lambda r: _day(r.charge_end_date),
    LineColumn.CHARGE_TYPE: lambda r: _text(r.charge_type_name),
    LineColumn.PSA_COMPANY_NAME: lambda r: _nocase(r.psa_company_name),
    LineColumn.PSA_COMPANY_ID: lambda r: r.psa_company_id or 0,
    LineColumn.PSA_AGREEMENT_NAME: lambda r: _nocase(r.psa_agreement_name),
    LineColumn.PSA_PRODUCT_NAME: lambda r: _nocase(r.psa_product_name),
    LineColumn.PSA_PRODUCT_ID: lambda r: r.psa_product_id or 0,
    LineColumn.MAPPING_STATUS: lambda r: r.mapping_status.label,
    LineColumn.PSA_STATUS: lambda r: r.psa_status.label,
}


def expected_order(records: list[LineRecord], column: LineColumn, descending: bool) -> list[int]:
    key = EXPECTED_KEYS[column]
    ordered = sorted(records, key=lambda record: (key(record), record.key), reverse=descending)
    return [record.key for record in ordered]


def test_every_column_has_an_expected_order() -> None:
    assert set(EXPECTED_KEYS) == set(LineColumn)


@pytest.fixture(params=["as shipped", "probing walks", "probes giving up", "bitmap walks"])
def strategy(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Force the filtered-window strategies the sample is too small to reach on its own."""
    if request.param != "as shipped":
        monkeypatch.setattr(line_grid, "SMALL_RESULT", 0)
        monkeypatch.setattr(line_grid, "PROBE_CHUNK", 3)
    if request.param == "probes giving up":
        monkeypatch.setattr(line_grid, "PROBE_BUDGET", 6)
    if request.param == "bitmap walks":
        monkeypatch.setattr(line_grid, "WALK_LOOKUPS", 0)
    return str(request.param)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", list(LineColumn))
def test_sort_on_every_column_matches_a_python_sort(
    shared_store: InvoiceLineStore, column: LineColumn, descending: bool
) -> None:
    grid = shared_store.grid(PERIOD, CUSTOM_NAMES)
    records = everything(grid)
    grid.sort(column, descending)
    assert [record.key for record in stitched(grid)] == expected_order(records, column, descending)
    assert [record.key for record in grid.window(0, 500)] == expected_order(records, column, descending)


def _matches(record: LineRecord, text: str) -> bool:
    needle = text.strip().casefold()
    return any(needle in getattr(record, field.value).casefold() for field in SEARCH_FIELDS)


SEARCHES = ["contoso", "REF-2", "ålesund", "month", "e", "o", "zzz-no-match", "  ", "Offer for"]


@pytest.mark.parametrize("text", SEARCHES)
@pytest.mark.parametrize(
    "column", [None, LineColumn.COST, LineColumn.ORGANIZATION_NAME, LineColumn.OFFER_ID, LineColumn.CHARGE_TYPE]
)
def test_search_under_a_sort_matches_python_filtering(
    shared_store: InvoiceLineStore, strategy: str, text: str, column: LineColumn | None
) -> None:
    grid = shared_store.grid(PERIOD, CUSTOM_NAMES)
    records = everything(grid)
    grid.sort(column, descending=column is LineColumn.COST)
    grid.search(text)
    shown = [record for record in records if _matches(record, text)]
    if column is None:
        expected = [record.key for record in shown]
    else:
        expected = expected_order(shown, column, descending=column is LineColumn.COST)
    assert grid.count() == len(expected)
    assert [record.key for record in stitched(grid, size=5, seed=len(text))] == expected


def test_a_search_looks_only_in_the_five_searchable_columns(shared_store: InvoiceLineStore) -> None:
    grid = shared_store.grid(PERIOD)
    records = everything(grid)
    vendor_only = "Dropbox"
    assert any(record.vendor_name == vendor_only for record in records)
    grid.search("ropbox")
    found = grid.window(0, grid.count())
    assert found, "Dropbox is also in an offer name"
    assert all("ropbox" in record.offer_name.casefold() for record in found)
    grid.search("C-org-1")
    assert grid.count() == 0, "Contract ID is not searched"


@pytest.mark.parametrize("column", [None, LineColumn.INVOICE_DATE, LineColumn.CHARGE_TYPE])
def test_marked_only_shows_the_marked_lines_in_view_order(
    store: InvoiceLineStore, strategy: str, column: LineColumn | None
) -> None:
    grid = store.grid(PERIOD)
    records = everything(grid)
    markable = [record for record in records if record.markable]
    chosen = random.Random(5).sample(markable, 30)
    for record in chosen:
        assert grid.set_marked(record.key, True)
    grid.sort(column)
    grid.show_marked_only(True)
    marked = [record for record in records if record.key in {chosen_record.key for chosen_record in chosen}]
    expected = [r.key for r in marked] if column is None else expected_order(marked, column, descending=False)
    assert grid.count() == 30
    assert [record.key for record in stitched(grid, size=4)] == expected
    assert all(record.marked for record in grid.window(0, 30))

    grid.search("contoso")
    both = [record for record in marked if _matches(record, "contoso")]
    assert grid.count() == len(both)
    expected_both = [r.key for r in both] if column is None else expected_order(both, column, descending=False)
    assert [record.key for record in stitched(grid, size=3)] == expected_both


def test_charge_type_sorts_by_the_names_the_grid_shows(shared_store: InvoiceLineStore) -> None:
    grid = shared_store.grid(PERIOD, {ChargeType.CYCLE_FEE: "Zz monthly licence"})
    grid.sort(LineColumn.CHARGE_TYPE)
    shown = [record.charge_type_name for record in grid.window(0, grid.count())]
    assert shown[-1] == "Zz monthly licence"
    assert shown == sorted(shown, key=text_order_key)
    grid.set_charge_type_names({})
    shown = [record.charge_type_name for record in grid.window(0, grid.count())]
    assert "Cycle Fee" in shown
    assert shown == sorted(shown, key=text_order_key)


def test_summary_counts_total_mapped_unmapped_and_what_is_showing(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    records = everything(grid)
    mapped = sum(record.mapping_status.label == "Mapped" for record in records)
    assert 0 < mapped < len(records)
    grid.search("contoso")
    summary = grid.summary()
    assert summary.total == 240
    assert (summary.mapped, summary.unmapped) == (mapped, 240 - mapped)
    assert summary.showing == sum(_matches(record, "contoso") for record in records)
    assert summary.showing_text == f"Showing {summary.showing:,} of 240 invoice lines"
    assert summary.totals_text == f"Total invoice lines: 240 | Mapped: {mapped} | Unmapped: {240 - mapped}"


@pytest.mark.parametrize("step", [1, 3, 4_096])
def test_mapped_and_unmapped_are_counted_right_whichever_side_is_smaller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: int
) -> None:
    monkeypatch.setattr(line_grid, "STATUS_COUNT_STEP", step)
    store = loaded_store(tmp_path, sample_lines(60))
    editor = store.editor(PERIOD)
    for mapped in (0, 7, 53, 60):
        if mapped:
            keys = list(range(1, mapped + 1))
            editor.set_psa_company(keys, CompanyChoice(5, "Delta", NEW_AGREEMENT))
            editor.set_psa_product(keys, ProductChoice(42, "Licence"))
        summary = store.grid(PERIOD).summary()
        assert (summary.mapped, summary.unmapped) == (mapped, 60 - mapped)


def test_summary_follows_edits_after_refresh(store: InvoiceLineStore) -> None:
    grid = store.grid(PERIOD)
    before = grid.summary()
    unmapped = next(
        record for record in everything(grid) if record.mapping_status.label == "Unmapped" and record.markable
    )
    editor = store.editor(PERIOD)
    editor.set_psa_company([unmapped.key], CompanyChoice(3, "Gamma", NEW_AGREEMENT))
    editor.set_psa_product([unmapped.key], ProductChoice(77, "Seat"))
    grid.refresh()
    assert grid.summary().mapped == before.mapped + 1


def test_windows_past_the_end_are_empty_and_partial_windows_are_cut(shared_store: InvoiceLineStore) -> None:
    grid = shared_store.grid(PERIOD)
    assert grid.window(240, 10) == []
    assert len(grid.window(235, 10)) == 5
    assert grid.window(0, 0) == []
    grid.sort(LineColumn.COST, descending=True)
    costs = [record.cost for record in grid.window(0, 240)]
    assert costs == sorted(costs, reverse=True)
    assert all(isinstance(cost, Decimal) for cost in costs)


def test_matching_codes_are_tested_as_runs_of_consecutive_codes() -> None:
    assert code_runs([7, 3, 4, 5, 9, 10]) == [(3, 5), (7, 7), (9, 10)]
    assert code_runs([]) == []
    arm = SearchArm(TextField.OFFER_NAME, (3, 4, 5, 9), 12, bytes(11))
    assert arm.holds() == ("(offer_name BETWEEN ? AND ? OR offer_name BETWEEN ? AND ?)", [3, 5, 9, 9])
    assert arm.misses()[0] == "NOT (offer_name BETWEEN ? AND ? OR offer_name BETWEEN ? AND ?)"
    scattered = SearchArm(TextField.OFFER_NAME, (1, 3, 5, 7, 9), 12, bytes(11))
    assert scattered.holds()[0] == "substr(?, offer_name + 1, 1) = x'01'", "many runs: the bitmap"


@pytest.mark.parametrize("column", [None, LineColumn.COST, LineColumn.OFFER_ID])
def test_a_background_count_lets_windows_be_read_first_and_is_never_guessed(
    shared_store: InvoiceLineStore, strategy: str, column: LineColumn | None
) -> None:
    grid = shared_store.grid(PERIOD)
    records = everything(grid)
    grid.sort(column)
    grid.search("in")
    counting = grid.background_count()
    assert counting is not None, "'in' matches parts of two fields: counting it takes a query"
    assert grid.summary().showing is None
    assert grid.summary().showing_text == "Showing (counting…) of 240 invoice lines"
    shown = [record for record in records if _matches(record, "in")]
    expected = [record.key for record in shown] if column is None else expected_order(shown, column, False)
    assert [record.key for record in grid.window(0, 7)] == expected[:7], "the first lines, without the count"
    assert [record.key for record in grid.window(len(expected) - 3, 10)] == expected[-3:], "cut at the end"
    assert counting() == len(expected)
    assert grid.summary().showing == len(expected)
    assert grid.count() == len(expected)
    assert grid.background_count() is None, "counted: nothing left to count"
    assert [record.key for record in stitched(grid, size=6)] == expected


def test_a_cancelled_background_count_answers_nothing_and_the_grid_counts_itself(
    shared_store: InvoiceLineStore,
) -> None:
    grid = shared_store.grid(PERIOD)
    records = everything(grid)
    grid.search("o")
    counting = grid.background_count()
    assert counting is not None
    counting.cancel()
    assert counting() is None
    assert grid.summary().showing == sum(_matches(record, "o") for record in records), "counted at once instead"
    grid.search("contoso")
    assert grid.background_count() is None, "one field matches: the dictionary tells the count"


@pytest.mark.parametrize("word", ["contoso", "month", "offer for", "REF-2"])
@pytest.mark.parametrize("column", [None, LineColumn.COST, LineColumn.OFFER_ID, LineColumn.ORGANIZATION_NAME])
def test_typing_a_search_letter_by_letter_shows_what_the_whole_word_would(
    shared_store: InvoiceLineStore, strategy: str, word: str, column: LineColumn | None
) -> None:
    """Each letter narrows the previous search (only its texts are scanned again, walks start at its first line):
    the rows must be exactly those of the same search typed at once."""
    grid = shared_store.grid(PERIOD)
    records = everything(grid)
    grid.sort(column, descending=column is LineColumn.OFFER_ID)
    for length in range(1, len(word) + 1):
        text = word[:length]
        grid.search(text)
        first = [record.key for record in grid.window(0, 3)]
        shown = [record for record in records if _matches(record, text)]
        if column is None:
            expected = [record.key for record in shown]
        else:
            expected = expected_order(shown, column, descending=column is LineColumn.OFFER_ID)
        assert first == expected[:3], f"{text!r}: the first window, read first as the grid does"
        assert [record.key for record in stitched(grid, size=4, seed=length)] == expected, text
