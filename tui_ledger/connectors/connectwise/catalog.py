"""ConnectWise catalog items: the products platform offers map to, and the product of every Addition.

The Mapping screen offers active products by identifier and description (with suggestions by name); the
sync needs only the id. Prices are read exactly, to the unit precision ConnectWise stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tui_ledger.connectors.connectwise.conditions import field
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages

CATALOG_PATH = "/procurement/catalog"
CATALOG_FIELDS = "id,identifier,description,inactiveFlag,price,cost,recurringFlag,taxableFlag"
ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class CatalogItem:
    id: int
    identifier: str
    description: str
    price: Decimal
    cost: Decimal
    recurring: bool
    taxable: bool
    inactive: bool


def parse_catalog_item(data: Any, call: CallSite) -> CatalogItem:
    record = RecordReader(data, "catalog item", call)
    return CatalogItem(
        id=record.integer("id"),
        identifier=record.text("identifier"),
        description=record.optional_text("description") or "",
        price=record.quantity("price", ZERO),
        cost=record.quantity("cost", ZERO),
        recurring=record.flag("recurringFlag"),
        taxable=record.flag("taxableFlag"),
        inactive=record.flag("inactiveFlag"),
    )


class ConnectWiseCatalog:
    """Catalog reads."""

    def __init__(self, client: ServiceClient, page_size: int) -> None:
        self.client = client
        self.page_size = page_size

    async def catalog_item(self, item_id: int) -> CatalogItem:
        path = f"{CATALOG_PATH}/{item_id}"
        data = await self.client.get_json(path, params={"fields": CATALOG_FIELDS})
        return parse_catalog_item(data, self.client.call_for("GET", path))

    async def catalog_items(self, text: str | None = None, *, include_inactive: bool = False) -> list[CatalogItem]:
        """Products by identifier; `text` narrows to those whose identifier or description contains it."""
        conditions = None if include_inactive else field("inactiveFlag").eq(False)
        if text:
            matching = field("identifier").contains(text) | field("description").contains(text)
            conditions = matching if conditions is None else conditions & matching
        params: dict[str, str | int] = {
            "fields": CATALOG_FIELDS,
            "orderBy": "identifier asc",
            "pageSize": self.page_size,
        }
        if conditions is not None:
            params["conditions"] = str(conditions)
        call = self.client.call_for("GET", CATALOG_PATH)
        pages = link_pages(self.client, CATALOG_PATH, params)
        return [parse_catalog_item(data, call) async for page in pages for data in page]
