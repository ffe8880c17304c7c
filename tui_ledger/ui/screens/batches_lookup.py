"""The one search box of the Batches screen: seed 001's four places to find a GL batch id, in one.

Whatever the user holds in hand goes in: `invoice 508` or `508`, `expense 4351 bbastine`, `po 984`, `po 984
freight`, `po 984 line 2` or `po 984 DELL-P2723D`, a seed-000 label (`I508`) or a batch identifier. `enter` looks
it up (services/batches/find.py reads ConnectWise and the package) and the records pane lists what was found,
each row naming its batch. After an unbatch the pane looks the document up again, so the record is still in
view — now unposted — for the edit and the rebatch that follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Input

from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.batches.search import SearchError
from tui_ledger.services.batches import BatchDesk, FindResult
from tui_ledger.ui.screens.batches_detail import RecordsView

PLACEHOLDER = "find: invoice 508, expense 4351 bbastine, po 984 freight, po 984 line 2, I508:K3J9QX2A"


@dataclass(frozen=True, slots=True)
class Lookup:
    """A search and what it found, or why it could not be run (an empty box)."""

    text: str
    result: FindResult | None = None
    problem: str | None = None


async def look_up(desk: BatchDesk, text: str) -> Lookup:
    """Run the search; a box that names nothing is a `problem`, not a failure (ConnectWise errors propagate)."""
    try:
        return Lookup(text, await desk.find(text))
    except SearchError as error:
        return Lookup(text, problem=str(error))


def lookup_view(result: FindResult, separator: str) -> RecordsView:
    """`Find(po 981)[4] · 1 batch`: what was typed, how many records, in how many batches."""
    batches = {located.batch.id for located in result.located if located.batch is not None}
    where = f"{len(batches)} batch{'es' if len(batches) != 1 else ''}" if batches else "in no batch"
    title = f"Find({result.query.text})[{len(result.located)}] {separator} {where}"
    return RecordsView(title, result.located, lookup=result.query.text)


def search_text(document: DocumentRef) -> str:
    """What to type to find a document again: `invoice 508`, `expense 4351bbastine`, `purchase order 984`."""
    return document.title


class SearchBox(Input):
    """One line; `enter` searches."""

    HELP = """\
## Find a record's batch

Type what you have in hand and press `enter`:

- an invoice: `invoice 508`, or just `508` (invoices, purchase orders and expenses with that number are looked for);
- an expense with its member: `expense 4351 bbastine` (or `expense 4351`);
- a purchase order `po 984`, its freight `po 984 freight`, a product line `po 984 line 2` or `po 984 DELL-P2723D`;
- a batch: `I508:K3J9QX2A`, `I508`, or part of another tool's batch name such as `AutoSync`.

The records pane lists what was found, each with its batch and its copy in the accounting package. `escape`
goes back to the batch list's batch.
"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
