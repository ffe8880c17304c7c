"""Unposted expenses: the list record joined with its GL entries from the export preview.

The preview lists an expense either as an expense bill owed to the member (reimbursable: `expenseBills[]`,
entry ids in `detail[].id`, which is a list) or as a company-paid expense (`expenses[]`, entry id in
`offset.id`). Both are keyed by the expense id (`expenseDetailId`), the id the preview's
`includedExpenseIds` takes.
"""

from __future__ import annotations

from typing import Any

from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.domain.documents import Reference, UnpostedExpense
from tui_ledger.domain.money import ZERO

UNPOSTED_EXPENSES_PATH = "/finance/accounting/unpostedexpenses"


def _list(reader: RecordReader, name: str) -> list[Any]:
    value = reader.data.get(name) or []
    if not isinstance(value, list):
        raise reader.fail(name, f"expected a list, got {type(value).__name__}")
    return value


def parse_expense_entries(export: Any, call: CallSite) -> dict[int, tuple[int, ...]]:
    """GL entry ids of every expense in a GL export preview, by expense id."""
    root = RecordReader(export, "GL export", call)
    entries: dict[int, tuple[int, ...]] = {}
    for data in _list(root, "expenseBills"):
        bill = RecordReader(data, "GL export expense bill", call)
        ids: list[int] = []
        for detail_data in _list(bill, "detail"):
            ids.extend(RecordReader(detail_data, "GL export expense bill detail", call).id_list("id"))
        entries[bill.integer("id")] = tuple(ids)
    for data in _list(root, "expenses"):
        expense = RecordReader(data, "GL export expense", call)
        offset = expense.nested("offset")
        entry_ids = (RecordReader(offset, "GL export expense offset", call).integer("id"),) if offset else ()
        entries[expense.integer("id")] = entry_ids
    return entries


def expense_ids_of(records: list[Any], call: CallSite) -> list[int]:
    return [RecordReader(data, "unposted expense", call).integer("expenseDetailId") for data in records]


def parse_unposted_expense(data: Any, call: CallSite, entries: dict[int, tuple[int, ...]]) -> UnpostedExpense:
    record = RecordReader(data, "unposted expense", call)
    expense_id = record.integer("expenseDetailId")
    member = record.reference("member")
    if not member.identifier:
        raise record.fail("member/identifier", "required field is missing (the batch label needs the member)")
    return UnpostedExpense(
        unposted_id=record.integer("id"),
        expense_id=expense_id,
        member_identifier=member.identifier,
        member_name=member.name,
        expense_date=record.day("dateExpense"),
        total=record.money("total"),
        company=record.optional_reference("company") or Reference(),
        expense_type=record.reference_text("expenseType", "name", "identifier"),
        classification=record.optional_text("classification"),
        account_number=record.optional_text("accountNumber"),
        credit_account=record.optional_text("creditAccount"),
        billable_amount=record.optional_money("billableAmount", ZERO),
        non_billable_amount=record.optional_money("nonBillableAmount", ZERO),
        currency=record.reference_text("currency", "currencyCode", "currencyIdentifier", "name") or "USD",
        location_id=record.optional_integer("locationId"),
        tax_code=record.reference_text("taxCode", "identifier", "name"),
        description=record.optional_text("chargeDescription"),
        date_closed=record.optional_day("dateClosed"),
        gl_entry_ids=entries.get(expense_id, ()),
    )
