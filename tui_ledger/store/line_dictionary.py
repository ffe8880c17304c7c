"""Each period's platform texts, stored once and numbered in sort order.

A million lines name perhaps twenty thousand organizations and two thousand offers. Storing each distinct
text once per period, and on the line only its code, does three things for the grid:

- the code is the text's rank (case-insensitive order, then exact text), so sorting lines by organization
  name is sorting by a small integer, in an integer index that builds in a fraction of a second;
- a search scans the twenty thousand distinct names, not a million lines, and turns the hits into code sets
  (`line_search`); the number of lines behind each text is kept here, so a search over one column is counted
  without touching a line;
- a window decodes its codes from memory.

The grid's first frame needs only the texts of the lines on screen, so a period's texts are read lazily: a
window reads the codes it shows, and the whole dictionary is read once, when something needs all of it (a
search, an edit by name) or earlier in a worker thread after the first frame (`FieldTexts`).

A load of a list reads the texts first and encodes lines with their final ranks (`RankedCodes`). A load of a
stream sees texts in arrival order, so it numbers them provisionally as they come (`TextCoder`), then
renumbers by rank once all are known (`TextCoder.ranks`).
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tui_ledger.store.line_columns import TextField

EMPTY_TEXT = ""
"""What an absent text (no reference number, no vendor) is stored as; it ranks first."""


def text_order_key(value: str) -> tuple[str, str]:
    """Case-insensitive order, exact text as tie-break, so that `Acme` and `acme` get distinct, stable ranks."""
    return (value.casefold(), value)


class TextCoder:
    """Provisional codes for one field's texts in arrival order, with the number of lines using each."""

    __slots__ = ("_codes", "counts", "values")

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}
        self.values: list[str] = []
        self.counts: list[int] = []

    def code(self, value: str | None) -> int:
        text = EMPTY_TEXT if value is None else value
        code = self._codes.get(text)
        if code is None:
            code = self._codes[text] = len(self.values)
            self.values.append(text)
            self.counts.append(0)
        self.counts[code] += 1
        return code

    def add_all(self, values: Iterable[str | None]) -> None:
        """Count many texts at once (a load of a list): `Counter` counts in C, several times faster than `code`.

        Codes are provisional as with `code`; only a list load uses this, and it encodes lines with ranks.
        """
        for value, lines in Counter(values).items():
            text = EMPTY_TEXT if value is None else value
            code = self._codes.get(text)
            if code is None:
                code = self._codes[text] = len(self.values)
                self.values.append(text)
                self.counts.append(0)
            self.counts[code] += lines

    def ranks(self) -> list[int]:
        """`ranks()[provisional] == rank` of that text among all texts of the field."""
        order = sorted(range(len(self.values)), key=lambda code: text_order_key(self.values[code]))
        ranks = [0] * len(order)
        for rank, code in enumerate(order):
            ranks[code] = rank
        return ranks

    def is_ranked(self) -> bool:
        """True when texts arrived in rank order already, so no renumbering is needed."""
        return all(rank == code for code, rank in enumerate(self.ranks()))

    def ranked_rows(self, field: TextField) -> Iterable[tuple[str, int, str, int]]:
        """Rows for the dictionary table: (field, rank, text, lines)."""
        ranks = self.ranks()
        for code, value in enumerate(self.values):
            yield (field.value, ranks[code], value, self.counts[code])


class RankedCodes:
    """Final codes (ranks) of a field whose texts are all known: what a load of a list of lines encodes with.

    `code(value)` is the lookup of a dict that also holds None (an absent text, coded as the empty one), so that
    encoding a million lines times nine fields calls no Python function per value.
    """

    __slots__ = ("_ranks", "code")

    def __init__(self, coder: TextCoder) -> None:
        ranks = coder.ranks()
        self._ranks: dict[str | None, int] = {value: ranks[code] for code, value in enumerate(coder.values)}
        if EMPTY_TEXT in self._ranks:
            self._ranks[None] = self._ranks[EMPTY_TEXT]
        self.code: Callable[[str | None], int] = self._ranks.__getitem__


Query = Callable[[str, Sequence[object]], Sequence[Sequence[Any]]]
"""Runs one SELECT and returns its rows: the store's connection, or a worker thread's own."""


@dataclass(frozen=True, slots=True)
class _AllTexts:
    """Every text of one field by code, case-folded for searching, and the lines behind each."""

    values: list[str]
    folded: list[str]
    lines: list[int]


