"""ConnectWise companies as the agreement workflow needs them: identity and the default contact.

An agreement cannot be created without a contact of its company (reference §4.4), so creating one from the
default Agreement Type starts by reading the company's `defaultContact`. The Mapping screen lists companies
to map platform organizations to (active ones, optionally by name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tui_ledger.connectors.connectwise.conditions import field
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages
from tui_ledger.domain.documents import Reference

COMPANIES_PATH = "/company/companies"
COMPANY_FIELDS = "id,identifier,name,defaultContact,deletedFlag,types"
VENDOR_TYPE = "vendor"


@dataclass(frozen=True, slots=True)
class Company:
    id: int
    identifier: str
    name: str
    default_contact: Reference | None
    type_names: tuple[str, ...] = ()

    @property
    def is_customer(self) -> bool:
        """False only for a company whose every type is Vendor; an untyped company may still be billed."""
        return not self.type_names or any(name.casefold() != VENDOR_TYPE for name in self.type_names)


def parse_company(data: Any, call: CallSite) -> Company:
    record = RecordReader(data, "company", call)
    return Company(
        id=record.integer("id"),
        identifier=record.text("identifier"),
        name=record.text("name"),
        default_contact=record.optional_reference("defaultContact"),
        type_names=_type_names(record),
    )


def _type_names(record: RecordReader) -> tuple[str, ...]:
    """The names of the company's types (`[{"id": 5, "name": "Vendor"}]`); absent means none were sent."""
    value = record.data.get("types")
    if value is None:
        return ()
    if value.__class__ is not list or any(item.__class__ is not dict for item in value):
        raise record.fail("types", f"expected a list of type references, got {type(value).__name__}")
    names = []
    for item in value:
        name = item.get("name")
        if name.__class__ is not str:
            raise record.fail("types", "each type reference needs a name")
        names.append(name)
    return tuple(names)


class ConnectWiseCompanies:
    """Company reads of the agreement workflow."""

    def __init__(self, client: ServiceClient, page_size: int) -> None:
        self.client = client
        self.page_size = page_size

    async def company(self, company_id: int) -> Company:
        """One company; `NotFound` when there is none with this id."""
        path = f"{COMPANIES_PATH}/{company_id}"
        data = await self.client.get_json(path, params={"fields": COMPANY_FIELDS})
        return parse_company(data, self.client.call_for("GET", path))

    async def companies(self, name_contains: str | None = None) -> list[Company]:
        """Active companies by name, optionally only those whose name contains the text."""
        condition = field("deletedFlag").eq(False)
        if name_contains:
            condition = condition & field("name").contains(name_contains)
        params = {
            "conditions": str(condition),
            "fields": COMPANY_FIELDS,
            "orderBy": "name asc",
            "pageSize": self.page_size,
        }
        call = self.client.call_for("GET", COMPANIES_PATH)
        return [
            parse_company(data, call) async for page in link_pages(self.client, COMPANIES_PATH, params) for data in page
        ]
