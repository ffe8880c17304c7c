"""Agreement Additions: list, find by key, create exactly once, update, cancel, delete.

An Addition is what a synced invoice line becomes (seed 003). The sync owns a few of its fields
(`AdditionContent`: product, quantity, unit price and cost, effective and cancelled dates, invoice
description, and the stable key in `serialNumber`); an update writes exactly those with `replace` (or
`remove` for a date that is now empty) and leaves the rest — billed quantity, custom fields, whatever a
person set in ConnectWise — alone. A PATCH of fixed values may be sent twice safely; a create may not, so
it goes through `create_exactly_once` with the key as the look-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.connectwise.conditions import field
from tui_ledger.connectors.connectwise.lost_answers import create_exactly_once
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.connectwise.write_json import JSON_HEADERS, encode_json
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages
from tui_ledger.domain.line_sync import BILLABLE, AdditionContent

ADDITION_FIELDS = (
    "id,product,quantity,unitPrice,unitCost,effectiveDate,cancelledDate,invoiceDescription,serialNumber,billCustomer"
)
"""What the sync reads of an Addition (the `fields` projection keeps pages small)."""
ONE = Decimal(1)
ZERO = Decimal(0)


def additions_path(agreement_id: int) -> str:
    return f"/finance/agreements/{agreement_id}/additions"


@dataclass(frozen=True, slots=True)
class Addition:
    id: int
    agreement_id: int
    content: AdditionContent
    bill_customer: str | None


def parse_addition(data: Any, agreement_id: int, call: CallSite) -> Addition:
    record = RecordReader(data, "addition", call)
    product = record.reference("product")
    if product.id is None:
        raise record.fail("product/id", "required field is missing")
    content = AdditionContent(
        product_id=product.id,
        quantity=record.quantity("quantity", ONE),
        unit_price=record.quantity("unitPrice", ZERO),
        unit_cost=record.quantity("unitCost", ZERO),
        effective_date=record.optional_day("effectiveDate"),
        cancelled_date=record.optional_day("cancelledDate"),
        invoice_description=record.optional_text("invoiceDescription"),
        serial_number=record.optional_text("serialNumber"),
    )
    return Addition(record.integer("id"), agreement_id, content, record.optional_text("billCustomer"))


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def create_body(content: AdditionContent) -> dict[str, Any]:
    """The POST body: the owned fields, billed to the customer."""
    body: dict[str, Any] = {
        "product": {"id": content.product_id},
        "quantity": content.quantity,
        "unitPrice": content.unit_price,
        "unitCost": content.unit_cost,
        "billCustomer": BILLABLE,
    }
    if content.effective_date is not None:
        body["effectiveDate"] = _stamp(content.effective_date)
    if content.cancelled_date is not None:
        body["cancelledDate"] = _stamp(content.cancelled_date)
    if content.invoice_description is not None:
        body["invoiceDescription"] = content.invoice_description
    if content.serial_number is not None:
        body["serialNumber"] = content.serial_number
    return body


def update_operations(content: AdditionContent) -> list[dict[str, Any]]:
    """PATCH operations writing every owned field: `replace` a value, `remove` one that is now empty."""
    values: dict[str, Any] = {
        "product": {"id": content.product_id},
        "quantity": content.quantity,
        "unitPrice": content.unit_price,
        "unitCost": content.unit_cost,
        "effectiveDate": _stamp(content.effective_date) if content.effective_date else None,
        "cancelledDate": _stamp(content.cancelled_date) if content.cancelled_date else None,
        "invoiceDescription": content.invoice_description,
        "serialNumber": content.serial_number,
    }
    return [
        {"op": "remove", "path": path} if value is None else {"op": "replace", "path": path, "value": value}
        for path, value in values.items()
    ]


class ConnectWiseAdditions:
    """The Addition calls of one tenant, typed."""

    def __init__(self, client: ServiceClient, page_size: int) -> None:
        self.client = client
        self.page_size = page_size

    async def additions(self, agreement_id: int, *, key: str | None = None) -> list[Addition]:
        """The agreement's additions (only those carrying `key` in `serialNumber`, when given), by id."""
        path = additions_path(agreement_id)
        params: dict[str, str | int] = {"fields": ADDITION_FIELDS, "orderBy": "id asc", "pageSize": self.page_size}
        if key is not None:
            params["conditions"] = str(field("serialNumber").eq(key))
        call = self.client.call_for("GET", path)
        pages = link_pages(self.client, path, params)
        return [parse_addition(data, agreement_id, call) async for page in pages for data in page]

    async def find(self, agreement_id: int, key: str) -> Addition | None:
        """The newest addition of the agreement carrying this key."""
        found = await self.additions(agreement_id, key=key)
        return found[-1] if found else None

    async def addition(self, agreement_id: int, addition_id: int) -> Addition:
        path = f"{additions_path(agreement_id)}/{addition_id}"
        data = await self.client.get_json(path, params={"fields": ADDITION_FIELDS})
        return parse_addition(data, agreement_id, self.client.call_for("GET", path))

    async def create(self, agreement_id: int, content: AdditionContent) -> Addition:
        """Create once: a lost answer is resolved by looking the key up before anything is sent again."""
        path = additions_path(agreement_id)
        call = self.client.call_for("POST", path)
        body = encode_json(create_body(content))

        async def send() -> Addition:
            response = await self.client.request("POST", path, content=body, headers=JSON_HEADERS)
            return parse_addition(self.client.json_of(response), agreement_id, call)

        async def look_up() -> Addition | None:
            return await self.find(agreement_id, content.serial_number) if content.serial_number else None

        return await create_exactly_once(send, look_up, f"addition {content.serial_number or ''} on {agreement_id}")

    async def update(self, agreement_id: int, addition_id: int, content: AdditionContent) -> Addition:
        """Write the owned fields over the addition (also how undo restores a recorded state)."""
        return await self._patch(agreement_id, addition_id, update_operations(content))

    async def cancel(self, agreement_id: int, addition_id: int, on: date) -> Addition:
        """End the addition on `on`: ConnectWise keeps it, and stops billing it after that day."""
        return await self._patch(
            agreement_id, addition_id, [{"op": "replace", "path": "cancelledDate", "value": _stamp(on)}]
        )

    async def delete(self, agreement_id: int, addition_id: int) -> None:
        """Delete; an addition already gone counts as deleted (the answer to an earlier try was lost)."""
        await self.client.request("DELETE", f"{additions_path(agreement_id)}/{addition_id}", allow_statuses=(404,))

    async def _patch(self, agreement_id: int, addition_id: int, operations: list[dict[str, Any]]) -> Addition:
        path = f"{additions_path(agreement_id)}/{addition_id}"
        response = await self.client.request(
            "PATCH", path, content=encode_json(operations), headers=JSON_HEADERS, idempotent=True
        )
        return parse_addition(self.client.json_of(response), agreement_id, self.client.call_for("PATCH", path))
