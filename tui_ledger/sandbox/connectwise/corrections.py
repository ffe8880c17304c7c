"""Edit an invoice or an expense in the ConnectWise sandbox as a user does in ConnectWise's UI.

Seed 001's "set the invoice status to an open status, edit, set it to a closed status" and "reverse the expense
sheet, edit, submit and approve it" happen in ConnectWise's UI; the real API has no call that changes an
invoice's amounts (they come from the time, products and expenses on it). Tests and the reconcile plants need
that step, so the sandbox offers it as functions on its state file. Like ConnectWise, they refuse a record that
is in a batch: batched records are locked until unbatched.

The change goes straight into `connectwise.sqlite` through its own connection, so a running sandbox notices it
(`PRAGMA data_version`) and serves the edited record from its next request, GL entries included.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from tui_ledger.sandbox.demo import Expense, Invoice
from tui_ledger.sandbox.demo_codec import decode, encode

T = TypeVar("T", Invoice, Expense)


class CorrectionRefused(ValueError):
    """The record cannot be edited now (unknown, not closed, or locked in a batch)."""


def correct_invoice_line(state_file: Path, invoice_id: int, amount: Decimal, *, line_index: int = 0) -> Invoice:
    """Set line `line_index` of the invoice to `amount` (quantity 1); the sales tax stays, the total moves."""

    def edit(invoice: Invoice) -> Invoice:
        if not 0 <= line_index < len(invoice.lines):
            raise CorrectionRefused(f"invoice {invoice.number} has no line {line_index + 1}")
        lines = list(invoice.lines)
        lines[line_index] = replace(lines[line_index], quantity=Decimal(1), unit_price=amount, amount=amount)
        return replace(invoice, lines=tuple(lines))

    return _correct(state_file, Invoice, "invoice", invoice_id, edit)


def correct_expense_amount(state_file: Path, expense_id: int, amount: Decimal) -> Expense:
    """Set the expense's amount (its billable part keeps its share, capped at the new amount)."""

    def edit(expense: Expense) -> Expense:
        return replace(expense, amount=amount, billable_amount=min(expense.billable_amount, amount))

    return _correct(state_file, Expense, "expense", expense_id, edit)


def _correct(state_file: Path, cls: type[T], kind: str, record_id: int, edit: Callable[[T], T]) -> T:
    connection = sqlite3.connect(state_file, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            edited = _apply(connection, cls, kind, record_id, edit)
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return edited
    finally:
        connection.close()


def _apply(connection: sqlite3.Connection, cls: type[T], kind: str, record_id: int, edit: Callable[[T], T]) -> T:
    batch = connection.execute(
        "SELECT b.identifier FROM batch_records r JOIN batches b ON b.id = r.batch_id"
        " WHERE r.record_kind = ? AND r.record_id = ? AND r.unbatched = 0",
        (kind, record_id),
    ).fetchone()
    if batch is not None:
        raise CorrectionRefused(f"{kind} id {record_id} is in batch {batch[0]!r}: unbatch it before editing it")
    for position, body in connection.execute("SELECT position, body FROM facts WHERE kind = ?", (kind,)):
        record: Any = decode(cls, json.loads(body))
        if record.id != record_id:
            continue
        if record.date_closed is None:
            raise CorrectionRefused(f"{kind} id {record_id} is not closed, so it is not on the Unposted tab")
        edited = edit(record)
        connection.execute(
            "UPDATE facts SET body = ? WHERE kind = ? AND position = ?",
            (json.dumps(encode(edited), separators=(",", ":")), kind, position),
        )
        return edited
    raise CorrectionRefused(f"no {kind} with id {record_id} in the ConnectWise sandbox")