class FieldTexts:
    """One field's texts by code, read from the period's dictionary table when first needed.

    Opening the grid must not wait for the whole dictionary (at a million lines, about seventy thousand texts
    and a hundred milliseconds): the first screen shows a few hundred codes. So the texts are read in two ways:

    - `prefetch(codes)` reads just those codes in one query (what a window of lines does before decoding);
    - everything else (`values`, `folded`, `lines`, `code_of`, a code not prefetched) reads the whole field
      once. `read_all` does that ahead of need, from a worker thread on a connection of its own, so that the
      first search keystroke finds the texts in memory.

    Reading the whole field is guarded by a lock (the worker and the grid's thread may both ask); the result is
    published as one object, so a reader sees either nothing or every text.
    """

    __slots__ = ("_all", "_known", "_lock", "_query", "_table", "field")

    def __init__(self, field: TextField, table: str, query: Query) -> None:
        self.field = field
        self._table = table
        self._query = query
        self._lock = threading.Lock()
        self._all: _AllTexts | None = None
        self._known: dict[int, str] = {}

    @property
    def is_read(self) -> bool:
        """Every text of the field is in memory."""
        return self._all is not None

    @property
    def values(self) -> Sequence[str]:
        return self._read().values

    @property
    def folded(self) -> Sequence[str]:
        return self._read().folded

    @property
    def lines(self) -> Sequence[int]:
        return self._read().lines

    def text(self, code: int) -> str:
        every = self._all
        if every is not None:
            return every.values[code]
        known = self._known.get(code)
        return known if known is not None else self._read().values[code]

    def prefetch(self, codes: Iterable[int]) -> None:
        """Read these codes' texts in one query, unless the whole field is read already."""
        if self._all is not None:
            return
        missing = [code for code in set(codes) if code not in self._known]
        if not missing:
            return
        rows = self._query(
            f"SELECT code, value FROM {self._table} WHERE field = ? AND code IN (SELECT value FROM json_each(?))",
            [self.field.value, json.dumps(missing)],
        )
        self._known.update((int(code), str(value)) for code, value in rows)

    def read(self, query: Query | None = None) -> None:
        """Read every text of the field now (once), through `query` when given (a worker thread's connection)."""
        self._read(query)

    def matching(self, needle: str) -> list[int]:
        """Codes whose text contains `needle` (already case-folded)."""
        return [code for code, folded in enumerate(self.folded) if needle in folded]

    def lines_with(self, codes: Iterable[int]) -> int:
        lines = self.lines
        return sum(lines[code] for code in codes)

    def code_of(self, value: str) -> int | None:
        """The code of an exact text, by binary search over the ranked texts."""
        values = self.values
        low, high = 0, len(values)
        target = text_order_key(value)
        while low < high:
            middle = (low + high) // 2
            if text_order_key(values[middle]) < target:
                low = middle + 1
            else:
                high = middle
        if low < len(values) and values[low] == value:
            return low
        return None

    def _read(self, query: Query | None = None) -> _AllTexts:
        every = self._all
        if every is not None:
            return every
        with self._lock:
            if self._all is None:
                self._all = _read_field(query or self._query, self._table, self.field)
            return self._all


def _read_field(query: Query, table: str, field: TextField) -> _AllTexts:
    """One field's rows, gathered by SQLite into three JSON arrays (a third of the cost of fetching rows)."""
    rows = query(
        "SELECT json_group_array(code), json_group_array(value), json_group_array(lines) "
        f"FROM (SELECT code, value, lines FROM {table} WHERE field = ? ORDER BY code)",
        [field.value],
    )
    codes, values, lines = (json.loads(column) for column in rows[0])
    if codes != list(range(len(codes))):
        gap = next(position for position, code in enumerate(codes) if code != position)
        raise ValueError(f"dictionary of {field.value} skips from code {gap - 1} to {codes[gap]}")
    return _AllTexts(values, [value.casefold() for value in values], lines)


class PeriodTexts:
    """All dictionary fields of one period generation, each read when first needed (see `FieldTexts`)."""

    def __init__(self, table: str, query: Query) -> None:
        self.table = table
        self._fields = {field: FieldTexts(field, table, query) for field in TextField}

    def __getitem__(self, field: TextField) -> FieldTexts:
        return self._fields[field]

    @property
    def is_read(self) -> bool:
        """Every field's texts are in memory."""
        return all(field.is_read for field in self._fields.values())

    def read_all(self, query: Query | None = None) -> None:
        """Read every field now (a worker thread does this after the grid's first frame, with its own `query`)."""
        for field in self._fields.values():
            field.read(query)
