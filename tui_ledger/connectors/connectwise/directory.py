"""Reference data for the filter bar: billing locations and companies.

Both lists are small but unbounded in principle (a large MSP has thousands of companies), so they are read
page by page following the service's `Link` header, asking only for the fields the desk shows.
"""

from __future__ import annotations

from tui_ledger.connectors.connectwise.conditions import Condition, field
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages
from tui_ledger.connectors.ports import Location
from tui_ledger.domain.documents import Reference

LOCATIONS_PATH = "/system/locations"
COMPANIES_PATH = "/company/companies"


async def read_locations(client: ServiceClient, page_size: int) -> list[Location]:
    call = client.call_for("GET", LOCATIONS_PATH)
    locations: list[Location] = []
    params = {"fields": "id,name", "orderBy": "name asc", "pageSize": page_size}
    async for page in link_pages(client, LOCATIONS_PATH, params):
        for data in page:
            record = RecordReader(data, "location", call)
            locations.append(Location(id=record.integer("id"), name=record.text("name")))
    return locations


def company_conditions(name_contains: str | None) -> Condition:
    """Active companies, optionally those whose name contains the text (any quotes in it are escaped)."""
    condition = field("deletedFlag").eq(False)
    if name_contains:
        condition = condition & field("name").contains(name_contains)
    return condition


async def read_companies(client: ServiceClient, name_contains: str | None, page_size: int) -> list[Reference]:
    call = client.call_for("GET", COMPANIES_PATH)
    companies: list[Reference] = []
    params = {
        "conditions": str(company_conditions(name_contains)),
        "fields": "id,identifier,name",
        "orderBy": "name asc",
        "pageSize": page_size,
    }
    async for page in link_pages(client, COMPANIES_PATH, params):
        for data in page:
            record = RecordReader(data, "company", call)
            companies.append(
                Reference(id=record.integer("id"), identifier=record.text("identifier"), name=record.text("name"))
            )
    return companies
