"""The rows of a details table (seed 004's View Details): one per document, and its lines once expanded.

A `RowSource` for the virtual table, so the details of ten thousand invoices scroll as lightly as ten. Documents
carry the marks (the check boxes of Export Selected); a document's lines are rows of their own under it while it
is expanded, and show the document's mark, because they go wherever their document goes: marking a line marks
its document. Sorting, searching and "marked only" arrange the documents; lines always stay under theirs.

The lines shown are the ones the package will receive (the plan's drafts, after summary level, GL mapping and
down-payment rules), so what the user checks is what is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.domain.checks import Blocked, NotSent, Resolution, Verdict
from tui_ledger.domain.checks.verdicts import Outcome
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import format_money
from tui_ledger.ui.widgets.virtual_source import VirtualCell, VirtualColumn

COUNTERPARTY_TITLES = {
    DocumentKind.INVOICE: "Customer",
    DocumentKind.EXPENSE: "Member",
    DocumentKind.PROCUREMENT: "Supplier",
}
NUMBER_TITLES = {DocumentKind.INVOICE: "Invoice #", DocumentKind.EXPENSE: "Expense #", DocumentKind.PROCUREMENT: "PO #"}
MAIN_DOCUMENT_NAMES = {DocumentKind.INVOICE: "Invoice", DocumentKind.EXPENSE: "Bill", DocumentKind.PROCUREMENT: "Bill"}


@dataclass(frozen=True, slots=True)
class LineFacts:
    """One line as the package will receive it, in the words a user checks it by."""

    description: str
    item: str
    account: str
    amount: Decimal
    tax: str


@dataclass(frozen=True, slots=True)
class DetailRow:
    """A document row (`line` None) or one of its lines; `marked` is the document's mark either way."""

    key: int
    verdict: Verdict
    document_key: int
    marked: bool
    line: LineFacts | None = None
    note: str = ""
    """For a document without lines: why nothing is listed under it."""
    expanded: bool = False
    action: str = ""
    """What export does with the document: send, link, update, not sent."""

    markable = True

    @property
    def is_line(self) -> bool:
        return self.line is not None or bool(self.note)


def action_of(verdict: Verdict, resolution: Resolution | None) -> str:
    if resolution is Resolution.UPDATE:
        return "update"
    if resolution is Resolution.LINK or verdict.outcome is Outcome.LINK:
        return "link"
    if verdict.outcome is Outcome.NOT_SENT:
        return "not sent"
    return "send"


def line_facts(verdict: Verdict) -> tuple[LineFacts, ...]:
    """The package lines of a document: credit parts (a credit note) count negative, as they do in the PSA total."""
    facts: list[LineFacts] = []
    for part in verdict.plan.parts:
        sign = -1 if part.draft.document_type.is_credit else 1
        for line in part.draft.lines:
            facts.append(
                LineFacts(
                    description=line.description,
                    item=line.item_code or "",
                    account=line.account_code or "",
                    amount=sign * line.line_amount,
                    tax=line.tax_code or "",
                )
            )
    return tuple(facts)


def empty_note(verdict: Verdict) -> str:
    """What a document without lines says when expanded (seed 002's log text for an invoice without lines)."""
    if isinstance(verdict, NotSent):
        return verdict.log_text
    if isinstance(verdict, Blocked):
        return "No lines can be planned until its errors are fixed"
    return "No lines"


