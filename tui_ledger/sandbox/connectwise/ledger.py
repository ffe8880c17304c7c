"""The ConnectWise sandbox's working set: every record in memory, batch state written through to SQLite.

Retrieving ten thousand invoices must take well under a second, so requests never touch SQLite to read:
the ledger loads the state file once (and again only when another connection re-seeded it) and answers
from dictionaries. Changes go to SQLite first, in one transaction, and only then to memory, so a failed
write leaves both as they were.

A record (an invoice, an expense, a PO product line, a PO's freight) is *unposted* when it is closed and
in no batch, or was unbatched from its batch in the ConnectWise UI (it then remembers the batch, shown as
`unbatchedBatch` / `unbatchedRecId`, so PO rebatch can put it back).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from tui_ledger.domain.collector import collection_paused
from tui_ledger.sandbox.connectwise.records import build_records
from tui_ledger.sandbox.connectwise.store import BatchRow, ConnectWiseStore

Fields = tuple[tuple[str, ...], ...] | None
"""A `fields` projection as the listing parsed it (None: whole rows)."""
RecordKey = tuple[str, int]
"""(kind, id): ("invoice", invoice id), ("expense", expense id), ("po_product", line item id), ("po_freight", PO id)."""
Body = dict[str, Any]

INVOICE = "invoice"
EXPENSE = "expense"
PO_PRODUCT = "po_product"
PO_FREIGHT = "po_freight"
PROCUREMENT_KINDS = (PO_PRODUCT, PO_FREIGHT)

UNPOSTED_COLLECTION = {
    INVOICE: "unposted_invoices",
    EXPENSE: "unposted_expenses",
    PO_PRODUCT: "unposted_procurement",
    PO_FREIGHT: "unposted_procurement",
}


FULL_COLLECTION_AFTER = 20_000
"""Loads of at least this many records are followed by one full collection (see `Ledger.refresh`)."""


@dataclass(slots=True)
class Placement:
    batch_id: int
    unbatched: bool


class Ledger:
    """All ConnectWise records of the sandbox, with the batch state that decides what is unposted."""

    def __init__(self, store: ConnectWiseStore) -> None:
        self.store = store
        self._version = -1
        self.refresh()

    # -- loading

    def refresh(self) -> None:
        """Reload from the state file if another connection changed it since the last load.

        The load builds its dicts with the cyclic collector paused. A large one (ten thousand invoices are a
        few hundred thousand dicts) then gets one full collection, which moves them straight to the oldest
        generation in a single walk; left to the collector they would be walked by a young collection, again
        by a middle one and again by the full one their number soon triggers, all during the first Retrieve
        (measured at 10,000 invoices: 0.3 s of collector time then, against 0.1 s for this walk). A small load
        skips it: a full collection walks the whole process, which costs more than the few walks it saves.
        (`gc.freeze` would save even this walk, but it pins every cyclic garbage alive at that moment for good.)
        """
        version = self.store.data_version()
        if version != self._version:
            with collection_paused():
                self._load()
                if self.record_count >= FULL_COLLECTION_AFTER:
                    gc.collect()
            self._version = version

    @property
    def record_count(self) -> int:
        """Bodies and GL entries held."""
        return len(self.entries) + sum(len(bodies) for bodies in self.resources.values())

    def _load(self) -> None:
        state = self.store.load()
        built = build_records(state.company)
        self.company = state.company
        self.cache: dict[tuple[object, ...], str] = {}
        """Encoded JSON of parts that never change (export transactions, customers)."""
        self.shared_json: dict[int, tuple[object, str]] = {}
        """JSON of reference objects many bodies share, by the object's identity (the object is kept with it,
        so the identity stays unique while it is cached)."""
        self.row_texts: dict[tuple[str, Fields], dict[int, str]] = {}
        """Encoded JSON of the Unposted tabs' rows, per listing and `fields` projection, by row id."""
        self.selections: dict[tuple[object, ...], list[Body]] = {}
        """Recently filtered and sorted lists, so the next page of a listing does not filter again."""
        self.generation = getattr(self, "generation", 0) + 1
        self._unposted_views: dict[tuple[str, str | None], tuple[int, Any]] = {}
        """Each Unposted tab's rows (and indexes of them), valid while `generation` is the one stored with them."""
        self.resources: dict[str, dict[int, Body]] = defaultdict(dict)
        self.record_of_row: dict[str, dict[int, RecordKey]] = defaultdict(dict)
        self.unposted_row_of: dict[RecordKey, int] = {}
        for collection, record_id, body, kind, target in built.resources:
            self.resources[collection][record_id] = body
            if kind is not None and target is not None:
                self.record_of_row[collection][record_id] = (kind, target)
                self.unposted_row_of[(kind, target)] = record_id
        self.entries: dict[int, Body] = {}
        self.record_of_entry: dict[int, RecordKey] = {}
        self.entries_of: dict[RecordKey, list[int]] = defaultdict(list)
        for entry_id, kind, target, body in built.gl_entries:
            self.entries[entry_id] = body
            self.record_of_entry[entry_id] = (kind, target)
            self.entries_of[(kind, target)].append(entry_id)
        self.batches: dict[int, BatchRow] = {row.id: row for row in state.batches}
        self.batch_by_identifier: dict[str, int] = {row.identifier.casefold(): row.id for row in state.batches}
        """Batch ids by case-folded identifier (unique, as in ConnectWise); kept in step with `batches` by every
        change, so unlike the views it does not depend on `generation`."""
        self.placement: dict[RecordKey, Placement] = {
            (kind, target): Placement(batch_id, unbatched) for kind, target, batch_id, unbatched in state.batch_records
        }
        self.lines_of_po: dict[int, list[int]] = defaultdict(list)
        for line_id, line in self.resources["po_line_items"].items():
            self.lines_of_po[int(line["purchaseOrderId"])].append(line_id)

    # -- state of one record

    def is_unposted(self, record: RecordKey) -> bool:
        """Closed, and in no batch or unbatched from one."""
        if record not in self.unposted_row_of:
            return False
        placement = self.placement.get(record)
        return placement is None or placement.unbatched

    def batch_of(self, record: RecordKey) -> BatchRow | None:
        placement = self.placement.get(record)
        if placement is None or placement.unbatched:
            return None
        return self.batches.get(placement.batch_id)

    def unbatched_from(self, record: RecordKey) -> BatchRow | None:
        placement = self.placement.get(record)
        if placement is None or not placement.unbatched:
            return None
        return self.batches.get(placement.batch_id)

    def batch_named(self, identifier: str) -> BatchRow | None:
        """The batch with this identifier, compared as the conditions compare text (case-folded)."""
        batch_id = self.batch_by_identifier.get(identifier.casefold())
        return None if batch_id is None else self.batches.get(batch_id)

    def records_in_batch(self, batch_id: int) -> list[RecordKey]:
        return [record for record, placement in self.placement.items() if placement.batch_id == batch_id]

    # -- views

    def unposted_rows(self, collection: str) -> list[Body]:
        """The rows of one Unposted tab, in id order. Shared until the next change: callers must not modify it.

        A Retrieve asks for it a dozen times (pages, counts, previews); scanning the whole collection and the
        batch placements each time was a tenth of the sandbox's share of the time."""
        cached = self._unposted_views.get((collection, None))
        if cached is not None and cached[0] == self.generation:
            return cached[1]  # type: ignore[no-any-return]
        records = self.record_of_row[collection]
        placement = self.placement
        rows = []
        for row_id, row in self.resources[collection].items():
            where = placement.get(records[row_id])
            if where is None or where.unbatched:
                rows.append(row)
        self._unposted_views[(collection, None)] = (self.generation, rows)
        return rows

    def unposted_rows_by(self, collection: str, key: str) -> dict[Any, Body]:
        """The rows of one Unposted tab by the value of their field `key` (e.g. `billingLogId`), so an export
        preview of a page of included ids looks each one up instead of scanning the whole tab."""
        cached = self._unposted_views.get((collection, key))
        if cached is not None and cached[0] == self.generation:
            return cached[1]  # type: ignore[no-any-return]
        index = {row[key]: row for row in self.unposted_rows(collection) if key in row}
        self._unposted_views[(collection, key)] = (self.generation, index)
        return index

    def invoice(self, body: Body) -> Body:
        """An invoice with its batch references."""
        return self._with_batch(body, (INVOICE, int(body["id"])), "glBatch", "unbatchedBatch")

    def _with_batch(self, body: Body, record: RecordKey, batched_key: str, unbatched_key: str) -> Body:
        batch, unbatched = self.batch_of(record), self.unbatched_from(record)
        if batch is None and unbatched is None:
            return body
        extra: Body = {}
        if batch is not None:
            extra[batched_key] = {"id": batch.id, "name": batch.identifier}
        if unbatched is not None:
            extra[unbatched_key] = {"id": unbatched.id, "name": unbatched.identifier}
        return {**body, **extra}

    def line_item(self, body: Body) -> Body:
        """A PO line item with `batchedFlag` and, once unbatched, `unbatchedRecId` (the batch it came from)."""
        record = (PO_PRODUCT, int(body["id"]))
        unbatched = self.unbatched_from(record)
        extra: Body = {"batchedFlag": self.batch_of(record) is not None}
        if unbatched is not None:
            extra["unbatchedRecId"] = unbatched.id
        return {**body, **extra}

    def batch_body(self, batch: BatchRow) -> Body:
        return {
            "id": batch.id,
            "batchIdentifier": batch.identifier,
            "exportInvoicesFlag": batch.export_invoices,
            "exportExpensesFlag": batch.export_expenses,
            "exportProductsFlag": batch.export_products,
            "closedFlag": batch.closed,
            "_info": {"dateEntered": batch.entered, "lastUpdated": batch.entered, "enteredBy": "tuiledger"},
        }

    def batch_entries(self, batch_id: int) -> list[Body]:
        """The GL lines of a batch (`BatchEntry`), for every record it holds that is not unbatched."""
        entries = []
        for record in self.records_in_batch(batch_id):
            if self.placement[record].unbatched:
                continue
            for entry_id in self.entries_of[record]:
                entries.append(self._batch_entry(entry_id, record))
        entries.sort(key=lambda entry: entry["id"])
        return entries

    def _batch_entry(self, entry_id: int, record: RecordKey) -> Body:
        entry = self.entries[entry_id]
        kind, target = record
        body: Body = {
            "id": entry_id,
            "accountType": entry.get("accountType"),
            "name": entry.get("name"),
            "accountNumber": entry.get("accountNumber"),
            "debit": entry.get("debit"),
            "credit": entry.get("credit"),
            "cost": entry.get("cost"),
            "item": (entry.get("item") or {}).get("identifier"),
            "salesCode": entry.get("salesCode"),
            "costOfGoodsSoldAccountNumber": entry.get("costAccountNumber"),
        }
        if kind == INVOICE:
            invoice = self.resources["invoices"][target]
            body["invoice"] = {"id": target, "identifier": invoice["invoiceNumber"], "billingType": invoice["type"]}
        elif kind == EXPENSE:
            body["expense"] = {"id": target, "amount": entry.get("total")}
        else:
            order_id = int(entry["purchaseOrder"])
            order = self.resources["purchase_orders"][order_id]
            body["purchaseOrder"] = {"id": order_id, "name": order["poNumber"]}
            if kind == PO_PRODUCT:
                body["lineItem"] = {"id": target, "identifier": str(entry.get("lineNumber"))}
        return {key: value for key, value in body.items() if value is not None}

    # -- changes (SQLite first, then memory)

    def _changed(self) -> None:
        """After our own write: lists must be filtered afresh (SQLite's data_version ignores own writes)."""
        self.generation += 1
        self.selections.clear()

    def create_batch(self, row: BatchRow, records: list[RecordKey]) -> BatchRow:
        batch_id = self.store.insert_batch(row, records)
        created = BatchRow(
            batch_id,
            row.identifier,
            False,
            row.export_invoices,
            row.export_expenses,
            row.export_products,
            row.gl_interface_identifier,
            row.entered,
        )
        self.batches[batch_id] = created
        self.batch_by_identifier[created.identifier.casefold()] = batch_id
        for record in records:
            self.placement[record] = Placement(batch_id, unbatched=False)
        self._changed()
        return created

    def delete_batch(self, batch_id: int) -> list[RecordKey]:
        records = self.records_in_batch(batch_id)
        self.store.delete_batch(batch_id)
        for record in records:
            del self.placement[record]
        removed = self.batches.pop(batch_id)
        self.batch_by_identifier.pop(removed.identifier.casefold(), None)
        self._changed()
        return records

    def set_unbatched(self, records: list[RecordKey], unbatched: bool) -> None:
        self.store.set_unbatched(records, unbatched)
        for record in records:
            self.placement[record].unbatched = unbatched
        self._changed()

    def purchase_order_records(self, po_id: int) -> list[RecordKey]:
        """The PO's freight (if it has any) and each of its product lines."""
        records: list[RecordKey] = [(PO_PRODUCT, line_id) for line_id in self.lines_of_po.get(po_id, [])]
        if (PO_FREIGHT, po_id) in self.entries_of:
            records.insert(0, (PO_FREIGHT, po_id))
        return records
