"""Each period's platform texts, stored once and numbered in sort order.

A million lines name perhaps twenty thousand organizations and two thousand offers. Storing each distinct
text once per period, and on the line only its code, does three things for the grid:

- the code is the text's rank (case-insensitive order, then exact text), so sorting lines by organization
  name is sorting by a small integer, in an integer index that builds in a fraction of a second;
- a search scans the twenty thousand distinct names, not a million lines, and turns the hits into code sets
  (`line_search`); the number of lines behind each text is kept here, so a search over one column is counted
  without touching a line;
- a window decodes its codes from memory.

A load of a list reads the texts first and encodes lines with their final ranks (`RankedCodes`). A load of a
stream sees texts in arrival order, so it numbers them provisionally as they come (`TextCoder`), then
renumbers by rank once all are known (`TextCoder.ranks`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
    """Final codes (ranks) of a field whose texts are all known: what a load of a list of lines encodes with."""

    __slots__ = ("_ranks",)

    def __init__(self, coder: TextCoder) -> None:
        ranks = coder.ranks()
        self._ranks = {value: ranks[code] for code, value in enumerate(coder.values)}

    def code(self, value: str | None) -> int:
        return self._ranks[EMPTY_TEXT if value is None else value]


@dataclass(frozen=True, slots=True)
class FieldTexts:
    """One field's texts by code, their case-folded forms for searching, and the lines behind each."""

    values: Sequence[str]
    folded: Sequence[str]
    lines: Sequence[int]

    def text(self, code: int) -> str:
        return self.values[code]

    def matching(self, needle: str) -> list[int]:
        """Codes whose text contains `needle` (already case-folded)."""
        return [code for code, folded in enumerate(self.folded) if needle in folded]

    def lines_with(self, codes: Iterable[int]) -> int:
        return sum(self.lines[code] for code in codes)

    def code_of(self, value: str) -> int | None:
        """The code of an exact text, by binary search over the ranked texts."""
        low, high = 0, len(self.values)
        target = text_order_key(value)
        while low < high:
            middle = (low + high) // 2
            if text_order_key(self.values[middle]) < target:
                low = middle + 1
            else:
                high = middle
        if low < len(self.values) and self.values[low] == value:
            return low
        return None


class PeriodTexts:
    """All dictionary fields of one period generation, read once into memory."""

    def __init__(self, fields: dict[TextField, FieldTexts]) -> None:
        self._fields = fields

    @classmethod
    def read(cls, rows: Iterable[sqlite3.Row | tuple[str, int, str, int]]) -> PeriodTexts:
        """Build from `(field, code, value, lines)` rows ordered by field and code."""
        collected: dict[TextField, tuple[list[str], list[int]]] = {field: ([], []) for field in TextField}
        for field, code, value, lines in rows:
            values, counts = collected[TextField(field)]
            if code != len(values):
                raise ValueError(f"dictionary of {field} skips from code {len(values) - 1} to {code}")
            values.append(value)
            counts.append(lines)
        return cls(
            {
                field: FieldTexts(values, [value.casefold() for value in values], counts)
                for field, (values, counts) in collected.items()
            }
        )

    def __getitem__(self, field: TextField) -> FieldTexts:
        return self._fields[field]
