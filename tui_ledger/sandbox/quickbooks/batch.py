"""`POST /v3/company/{realmId}/batch`: up to 30 operations in one call, each answered on its own.

The call answers 200 even when items fail; each `BatchItemResponse` carries the item's `bId` and either the
entity, a `QueryResponse`, or a `Fault` (XSD `BatchItemRequest` / `BatchItemResponse`). Over 30 items the whole
call is refused with 1040. An item is `{"bId", "operation", <Entity>}` or `{"bId", "Query"}`; a void is
`operation: "update"` with `optionsData: "void"` (or `operation: "void"`). All items commit together at the end of
the call; an item that fails writes nothing, so the others stand. One simplification: Intuit's 2017 notes say a later
item cannot see what an earlier item of the same batch created; here it can. tui-ledger never relies on either
(customers and items are created in calls of their own before the documents that use them).
"""

from __future__ import annotations

from typing import Any

from tui_ledger.sandbox.quickbooks.faults import (
    QboFault,
    batch_too_large,
    required_param_missing,
    unsupported_property,
)
from tui_ledger.sandbox.quickbooks.kinds import BY_NAME
from tui_ledger.sandbox.quickbooks.ledger import Ledger

MAX_BATCH_ITEMS = 30
ITEM_CONTROL_KEYS = frozenset({"bId", "operation", "optionsData"})


def batch_items(body: Any) -> list[Any]:
    """The items of a batch request body, or the Fault for a missing or oversized list."""
    items = body.get("BatchItemRequest") if isinstance(body, dict) else None
    if not isinstance(items, list) or not items:
        raise required_param_missing("BatchItemRequest")
    if len(items) > MAX_BATCH_ITEMS:
        raise batch_too_large(len(items), MAX_BATCH_ITEMS)
    return items


def run_batch(ledger: Ledger, items: list[Any]) -> list[dict[str, Any]]:
    """Answer every item in request order, inside one transaction."""
    with ledger.ctx.store.transaction():
        return [_run_item(ledger, item) for item in items]


def _run_item(ledger: Ledger, item: Any) -> dict[str, Any]:
    batch_id = item.get("bId") if isinstance(item, dict) else None
    try:
        if not isinstance(item, dict):
            raise unsupported_property("BatchItemRequest must hold JSON objects", "BatchItemRequest")
        if not batch_id:
            raise required_param_missing("bId")
        payload_keys = [key for key in item if key not in ITEM_CONTROL_KEYS]
        if len(payload_keys) != 1:
            raise unsupported_property(
                f"a batch item needs exactly one entity or Query, got {sorted(payload_keys) or 'none'}",
                "BatchItemRequest",
            )
        key = payload_keys[0]
        if key == "Query":
            return {"bId": batch_id, "QueryResponse": ledger.query(str(item["Query"]))}
        kind = BY_NAME.get(key)
        if kind is None:
            raise unsupported_property(f"{key} is not an entity the batch endpoint accepts", key)
        operation = item.get("operation")
        if not operation:
            raise required_param_missing("operation")
        if operation == "update" and item.get("optionsData") == "void":
            operation = "void"
        return {"bId": batch_id, kind.name: ledger.perform(kind, str(operation), item[key])}
    except QboFault as fault:
        return {"bId": batch_id, "Fault": fault.as_json()}
