"""ConnectWise agreements and agreement types: read, find, create from a type, cancel, delete.

Seed 003: a line with no agreement chosen posts to "a new Agreement … using the default Agreement Type from
Configuration". The type is the one Configuration names, or else the one ConnectWise marks `defaultFlag`.
A new agreement copies the type's billing settings and takes the company's default contact (ConnectWise
requires a contact).

Creating is not idempotent: sent twice, it makes two agreements. So a create whose answer is lost (no
answer, a gateway error) is never simply sent again: the agreement is looked up by what identifies it —
company, type and name, among agreements not cancelled — and created again only when it is not there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tui_ledger.connectors.connectwise.companies import Company
from tui_ledger.connectors.connectwise.conditions import Condition, all_of
from tui_ledger.connectors.connectwise.conditions import field as condition_field
from tui_ledger.connectors.connectwise.lost_answers import create_exactly_once
from tui_ledger.connectors.connectwise.records import RecordReader
from tui_ledger.connectors.connectwise.write_json import JSON_HEADERS, encode_json
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.connectors.http import ServiceClient
from tui_ledger.connectors.pagination import link_pages
from tui_ledger.domain.documents import Reference

AGREEMENTS_PATH = "/finance/agreements"
AGREEMENT_TYPES_PATH = "/finance/agreements/types"

TYPE_SETTINGS_TO_AGREEMENT = {
    "billingCycle": "billingCycle",
    "invoicingCycle": "invoicingCycle",
    "billTime": "billTime",
    "billExpenses": "billExpenses",
    "billProducts": "billProducts",
    "taxableFlag": "taxable",
    "prorateFlag": "prorateFlag",
    "employeeCompRate": "employeeCompRate",
    "employeeCompNotExceed": "employeeCompNotExceed",
}
"""Agreement type field → agreement field: the billing settings an agreement made from a type starts with."""


class NoAgreementType(ConnectorError):
    """The agreement type a new agreement needs does not exist (or no type is marked default)."""


class CompanyHasNoContact(ConnectorError):
    """ConnectWise requires an agreement contact, and the company has no default contact to take."""


@dataclass(frozen=True, slots=True)
class AgreementType:
    id: int
    name: str
    is_default: bool
    inactive: bool
    settings: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """The billing settings a new agreement of this type starts with, as agreement fields."""


@dataclass(frozen=True, slots=True)
class Agreement:
    id: int
    name: str
    company: Reference
    agreement_type: Reference
    cancelled: bool
    start_date: date | None
    end_date: date | None
    status: str | None


def parse_agreement_type(data: Any, call: CallSite) -> AgreementType:
    record = RecordReader(data, "agreement type", call)
    settings = {
        target: record.data[source] for source, target in TYPE_SETTINGS_TO_AGREEMENT.items() if source in record.data
    }
    return AgreementType(
        id=record.integer("id"),
        name=record.text("name"),
        is_default=record.flag("defaultFlag"),
        inactive=record.flag("inactiveFlag"),
        settings=settings,
    )


def parse_agreement(data: Any, call: CallSite) -> Agreement:
    record = RecordReader(data, "agreement", call)
    return Agreement(
        id=record.integer("id"),
        name=record.text("name"),
        company=record.reference("company"),
        agreement_type=record.reference("type"),
        cancelled=record.flag("cancelledFlag"),
        start_date=record.optional_day("startDate"),
        end_date=record.optional_day("endDate"),
        status=record.optional_text("agreementStatus"),
    )


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


class ConnectWiseAgreements:
    """Agreement and agreement-type calls, typed."""

    def __init__(self, client: ServiceClient, page_size: int) -> None:
        self.client = client
        self.page_size = page_size

    # -- agreement types

    async def agreement_types(self, *, include_inactive: bool = False) -> list[AgreementType]:
        params: dict[str, str | int] = {"pageSize": self.page_size, "orderBy": "name asc"}
        if not include_inactive:
            params["conditions"] = str(condition_field("inactiveFlag").eq(False))
        call = self.client.call_for("GET", AGREEMENT_TYPES_PATH)
        pages = link_pages(self.client, AGREEMENT_TYPES_PATH, params)
        return [parse_agreement_type(data, call) async for page in pages for data in page]

    async def default_agreement_type(self, configured_name: str | None = None) -> AgreementType:
        """The type Configuration names (any case), or else the one ConnectWise marks as default."""
        types = await self.agreement_types()
        if configured_name:
            wanted = configured_name.strip().casefold()
            for agreement_type in types:
                if agreement_type.name.casefold() == wanted:
                    return agreement_type
            known = ", ".join(agreement_type.name for agreement_type in types) or "none"
            raise NoAgreementType(
                self.client.service,
                f"the default agreement type {configured_name!r} from Configuration is not an active agreement "
                f"type in ConnectWise (active types: {known})",
            )
        for agreement_type in types:
            if agreement_type.is_default:
                return agreement_type
        raise NoAgreementType(
            self.client.service,
            "no agreement type is marked default in ConnectWise; name one as default_agreement_type in the profile",
        )

    # -- agreements

    async def agreement(self, agreement_id: int) -> Agreement:
        path = f"{AGREEMENTS_PATH}/{agreement_id}"
        return parse_agreement(await self.client.get_json(path), self.client.call_for("GET", path))

    async def agreements(self, company_id: int | None = None, *, include_cancelled: bool = False) -> list[Agreement]:
        """Agreements by name, of one company when given (for the PSA Agreement drop-down)."""
        return await self._agreements(
            all_of(
                condition_field("company/id").eq(company_id) if company_id is not None else None,
                None if include_cancelled else condition_field("cancelledFlag").eq(False),
            )
        )

    async def find_agreement(self, company_id: int, name: str, type_id: int) -> Agreement | None:
        """The company's agreement of this type and name that is not cancelled, if there is one."""
        found = await self._agreements(
            condition_field("company/id").eq(company_id)
            & condition_field("type/id").eq(type_id)
            & condition_field("name").eq(name)
            & condition_field("cancelledFlag").eq(False)
        )
        return found[0] if found else None

    async def _agreements(self, conditions: Condition | None) -> list[Agreement]:
        params: dict[str, str | int] = {"pageSize": self.page_size, "orderBy": "name asc, id asc"}
        if conditions is not None:
            params["conditions"] = str(conditions)
        call = self.client.call_for("GET", AGREEMENTS_PATH)
        pages = link_pages(self.client, AGREEMENTS_PATH, params)
        return [parse_agreement(data, call) async for page in pages for data in page]

    async def create_from_type(
        self, company: Company, agreement_type: AgreementType, name: str, start_date: date
    ) -> Agreement:
        """A new agreement of `agreement_type` for `company`, with the company's default contact."""
        if company.default_contact is None or company.default_contact.id is None:
            raise CompanyHasNoContact(
                self.client.service,
                f"company {company.name} has no default contact, which a new agreement needs; set one in ConnectWise",
            )
        body: dict[str, Any] = {
            "name": name,
            "type": {"id": agreement_type.id},
            "company": {"id": company.id},
            "contact": {"id": company.default_contact.id},
            "startDate": _stamp(start_date),
            **agreement_type.settings,
        }
        return await self._create(body, company.id, name, agreement_type.id)

    async def _create(self, body: dict[str, Any], company_id: int, name: str, type_id: int) -> Agreement:
        call = self.client.call_for("POST", AGREEMENTS_PATH)

        async def send() -> Agreement:
            response = await self.client.request(
                "POST", AGREEMENTS_PATH, content=encode_json(body), headers=JSON_HEADERS
            )
            return parse_agreement(self.client.json_of(response), call)

        return await create_exactly_once(
            send, lambda: self.find_agreement(company_id, name, type_id), f"agreement {name!r}"
        )

    async def cancel_agreement(self, agreement_id: int, on: date) -> Agreement:
        """Cancel as of `on` (ConnectWise keeps the agreement and its history; nothing new bills on it)."""
        return await self._patch(
            agreement_id,
            [
                {"op": "replace", "path": "cancelledFlag", "value": True},
                {"op": "replace", "path": "dateCancelled", "value": _stamp(on)},
            ],
        )

    async def _patch(self, agreement_id: int, operations: list[dict[str, Any]]) -> Agreement:
        path = f"{AGREEMENTS_PATH}/{agreement_id}"
        response = await self.client.request(
            "PATCH", path, content=encode_json(operations), headers=JSON_HEADERS, idempotent=True
        )
        return parse_agreement(self.client.json_of(response), self.client.call_for("PATCH", path))

    async def delete_agreement(self, agreement_id: int) -> None:
        """Delete an agreement; one already gone counts as deleted (the answer to an earlier try was lost)."""
        await self.client.request("DELETE", f"{AGREEMENTS_PATH}/{agreement_id}", allow_statuses=(404,))