class DetailsSource:
    """`RowSource` over the verdicts of one pane; `resolutions` says what export does with conflicting ones."""

    def __init__(self, verdicts: Sequence[Verdict], resolution_of: Callable[[Verdict], Resolution | None]) -> None:
        self._verdicts = tuple(verdicts)
        self._actions = tuple(action_of(verdict, resolution_of(verdict)) for verdict in self._verdicts)
        self._marked: set[int] = set()
        self._expanded: set[int] = set()
        self._lines: dict[int, tuple[DetailRow, ...]] = {}
        self._next_line_key = len(self._verdicts)
        self._line_parent: dict[int, int] = {}
        self._column: str | None = None
        self._descending = False
        self._text = ""
        self._marked_only = False
        self._view: list[int] | None = None
        self._rows: list[tuple[int, int | None]] | None = None

    # -- RowSource -------------------------------------------------------------------------------------------

    def count(self) -> int:
        return len(self._flat())

    def window(self, offset: int, limit: int) -> list[DetailRow]:
        start = max(offset, 0)
        return [self._row(entry) for entry in self._flat()[start : start + max(limit, 0)]]

    def sort(self, column: str | None, descending: bool = False) -> None:
        self._column, self._descending = column, descending
        self._forget()

    def search(self, text: str) -> None:
        self._text = text
        self._forget()

    def show_marked_only(self, on: bool) -> None:
        self._marked_only = on
        self._forget()

    def set_marked(self, key: int, marked: bool) -> bool:
        document = self._line_parent.get(key, key)
        if (document in self._marked) == marked:
            return False
        if marked:
            self._marked.add(document)
        else:
            self._marked.discard(document)
        if self._marked_only:
            self._forget()
        return True

    def mark_all(self, marked: bool) -> int:
        shown = self._documents()
        changed = sum(self.set_marked(index, marked) for index in shown)
        self._forget()
        return changed

    def marked_count(self) -> int:
        return len(self._marked)

    # -- details ---------------------------------------------------------------------------------------------

    def toggle_lines(self, key: int) -> bool:
        """Expand or collapse the document of row `key` (a line collapses its document); True when expanded."""
        document = self._line_parent.get(key, key)
        if document in self._expanded:
            self._expanded.discard(document)
        else:
            self._expanded.add(document)
        self._rows = None
        return document in self._expanded

    def position_of_document(self, key: int) -> int:
        """Where the document of row `key` is in the current view (a line answers its document's place)."""
        document = self._line_parent.get(key, key)
        return next(
            (position for position, (index, line) in enumerate(self._flat()) if index == document and line is None), 0
        )

    def marked_verdicts(self) -> tuple[Verdict, ...]:
        """The marked documents in their retrieval order (the order the run journals them)."""
        return tuple(verdict for index, verdict in enumerate(self._verdicts) if index in self._marked)

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        return self._verdicts

    # -- arranging ---------------------------------------------------------------------------------------------

    def _forget(self) -> None:
        self._view = None
        self._rows = None

    def _documents(self) -> list[int]:
        if self._view is None:
            needle = self._text.strip().casefold()
            indices = [index for index in range(len(self._verdicts)) if self._shown(index, needle)]
            if self._column is not None:
                column = self._column
                indices.sort(key=lambda index: (_sortable(self._value(index, column)), index), reverse=self._descending)
            self._view = indices
        return self._view

    def _flat(self) -> list[tuple[int, int | None]]:
        """(document, line position or None) for every row of the view."""
        if self._rows is None:
            rows: list[tuple[int, int | None]] = []
            for index in self._documents():
                rows.append((index, None))
                if index in self._expanded:
                    rows.extend((index, position) for position in range(len(self._line_rows(index))))
            self._rows = rows
        return self._rows

    def _shown(self, index: int, needle: str) -> bool:
        if self._marked_only and index not in self._marked:
            return False
        if not needle:
            return True
        return any(needle in str(self._value(index, column)).casefold() for column in SEARCHED)

    def _value(self, index: int, column: str) -> Any:
        verdict = self._verdicts[index]
        document = verdict.document
        return {
            "who": document.counterparty.label,
            "number": document.document_number,
            "date": document.document_date,
            "total": document.total,
            "target": verdict.plan.target_number or "",
            "credit": verdict.plan.credit_number or "",
            "action": self._actions[index],
        }[column]

    def _row(self, entry: tuple[int, int | None]) -> DetailRow:
        index, line = entry
        if line is not None:
            row = self._line_rows(index)[line]
            return DetailRow(
                row.key, row.verdict, index, index in self._marked, line=row.line, note=row.note, action=row.action
            )
        return DetailRow(
            index,
            self._verdicts[index],
            index,
            index in self._marked,
            expanded=index in self._expanded,
            action=self._actions[index],
        )

    def _line_rows(self, index: int) -> tuple[DetailRow, ...]:
        rows = self._lines.get(index)
        if rows is None:
            verdict = self._verdicts[index]
            facts = line_facts(verdict)
            built = [DetailRow(self._allocate(index), verdict, index, False, line=fact) for fact in facts] or [
                DetailRow(self._allocate(index), verdict, index, False, note=empty_note(verdict))
            ]
            rows = tuple(built)
            self._lines[index] = rows
        return rows

    def _allocate(self, document: int) -> int:
        key = self._next_line_key
        self._next_line_key += 1
        self._line_parent[key] = document
        return key


