"""The QuickBooks company's books: create, read, update, void, delete and query, with QBO's answers.

Both the single-entity endpoints and `/batch` go through a `Ledger`, so a batch item behaves exactly like the
call it stands for. Every write is checked against the XSD first (an unknown property is 2010, as in QBO), then
against the entity's business rules (transactions.py, names.py). Updates carry the SyncToken last read: an older
one is 5010 Stale Object, which is how QBO keeps two writers from overwriting each other. `sparse: true` changes
only the properties sent; a full update replaces the entity. Deleted transactions are gone for reads and queries.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from tui_ledger.sandbox.quickbooks.faults import (
    object_not_found,
    qbo_time,
    required_param_missing,
    stale_object,
    unsupported_operation,
    unsupported_property,
)
from tui_ledger.sandbox.quickbooks.kinds import EntityKind
from tui_ledger.sandbox.quickbooks.names import account_rule, item_rule, person_rule
from tui_ledger.sandbox.quickbooks.query import parse_query, run_query
from tui_ledger.sandbox.quickbooks.rules import RuleContext
from tui_ledger.sandbox.quickbooks.store import EntityIndex, StoredEntity
from tui_ledger.sandbox.quickbooks.transactions import bill_rule, credit_memo_rule, invoice_rule, purchase_rule
from tui_ledger.sandbox.quickbooks.xsd_json import JsonConformance

Rule = Callable[[RuleContext, dict[str, Any], StoredEntity | None], EntityIndex]

RULES: dict[str, Rule] = {
    "Invoice": invoice_rule,
    "CreditMemo": credit_memo_rule,
    "Bill": bill_rule,
    "Purchase": purchase_rule,
    "Customer": person_rule("Customer"),
    "Vendor": person_rule("Vendor"),
    "Employee": person_rule("Employee"),
    "Item": item_rule,
    "Account": account_rule,
}
READ_ONLY = (
    "MetaData",
    "TotalAmt",
    "Balance",
    "HomeBalance",
    "RemainingCredit",
    "FullyQualifiedName",
    "domain",
    "status",
    "sparse",
    "CurrentBalance",
    "Level",
)
"""Properties QBO computes: ignored when a client sends them."""
VOIDED_NOTE = "Voided"

_CONFORMANCE = JsonConformance()


def presented(body: dict[str, Any]) -> dict[str, Any]:
    """An entity as the API returns it: its stored body plus the `domain` and `sparse` attributes."""
    return {**body, "domain": "QBO", "sparse": False}


class Ledger:
    """One realm's entities behind QBO's operations. `ctx` carries the store, the realm and the clock."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self._store = ctx.store

    def _stamp(self) -> str:
        return qbo_time(self.ctx.clock.now())

    def perform(self, kind: EntityKind, operation: str, body: Any) -> dict[str, Any]:
        """Run `create`, `update`, `delete` or `void` on a body; returns the entity (or the deletion stub)."""
        if not isinstance(body, dict):
            raise unsupported_property(f"{kind.name} must be a JSON object", kind.name)
        if operation == "delete":
            return self.delete(kind, body)
        if operation == "void":
            return self.void(kind, body)
        if operation in ("create", "update"):
            return self.save(kind, body)
        raise unsupported_operation(operation, kind.name)

    def save(self, kind: EntityKind, body: dict[str, Any]) -> dict[str, Any]:
        """Create, or update when the body carries an `Id` (full, or sparse with `"sparse": true`)."""
        violations = _CONFORMANCE.entity(kind.name, body)
        if violations:
            raise unsupported_property(violations[0].message, violations[0].path)
        if not kind.writable:
            raise unsupported_operation("create or update", kind.name)
        existing: StoredEntity | None = None
        created = self._stamp()
        if "Id" in body:
            existing = self._current(kind, body)
            created = existing.body.get("MetaData", {}).get("CreateTime", created)
            merged = {**existing.body, **body} if body.get("sparse") is True else dict(body)
        else:
            merged = dict(body)
        for read_only in READ_ONLY:
            merged.pop(read_only, None)
        index = RULES[kind.name](self.ctx, merged, existing)
        merged["MetaData"] = {"CreateTime": created, "LastUpdatedTime": self._stamp()}
        with self._store.transaction():
            if existing is None:
                self._store.insert(self.ctx.realm_id, kind.name, merged, index)
            else:
                merged["Id"] = existing.id
                self._store.replace(self.ctx.realm_id, kind.name, existing.id, merged, index)
        return presented(merged)

    def seed_read_only(self, kind: EntityKind, body: dict[str, Any]) -> dict[str, Any]:
        """Put a read-only entity (tax code, tax rate) into the file: the seed's way, not the API's."""
        violations = _CONFORMANCE.entity(kind.name, body)
        if violations:
            raise ValueError(f"seed data for {kind.name} does not fit the schema: {violations[0]}")
        stored = {**body, "MetaData": {"CreateTime": self._stamp(), "LastUpdatedTime": self._stamp()}}
        index = EntityIndex(name=str(body.get("Name", "")), active=bool(body.get("Active", True)))
        self._store.insert(self.ctx.realm_id, kind.name, stored, index)
        return presented(stored)

    def void(self, kind: EntityKind, body: dict[str, Any]) -> dict[str, Any]:
        """Zero the amounts and keep the document with its number, as QBO's void does."""
        if not kind.can_void:
            raise unsupported_operation("void", kind.name)
        existing = self._current(kind, body)
        voided = dict(existing.body)
        for line in voided.get("Line", []):
            if "Amount" in line:
                line["Amount"] = Decimal("0")
            detail = line.get("SalesItemLineDetail")
            if isinstance(detail, dict) and "Qty" in detail:
                detail["Qty"] = Decimal("0")
        voided["TotalAmt"] = Decimal("0")
        voided["Balance"] = Decimal("0")
        voided["TxnTaxDetail"] = {"TotalTax": Decimal("0")}
        note = voided.get("PrivateNote")
        voided["PrivateNote"] = f"{VOIDED_NOTE} - {note}" if note else VOIDED_NOTE
        voided["MetaData"] = {**voided.get("MetaData", {}), "LastUpdatedTime": self._stamp()}
        index = EntityIndex(doc_number=voided.get("DocNumber"), party_id=_party_id(voided))
        self._store.replace(self.ctx.realm_id, kind.name, existing.id, voided, index)
        return presented(voided)

    def delete(self, kind: EntityKind, body: dict[str, Any]) -> dict[str, Any]:
        if not kind.can_delete:
            raise unsupported_operation("delete", kind.name)
        existing = self._current(kind, body)
        self._store.mark_deleted(self.ctx.realm_id, kind.name, existing.id)
        return {"domain": "QBO", "status": "Deleted", "Id": existing.id}

    def read(self, kind: EntityKind, entity_id: str) -> dict[str, Any]:
        entity = self._store.get(self.ctx.realm_id, kind.name, entity_id)
        if entity is None or entity.deleted:
            raise object_not_found("Id")
        return presented(entity.body)

    def query(self, text: str) -> dict[str, Any]:
        """The `QueryResponse` object for a query statement (raises 4000/4001 Faults for bad ones)."""
        query = parse_query(text)
        for prop, column in (("Id", "id"), ("DocNumber", "doc_number"), ("DisplayName", "name"), ("Name", "name")):
            values = query.equal_values(prop)
            if values is not None:
                if column == "id":
                    values = frozenset(value for value in values if value.isdigit())
                rows = self._store.live(self.ctx.realm_id, query.entity, column, values)
                break
        else:
            rows = self._store.live(self.ctx.realm_id, query.entity)
        return run_query(query, (presented(row.body) for row in rows)).as_json()

    def _current(self, kind: EntityKind, body: dict[str, Any]) -> StoredEntity:
        """The live entity a write names, after checking its SyncToken is the latest (else 5010)."""
        entity_id = str(body.get("Id") or "")
        if not entity_id:
            raise required_param_missing("Id")
        existing = self._store.get(self.ctx.realm_id, kind.name, entity_id)
        if existing is None or existing.deleted:
            raise object_not_found("Id")
        token = body.get("SyncToken")
        if token is None:
            raise required_param_missing("SyncToken")
        if str(token) != str(existing.sync_token):
            raise stale_object()
        return existing


def _party_id(body: dict[str, Any]) -> str | None:
    for field in ("CustomerRef", "VendorRef"):
        reference = body.get(field)
        if isinstance(reference, dict):
            return str(reference.get("value"))
    return None
