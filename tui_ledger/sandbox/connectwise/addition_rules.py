"""What makes an agreement `Addition` body valid, and what ConnectWise derives from it.

An addition needs a catalog product and a `billCustomer` choice (the spec's `required`); an unknown or
inactive product is refused with the field named. Left-out prices, taxability and descriptions come from
the catalog item, as in the ConnectWise UI. The extended price and cost and the margin are the service's
own arithmetic and are recomputed on every write (whatever a client sends for them), to the cent.
`cancelledDate` ends the addition; it may not precede `effectiveDate`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from tui_ledger.domain.money import to_money
from tui_ledger.sandbox.connectwise.body_checks import Body, BodyReader, stamp, without_nulls
from tui_ledger.sandbox.connectwise.ledger import Ledger
from tui_ledger.sandbox.connectwise.patching import apply_patch

RESOURCE = "addition"
BILL_CUSTOMER = ("Billable", "DoNotBill", "NoCharge")
MAX_SERIAL_NUMBER = 50
MAX_INVOICE_DESCRIPTION = 6000

ADDITION_FIELDS = frozenset(
    {
        "id",
        "product",
        "quantity",
        "lessIncluded",
        "unitPrice",
        "unitCost",
        "billCustomer",
        "effectiveDate",
        "cancelledDate",
        "taxableFlag",
        "serialNumber",
        "invoiceDescription",
        "purchaseItemFlag",
        "specialOrderFlag",
        "agreementId",
        "description",
        "billedQuantity",
        "uom",
        "extPrice",
        "extCost",
        "sequenceNumber",
        "margin",
        "prorateCost",
        "proratePrice",
        "extendedProrateCost",
        "extendedProratePrice",
        "prorateCurrentPeriodFlag",
        "opportunity",
        "agreementStatus",
        "invoiceGrouping",
        "_info",
        "customFields",
    }
)
"""The top-level fields of the 2025.8 `Addition` model."""

_PASSED_THROUGH = ("opportunity", "invoiceGrouping", "customFields", "prorateCurrentPeriodFlag")


class AdditionRules:
    """Builds addition bodies from requests, against the sandbox's catalog."""

    def __init__(self, ledger: Ledger) -> None:
        self._catalog = ledger.resources["catalog"]
        self._by_identifier = {item["identifier"].casefold(): item for item in self._catalog.values()}

    def created(self, request: Any, addition_id: int, agreement: Body, sequence: int, now: datetime) -> Body:
        """POST: the request over the catalog item's prices, taxability and descriptions."""
        reader = BodyReader(request, RESOURCE)
        product = self._product(reader)
        defaults: Body = {
            "quantity": 1,
            "unitPrice": product.get("price", 0),
            "unitCost": product.get("cost", 0),
            "taxableFlag": product.get("taxableFlag", False),
            "description": product.get("description"),
            "invoiceDescription": product.get("customerDescription"),
            "effectiveDate": stamp(now.replace(hour=0, minute=0, second=0, microsecond=0)),
            "sequenceNumber": sequence,
        }
        candidate = {**defaults, **{key: value for key, value in reader.body.items() if value is not None}}
        return self._checked(candidate, addition_id, agreement, now, entered=None)

    def replaced(self, request: Any, current: Body, agreement: Body, now: datetime) -> Body:
        """PUT: the whole addition as sent; what it leaves out is empty, as after a full replace."""
        reader = BodyReader(request, RESOURCE)
        candidate = {**reader.body, "sequenceNumber": current.get("sequenceNumber")}
        return self._checked(candidate, current["id"], agreement, now, entered=_entered(current))

    def patched(self, operations: Any, current: Body, agreement: Body, now: datetime) -> Body:
        patched = apply_patch(current, operations, RESOURCE, ADDITION_FIELDS)
        return self._checked(patched, current["id"], agreement, now, entered=_entered(current))

    def _product(self, reader: BodyReader) -> Body:
        reference = reader.body.get("product")
        if reference is None:
            raise reader.missing("product")
        if not isinstance(reference, dict):
            raise reader.wrong("product", "product must be an object with an id or an identifier.")
        identity, identifier = reference.get("id"), reference.get("identifier")
        if identity is not None:
            product_id = reader.reference_id("product")
            product = self._catalog.get(product_id or 0)
            named = f"id {product_id}"
        elif isinstance(identifier, str) and identifier:
            product = self._by_identifier.get(identifier.casefold())
            named = f"identifier {identifier!r}"
        else:
            raise reader.missing("product")
        if product is None:
            raise reader.wrong("product", f"Product {named} does not exist in the catalog.")
        if product.get("inactiveFlag"):
            raise reader.wrong("product", f"Product {product['identifier']} is inactive.")
        return product

    def _checked(
        self, candidate: Body, addition_id: int, agreement: Body, now: datetime, *, entered: str | None
    ) -> Body:
        reader = BodyReader(candidate, RESOURCE)
        product = self._product(reader)
        bill_customer = reader.choice("billCustomer", BILL_CUSTOMER, required=True)
        quantity = reader.number("quantity") or Decimal(0)
        unit_price = reader.number("unitPrice") or Decimal(0)
        unit_cost = reader.number("unitCost") or Decimal(0)
        effective = reader.moment("effectiveDate")
        cancelled = reader.moment("cancelledDate")
        if effective is not None and cancelled is not None and cancelled < effective:
            raise reader.wrong("cancelledDate", "cancelledDate must not be before effectiveDate.")
        ext_price, ext_cost = to_money(quantity * unit_price), to_money(quantity * unit_cost)
        unit = product.get("unitOfMeasure")
        body: Body = {
            "id": addition_id,
            "product": {"id": product["id"], "identifier": product["identifier"]},
            "quantity": quantity,
            "lessIncluded": reader.number("lessIncluded") or Decimal(0),
            "unitPrice": unit_price,
            "unitCost": unit_cost,
            "billCustomer": bill_customer,
            "effectiveDate": stamp(effective),
            "cancelledDate": stamp(cancelled),
            "taxableFlag": bool(reader.flag("taxableFlag")),
            "serialNumber": reader.text("serialNumber", MAX_SERIAL_NUMBER),
            "invoiceDescription": reader.text("invoiceDescription", MAX_INVOICE_DESCRIPTION),
            "purchaseItemFlag": bool(reader.flag("purchaseItemFlag")),
            "specialOrderFlag": bool(reader.flag("specialOrderFlag")),
            "agreementId": agreement["id"],
            "description": reader.text("description", MAX_INVOICE_DESCRIPTION),
            "billedQuantity": Decimal(0),
            "uom": unit.get("name") if isinstance(unit, dict) else None,
            "extPrice": ext_price,
            "extCost": ext_cost,
            "sequenceNumber": candidate.get("sequenceNumber"),
            "margin": ext_price - ext_cost,
            **{name: candidate[name] for name in _PASSED_THROUGH if candidate.get(name) is not None},
            "agreementStatus": agreement.get("agreementStatus", "Active"),
            "_info": {"lastUpdated": stamp(now), "updatedBy": "tuiledger", "dateEntered": entered or stamp(now)},
        }
        return without_nulls(body)


def _entered(current: Body) -> str | None:
    info = current.get("_info")
    return info.get("dateEntered") if isinstance(info, dict) else None