SEARCHED = ("who", "number", "target", "credit", "action")
"""The columns `/` searches in."""


def _sortable(value: Any) -> Hashable:
    """Numbers and dates in their order, document numbers numerically when they are numbers, text case-folded."""
    if isinstance(value, Decimal | date):
        return (1, value)
    text = str(value)
    if text.isdigit():
        return (1, Decimal(text))
    return (2, text.casefold())


def _money(value: Decimal, currency: str) -> str:
    return format_money(value, currency)


def document_columns(
    kind: DocumentKind, package_short: str, credit_name: str, branch: Callable[[], str]
) -> list[VirtualColumn[DetailRow]]:
    """The columns of a details table; a line row fills them with its description, item, account, amount and tax."""
    target_title = f"{package_short} {MAIN_DOCUMENT_NAMES[kind]} #"
    credit_title = f"{package_short} {credit_name.title()} #"

    def who(row: DetailRow) -> VirtualCell:
        if row.line is not None:
            return VirtualCell(f"  {branch()} {row.line.description}", tone="muted")
        if row.note:
            tone = "error" if isinstance(row.verdict, Blocked) else "muted"
            return VirtualCell(f"  {branch()} {row.note}", tone=tone)
        return VirtualCell(row.verdict.document.counterparty.label)

    def number(row: DetailRow) -> VirtualCell:
        if row.is_line:
            return VirtualCell(row.line.item if row.line else "", tone="muted")
        return VirtualCell(row.verdict.document.document_number)

    def day(row: DetailRow) -> VirtualCell:
        if row.is_line:
            return VirtualCell(f"acct {row.line.account}" if row.line and row.line.account else "", tone="muted")
        return VirtualCell(row.verdict.document.document_date.isoformat())

    def amount(row: DetailRow) -> VirtualCell:
        currency = row.verdict.document.currency
        if row.is_line:
            return VirtualCell(_money(row.line.amount, currency) if row.line else "", tone="muted")
        return VirtualCell(_money(row.verdict.document.total, currency))

    def target(row: DetailRow) -> VirtualCell:
        if row.is_line:
            return VirtualCell(f"tax {row.line.tax}" if row.line and row.line.tax else "", tone="muted")
        return VirtualCell(row.verdict.plan.target_number or "")

    def credit(row: DetailRow) -> VirtualCell:
        if row.is_line:
            return VirtualCell("")
        return VirtualCell(row.verdict.plan.credit_number or "")

    def action(row: DetailRow) -> VirtualCell:
        if row.is_line:
            return VirtualCell("")
        tone = {"not sent": "muted", "link": "posted", "update": "running"}.get(row.action, "ready")
        return VirtualCell(row.action, tone=tone)

    return [
        VirtualColumn("who", COUNTERPARTY_TITLES[kind], 26, who),
        VirtualColumn("number", NUMBER_TITLES[kind], 12, number),
        VirtualColumn("date", "Date", 10, day),
        VirtualColumn("total", "Total", 15, amount, align="right"),
        VirtualColumn("target", target_title, max(len(target_title), 12), target),
        VirtualColumn("credit", credit_title, max(len(credit_title), 12), credit),
        VirtualColumn("action", "Export", 8, action),
    ]
