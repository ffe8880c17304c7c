"""The records pane of the Batches screen: a batch's records (or what a search found), each with where it is in
the accounting package — the target number, status, amount and id of its copy.

Seed 001 sends the user to four ConnectWise screens to learn where a record is, and to the package to learn
whether its copy is still there; this pane puts both on one row. A purchase order's freight and products are
separate records but one bill in the package, so their rows show the same copy. Rows from a search also name the
batch each record is in. `space` marks records (VisiData's row grammar: `s` marks, `u` unmarks) for a rebatch
of several records together. The line under the table shows the highlighted row in full.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import DataTable

from tui_ledger.domain.batches.package import PackageCopy, PackageSide
from tui_ledger.domain.batches.records import RecordKey, RecordState
from tui_ledger.domain.money import format_money
from tui_ledger.services.batches import Located
from tui_ledger.ui.glyphs import Glyphs
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.screens.batches_keys import RECORDS_COMMANDS

STATE_STYLES = {RecordState.BATCHED: "", RecordState.UNBATCHED: "bold", RecordState.UNPOSTED: "dim"}


@dataclass(frozen=True, slots=True)
class RecordsView:
    """What the pane shows: the rows and the k9s-style title; `lookup` names the search when rows come from one."""

    title: str
    rows: tuple[Located, ...]
    lookup: str | None = None
    read_only_reason: str | None = None


def shown_copy(side: PackageSide | None) -> PackageCopy | None:
    """The copy a row shows: the live one (the first, when the package holds a duplicate), else the newest gone."""
    if side is None or not side.copies:
        return None
    live = side.live_copies
    return live[0] if live else side.copies[-1]


def package_cells(side: PackageSide | None) -> tuple[Text, Text, Text, Text]:
    """Target number, status, amount and id of the document's copy; why not, when there is none to show."""
    copy = shown_copy(side)
    if side is None or not side.looked_up:
        return (Text("not looked up", style="dim"), Text(""), Text(""), Text(""))
    if copy is None:
        return (Text(f"not in {side.package}", style="dim"), Text(""), Text(""), Text(""))
    status = copy.status.value
    extra = len(side.live_copies) - 1
    if extra > 0:
        status += f" (+{extra} copies)"
    return (
        Text(copy.number or ""),
        Text(status, style="bold" if copy.status.is_gone or extra > 0 else ""),
        Text(format_money(copy.total, copy.currency), justify="right"),
        Text(copy.target_id),
    )


def record_cells(located: Located, marked: bool, glyphs: Glyphs, *, with_batch: bool) -> tuple[Text, ...]:
    record = located.record
    cells = [
        Text(glyphs.checked if marked else glyphs.unchecked),
        Text(record.label),
        Text(record.state.value, style=STATE_STYLES[record.state]),
        Text(format_money(record.amount, record.currency), justify="right"),
    ]
    if with_batch:
        cells.append(Text(located.batch.identifier if located.batch is not None else "(none)"))
    return (*cells, *package_cells(located.package))


def column_titles(package: str, *, with_batch: bool) -> tuple[str, ...]:
    batch = ("Batch",) if with_batch else ()
    return ("", "Record", "State", "Amount", *batch, f"{package} #", "Status", f"{package} amount", f"{package} id")


def record_detail(located: Located, separator: str) -> str:
    """The highlighted row in full: the record, where it is in ConnectWise, and every copy in the package."""
    record = located.record
    facts = [record.label, format_money(record.amount, record.currency), record.party or "", located.where]
    head = f" {separator} ".join(fact for fact in facts if fact)
    side = located.package
    if side is None:
        return head
    ids = "; ".join(f"{copy.number or '?'} id {copy.target_id}" for copy in side.copies)
    return f"{head}\nCopy: {side.summary}" + (f" {separator} {ids}" if ids else "")


class RecordTable(DataTable[Text]):
    """The rows of a `RecordsView`; marks survive a redraw for the records still shown."""

    LEDGER_COMMANDS = RECORDS_COMMANDS
    BINDINGS = bindings_for(RECORDS_COMMANDS)
    HELP = """\
## Records and their copies in the package

Each record of the batch (or each record the search found) with its state in ConnectWise — batched, unbatched
(back on the Unposted tab, ConnectWise remembering the batch) or unposted — and the copy the accounting package
holds of its document: number, status, amount and id. A purchase order's freight and products share one copy
(the PO is one bill). The line under the table shows the highlighted record in full.

- `b` unbatches the highlighted record, asking first what happens to its copy in the package.
- `r` rebatches the marked records (or the highlighted one): into the original batch, or through the export.
- `space` marks or unmarks a record; `s` marks, `u` unmarks.
- `d` deletes the batch of the highlighted record; `escape` leaves a search and shows the batch list's batch.
"""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, id=id)
        self.view: RecordsView | None = None
        self.marked: set[RecordKey] = set()
        self.package = "package"
        self.glyphs: Glyphs | None = None

    def show(self, view: RecordsView, package: str, glyphs: Glyphs) -> None:
        """Draw `view`; the cursor stays on the record it was on when that record is still shown."""
        kept = self.highlighted
        self.view, self.package, self.glyphs = view, package, glyphs
        self.marked &= {located.record.key for located in view.rows}
        self.clear(columns=True)
        with_batch = view.lookup is not None
        for title in column_titles(package, with_batch=with_batch):
            self.add_column(title)
        for located in view.rows:
            self.add_row(*record_cells(located, located.record.key in self.marked, glyphs, with_batch=with_batch))
        if kept is not None:
            row = next((i for i, found in enumerate(view.rows) if found.record.key == kept.record.key), None)
            if row is not None:
                self.move_cursor(row=row)

    @property
    def rows_shown(self) -> tuple[Located, ...]:
        return self.view.rows if self.view is not None else ()

    @property
    def highlighted(self) -> Located | None:
        rows = self.rows_shown
        if not rows or not 0 <= self.cursor_row < len(rows):
            return None
        return rows[self.cursor_row]

    def chosen(self) -> list[Located]:
        """The marked rows, or the highlighted one when none is marked: what a rebatch acts on."""
        marked = [located for located in self.rows_shown if located.record.key in self.marked]
        if marked:
            return marked
        highlighted = self.highlighted
        return [highlighted] if highlighted is not None else []

    def _set_mark(self, marked: bool, *, advance: bool) -> None:
        located = self.highlighted
        if located is None or self.glyphs is None:
            return
        key = located.record.key
        if marked:
            self.marked.add(key)
        else:
            self.marked.discard(key)
        glyph = self.glyphs.checked if marked else self.glyphs.unchecked
        self.update_cell_at((self.cursor_row, 0), Text(glyph))
        if advance and self.cursor_row < self.row_count - 1:
            self.move_cursor(row=self.cursor_row + 1)

    def action_toggle_mark(self) -> None:
        located = self.highlighted
        if located is not None:
            self._set_mark(located.record.key not in self.marked, advance=False)

    def action_mark(self) -> None:
        """Mark and move down, as the big grid does, so `s s s` marks a run of records."""
        self._set_mark(True, advance=True)

    def action_unmark(self) -> None:
        self._set_mark(False, advance=True)
