"""The period's texts are read lazily: the grid opens on the texts its first window shows, the rest follows.

Each test opens the loaded period through a fresh `InvoiceLineStore` (as the app does when it starts), so no
text is in memory yet, and checks what a user sees against a store that read every text up front.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, TODAY, open_database, sample_lines
from tui_ledger.store import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_columns import SEARCH_FIELDS, LineColumn, TextField
from tui_ledger.store.line_dictionary import PeriodTexts, RankedCodes, TextCoder
from tui_ledger.store.line_grid import LineGrid


@pytest.fixture(scope="module")
def database_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A loaded period of 300 lines; the connection that loaded it is closed, so only the file carries over."""
    database = open_database(tmp_path_factory.mktemp("texts"))
    InvoiceLineStore(database).load_period(PERIOD, sample_lines(300), today=TODAY, loaded_at=LOADED_AT)
    database.close()
    return database.path


def fresh_store(path: Path) -> InvoiceLineStore:
    return InvoiceLineStore(Database.open(path))


def period_texts(store: InvoiceLineStore) -> PeriodTexts:
    return store.texts(store.loaded(PERIOD))


def everything_read(path: Path) -> LineGrid:
    """A grid whose store read every text before anything was asked (how the grid worked before)."""
    store = fresh_store(path)
    period_texts(store).read_all()
    return store.grid(PERIOD)


def test_opening_the_grid_and_reading_a_window_reads_only_the_texts_it_shows(database_path: Path) -> None:
    store = fresh_store(database_path)
    grid = store.grid(PERIOD)
    first_screen = grid.window(0, 20)
    texts = period_texts(store)
    assert not any(texts[field].is_read for field in TextField), "no field was read whole to draw 20 lines"
    assert first_screen == everything_read(database_path).window(0, 20)


def test_a_search_before_the_texts_were_read_reads_them_and_finds_the_same_lines(database_path: Path) -> None:
    store = fresh_store(database_path)
    grid = store.grid(PERIOD)
    grid.window(0, 20)
    grid.sort(LineColumn.ORGANIZATION_NAME)
    grid.search("in")
    texts = period_texts(store)
    assert all(texts[field].is_read for field in SEARCH_FIELDS)
    reference = everything_read(database_path)
    reference.sort(LineColumn.ORGANIZATION_NAME)
    reference.search("in")
    assert 0 < grid.count() == reference.count() < 300
    assert grid.window(0, grid.count()) == reference.window(0, reference.count())


def test_the_background_preparation_reads_every_text_once_then_none_is_left(database_path: Path) -> None:
    store = fresh_store(database_path)
    grid = store.grid(PERIOD)
    grid.window(0, 20)
    job = grid.background_preparation()
    assert job is not None
    assert job() is True
    assert period_texts(store).is_read
    assert grid.background_preparation() is None
    assert store.grid(PERIOD).background_preparation() is None, "the texts are kept per period generation"
    assert grid.window(0, 300) == everything_read(database_path).window(0, 300)


def test_windows_and_searches_while_the_texts_are_read_in_another_thread_stay_right(database_path: Path) -> None:
    reference = everything_read(database_path)
    expected = {}
    for word in ("", "a", "ar", "mon"):
        reference.search(word)
        expected[word] = reference.window(0, reference.count())
    for _ in range(5):
        store = fresh_store(database_path)
        grid = store.grid(PERIOD)
        job = grid.background_preparation()
        assert job is not None
        worker = threading.Thread(target=job)
        worker.start()
        for word, lines in expected.items():
            grid.search(word)
            assert grid.window(0, grid.count()) == lines, word
        worker.join()
        assert period_texts(store).is_read


def test_a_dictionary_that_skips_a_code_is_an_error_naming_the_field(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    store = InvoiceLineStore(database)
    store.load_period(PERIOD, sample_lines(40), today=TODAY, loaded_at=LOADED_AT)
    with database.transaction() as connection:
        connection.execute(f"DELETE FROM {store.loaded(PERIOD).shard.text} WHERE field = 'offer_name' AND code = 1")
    with pytest.raises(ValueError, match="dictionary of offer_name skips from code 0 to 2"):
        period_texts(fresh_store(database.path))[TextField.OFFER_NAME].code_of("anything")
    job = fresh_store(database.path).grid(PERIOD).background_preparation()
    assert job is not None
    assert job() is False, "a worker reports the failure by its answer; the grid raises it when it needs the field"


def test_a_list_load_codes_an_absent_text_as_the_empty_one_and_counts_both_together() -> None:
    coder = TextCoder()
    coder.add_all(["beta", None, "Alpha", "", "beta", None])
    ranked = RankedCodes(coder)
    assert [ranked.code(value) for value in (None, "", "Alpha", "beta")] == [0, 0, 1, 2]
    rows = sorted(coder.ranked_rows(TextField.VENDOR_NAME), key=lambda row: row[1])
    assert rows == [("vendor_name", 0, "", 3), ("vendor_name", 1, "Alpha", 1), ("vendor_name", 2, "beta", 2)]
