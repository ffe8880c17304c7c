"""The Accounting Interface's actions: export preview, create and delete batches, PO unbatch and rebatch.

The rules follow reference/connectwise_api.md §4 and §7:
- the export preview selects unposted records (thru date, location, included / excluded ids: invoices by
  `billingLogId`, expenses by `expenseDetailId`, procurement by `unpostedProductId`) and batches nothing;
- a batch is created from GL entry ids (`processedRecordIds`); every record an id belongs to joins the
  batch whole and leaves the Unposted tabs; an id that is unknown, or whose record is not unposted, or
  whose kind the export flags leave out, refuses the whole request;
- batch identifiers are at most 50 characters and unique without regard to case (`ObjectExists`);
- deleting a batch returns its records to unposted; a closed batch cannot be deleted (there is no close
  endpoint; closing happens in the accounting package's own workflow and is irreversible);
- PO unbatch takes every batched record of the PO (freight and products) back to unposted, remembering the
  batch; rebatch puts them back into it. Neither is possible for a PO in a closed batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.connectwise.errors import CwError, ValidationItem, invalid, not_found
from tui_ledger.sandbox.connectwise.export import SUMMARY_LEVELS, ExportSelection
from tui_ledger.sandbox.connectwise.jsonout import has_control_characters
from tui_ledger.sandbox.connectwise.ledger import EXPENSE, INVOICE, Ledger, RecordKey
from tui_ledger.sandbox.connectwise.records import cw_date
from tui_ledger.sandbox.connectwise.store import BatchRow

Body = dict[str, Any]

MAX_IDENTIFIER_LENGTH = 50
NOTHING_TO_EXPORT = "Batch export must include invoices, expenses, or products (procurement)."
NOTHING_TO_BATCH = "Batch must export Invoices, Expenses or Products."


def _require_object(body: Any, resource: str) -> Body:
    if not isinstance(body, dict):
        raise invalid(resource, "The request body must be a JSON object.", code="InvalidObject")
    if has_control_characters(body):
        raise invalid(resource, "Text fields must not contain control characters.", code="InvalidObject")
    return body


def _flag(body: Body, name: str, resource: str) -> bool:
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid(resource, f"{name} must be true or false.", field=name)
    return value


def _ids(body: Body, name: str, resource: str, kind: type) -> list[Any]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) and not isinstance(item, bool) for item in value):
        expected = "numbers" if kind is int else "strings"
        raise invalid(resource, f"{name} must be a list of {expected}.", field=name)
    return value


def _identifier(body: Body, resource: str) -> str | None:
    value = body.get("batchIdentifier")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise invalid(resource, "batchIdentifier must be text.", field="batchIdentifier")
    if len(value) > MAX_IDENTIFIER_LENGTH:
        raise invalid(
            resource,
            f"batchIdentifier must be {MAX_IDENTIFIER_LENGTH} characters or fewer ({len(value)} given).",
            field="batchIdentifier",
        )
    return value


# ---------------------------------------------------------------- export preview


def _row_id(row: Body) -> int:
    return int(row["id"])


@dataclass(frozen=True, slots=True)
class ExportRequest:
    level: str
    settings: Body
    selection: ExportSelection


def _thru_date(body: Body, resource: str, clock: Clock) -> date:
    value = body.get("thruDate")
    if value is None:
        return clock.now().astimezone(UTC).date()
    if not isinstance(value, str):
        raise invalid(resource, "thruDate must be a date-time such as 2026-10-31T00:00:00Z.", field="thruDate")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(
            resource, f"thruDate {value!r} is not a date-time such as 2026-10-31T00:00:00Z.", field="thruDate"
        ) from None
    return moment.date()


def _level(body: Body, resource: str) -> str:
    value = body.get("summarizeInvoices") or "Default"
    if not isinstance(value, str):
        raise invalid(resource, "summarizeInvoices must be Default, Condensed or Detailed.", field="summarizeInvoices")
    for level in SUMMARY_LEVELS:
        if level.lower() == value.lower():
            return level
    raise invalid(
        resource, f"summarizeInvoices must be Default, Condensed or Detailed, not {value!r}.", field="summarizeInvoices"
    )


def parse_export_request(raw: Any, ledger: Ledger, clock: Clock) -> ExportRequest:
    resource = "exportAccountingBatchRequest"
    body = _require_object(raw, resource)
    identifier = _identifier(body, resource)
    invoices, expenses, products = (
        _flag(body, "exportInvoicesFlag", resource),
        _flag(body, "exportExpensesFlag", resource),
        _flag(body, "exportProductsFlag", resource),
    )
    if not (invoices or expenses or products or _flag(body, "exportPaymentsFlag", resource)):
        raise invalid(resource, NOTHING_TO_EXPORT, field="exportInvoicesFlag")
    thru = _thru_date(body, resource, clock).isoformat()
    location = body.get("locationId")
    if location is not None and (not isinstance(location, int) or isinstance(location, bool)):
        raise invalid(resource, "locationId must be a number.", field="locationId")
    level = _level(body, resource)

    def chosen(
        wanted: bool, collection: str, key: str, date_field: str, included: list[Any], excluded: list[Any]
    ) -> list[Body]:
        """The tab's unposted rows the request selects, in the tab's (id) order."""
        if not wanted:
            return []
        if included:
            # A page of included ids (the connector previews page by page) is looked up, not scanned for.
            by_key = ledger.unposted_rows_by(collection, key)
            rows = sorted((by_key[k] for k in set(included) if k in by_key), key=_row_id)
        else:
            rows = ledger.unposted_rows(collection)
        unwanted = set(excluded)
        return [
            row
            for row in rows
            if str(row.get(date_field, ""))[:10] <= thru
            and (location is None or row.get("locationId") == location)
            and row[key] not in unwanted
        ]

    invoice_rows = chosen(
        invoices,
        "unposted_invoices",
        "billingLogId",
        "invoiceDate",
        _ids(body, "includedInvoiceIds", resource, int),
        _ids(body, "excludedInvoiceIds", resource, int),
    )
    expense_rows = chosen(
        expenses,
        "unposted_expenses",
        "expenseDetailId",
        "dateExpense",
        _ids(body, "includedExpenseIds", resource, int),
        _ids(body, "excludedExpenseIds", resource, int),
    )
    product_rows = chosen(
        products,
        "unposted_procurement",
        "unpostedProductId",
        "purchaseDate",
        _ids(body, "includedProductIds", resource, str),
        _ids(body, "excludedProductIds", resource, str),
    )
    procurement_records = ledger.record_of_row["unposted_procurement"]
    selection = ExportSelection(
        invoices=tuple(int(row["billingLogId"]) for row in invoice_rows),
        expenses=tuple(int(row["expenseDetailId"]) for row in expense_rows),
        procurement=tuple(procurement_records[int(row["id"])] for row in product_rows),
    )
    settings = {
        "batchIdentifier": identifier,
        "glInterfaceIdentifier": body.get("glInterfaceIdentifier"),
        "thruDate": f"{thru}T00:00:00Z",
        "locationId": location,
        "summarizeInvoices": level,
        "exportInvoicesFlag": invoices,
        "exportExpensesFlag": expenses,
        "exportProductsFlag": products,
    }
    return ExportRequest(level, {k: v for k, v in settings.items() if v is not None}, selection)


# ---------------------------------------------------------------- batches


@dataclass(frozen=True, slots=True)
class BatchRequest:
    row: BatchRow
    records: list[RecordKey]


def _kind_flag(kind: str) -> str:
    if kind == INVOICE:
        return "exportInvoicesFlag"
    if kind == EXPENSE:
        return "exportExpensesFlag"
    return "exportProductsFlag"


def parse_batch_request(raw: Any, ledger: Ledger, clock: Clock) -> BatchRequest:
    resource = "createAccountingBatchRequest"
    body = _require_object(raw, resource)
    identifier = _identifier(body, resource)
    if identifier is None:
        raise invalid(resource, "batchIdentifier is required.", code="MissingRequiredField", field="batchIdentifier")
    flags = {
        name: _flag(body, name, resource) for name in ("exportInvoicesFlag", "exportExpensesFlag", "exportProductsFlag")
    }
    if not any(flags.values()):
        raise invalid(resource, NOTHING_TO_BATCH, field="exportInvoicesFlag")
    if "processedRecordIds" not in body or body["processedRecordIds"] in (None, []):
        raise invalid(
            resource, "processedRecordIds is required.", code="MissingRequiredField", field="processedRecordIds"
        )
    entry_ids = _ids(body, "processedRecordIds", resource, int)
    if ledger.batch_named(identifier) is not None:
        raise invalid(
            resource,
            f"A batch with the identifier '{identifier}' already exists.",
            code="ObjectExists",
            field="batchIdentifier",
        )
    problems: list[ValidationItem] = []
    records: dict[RecordKey, None] = {}
    for entry_id in entry_ids:
        record = ledger.record_of_entry.get(entry_id)
        if record is None:
            problems.append(
                ValidationItem("InvalidObject", f"GL entry {entry_id} was not found.", resource, "processedRecordIds")
            )
            continue
        if not ledger.is_unposted(record):
            batch = ledger.batch_of(record)
            where = f"is already in batch '{batch.identifier}'" if batch else "is not ready to be exported"
            problems.append(
                ValidationItem(
                    "InvalidObject",
                    f"GL entry {entry_id} ({_describe(ledger, record)}) {where}.",
                    resource,
                    "processedRecordIds",
                )
            )
            continue
        flag = _kind_flag(record[0])
        if not flags[flag]:
            problems.append(
                ValidationItem(
                    "InvalidObject",
                    f"GL entry {entry_id} ({_describe(ledger, record)}) needs {flag} to be true.",
                    resource,
                    "processedRecordIds",
                )
            )
            continue
        records[record] = None
    if problems:
        raise CwError(400, "InvalidObject", f"{resource} object is invalid", problems)
    gl_interface = body.get("glInterfaceIdentifier")
    row = BatchRow(
        id=0,
        identifier=identifier,
        closed=False,
        export_invoices=flags["exportInvoicesFlag"],
        export_expenses=flags["exportExpensesFlag"],
        export_products=flags["exportProductsFlag"],
        gl_interface_identifier=gl_interface if isinstance(gl_interface, str) else None,
        entered=cw_date(clock.now().astimezone(UTC).replace(microsecond=0)),
    )
    return BatchRequest(row, list(records))


def _describe(ledger: Ledger, record: RecordKey) -> str:
    kind, record_id = record
    if kind == INVOICE:
        return f"invoice {ledger.resources['invoices'][record_id]['invoiceNumber']}"
    if kind == EXPENSE:
        return f"expense {record_id}"
    entry = ledger.entries[ledger.entries_of[record][0]]
    order = ledger.resources["purchase_orders"][int(entry["purchaseOrder"])]
    what = "freight" if kind == "po_freight" else f"line {entry.get('lineNumber')}"
    return f"purchase order {order['poNumber']} {what}"


def batch_to_delete(ledger: Ledger, batch_id: int) -> BatchRow:
    batch = ledger.batches.get(batch_id)
    if batch is None:
        raise not_found("AccountingBatch", batch_id)
    if batch.closed:
        raise invalid(
            "accountingBatch",
            f"Batch '{batch.identifier}' is closed. A closed batch cannot be deleted.",
            code="InvalidObject",
            field="closedFlag",
        )
    return batch


# ---------------------------------------------------------------- purchase orders


@dataclass(frozen=True, slots=True)
class PurchaseOrderOutcome:
    success: bool
    message: str

    def body(self) -> Body:
        return {"success": self.success, "message": self.message}


def _describe_records(records: list[RecordKey]) -> str:
    freight = any(kind == "po_freight" for kind, _ in records)
    products = sum(1 for kind, _ in records if kind == "po_product")
    parts = (["freight"] if freight else []) + ([f"{products} product line{'s' * (products != 1)}"] if products else [])
    return " and ".join(parts)


def unbatch_purchase_order(ledger: Ledger, po_id: int) -> PurchaseOrderOutcome:
    order = ledger.resources["purchase_orders"].get(po_id)
    if order is None:
        raise not_found("PurchaseOrder", po_id)
    number = order["poNumber"]
    batched = [record for record in ledger.purchase_order_records(po_id) if ledger.batch_of(record) is not None]
    if not batched:
        return PurchaseOrderOutcome(False, f"Purchase order {number} has no batched items to unbatch.")
    closed = {batch.identifier for record in batched if (batch := ledger.batch_of(record)) and batch.closed}
    if closed:
        return PurchaseOrderOutcome(
            False, f"Purchase order {number} is in closed batch '{sorted(closed)[0]}' and cannot be unbatched."
        )
    ledger.set_unbatched(batched, True)
    return PurchaseOrderOutcome(True, f"Purchase order {number} unbatched: {_describe_records(batched)}.")


def rebatch_purchase_order(ledger: Ledger, po_id: int) -> PurchaseOrderOutcome:
    order = ledger.resources["purchase_orders"].get(po_id)
    if order is None:
        raise not_found("PurchaseOrder", po_id)
    number = order["poNumber"]
    unbatched = [record for record in ledger.purchase_order_records(po_id) if ledger.unbatched_from(record)]
    if not unbatched:
        return PurchaseOrderOutcome(False, f"Purchase order {number} has no unbatched items to rebatch.")
    ledger.set_unbatched(unbatched, False)
    return PurchaseOrderOutcome(True, f"Purchase order {number} rebatched: {_describe_records(unbatched)}.")
