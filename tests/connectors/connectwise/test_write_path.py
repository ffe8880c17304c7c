"""The ConnectWise write path against the sandbox: agreement types, agreements from a type, catalog, companies,
and additions created exactly once, updated, cancelled and deleted."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.connectors.connectwise.write_sandbox import LosingAnswers, open_billing, posts_to, private_hub
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.connectwise.agreements import CompanyHasNoContact, NoAgreementType
from tui_ledger.connectors.connectwise.companies import Company, parse_company
from tui_ledger.connectors.error_mapping import CallSite
from tui_ledger.connectors.errors import MalformedResponse, NotFound, ServiceUnavailable, Unreachable, ValidationFailed
from tui_ledger.domain.line_sync import AdditionContent
from tui_ledger.sandbox.connectwise import SERVICE
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs

CUSTOMER = 250
CSP_AGREEMENT = 801


def content(key: str = "appxite:CF:sub-1", **changes: object) -> AdditionContent:
    base = AdditionContent(
        product_id=600,
        quantity=Decimal(12),
        unit_price=Decimal("22.0125"),
        unit_cost=Decimal("18.7"),
        effective_date=date(2026, 1, 1),
        cancelled_date=None,
        invoice_description="Microsoft 365 Business Premium - Cycle Fee",
        serial_number=key,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def hub(tmp_path: Path, company: DemoCompany) -> SandboxHub:
    return private_hub(tmp_path, company)


@pytest.fixture
async def billing(hub: SandboxHub) -> AsyncIterator[ConnectWiseAgreementBilling]:
    opened = open_billing(hub)
    yield opened
    await opened.aclose()


# -- agreement types and agreements


async def test_the_default_agreement_type_is_the_configured_one_or_connectwises(
    billing: ConnectWiseAgreementBilling, company: DemoCompany
) -> None:
    marked = next(kind for kind in company.agreement_types if kind.default)
    other = next(kind for kind in company.agreement_types if not kind.default)

    assert (await billing.agreements.default_agreement_type()).id == marked.id
    assert (await billing.agreements.default_agreement_type(other.name.upper())).id == other.id
    with pytest.raises(NoAgreementType, match="'Nope' from Configuration is not an active agreement type") as caught:
        await billing.agreements.default_agreement_type("Nope")
    assert marked.name in str(caught.value)


async def test_an_agreement_made_from_a_type_is_found_again_by_company_type_and_name(
    billing: ConnectWiseAgreementBilling,
) -> None:
    company = await billing.companies.company(CUSTOMER)
    kind = await billing.agreements.default_agreement_type()

    created = await billing.agreements.create_from_type(company, kind, "Marketplace lines", date(2026, 1, 1))

    assert (created.company.id, created.agreement_type.id, created.start_date, created.cancelled) == (
        CUSTOMER,
        kind.id,
        date(2026, 1, 1),
        False,
    )
    assert await billing.agreements.find_agreement(CUSTOMER, "Marketplace lines", kind.id) == created
    assert created in await billing.agreements.agreements(CUSTOMER)
    assert await billing.agreements.find_agreement(CUSTOMER, "Marketplace lines", kind.id + 1) is None


async def test_a_company_without_a_default_contact_cannot_get_an_agreement(
    billing: ConnectWiseAgreementBilling,
) -> None:
    kind = await billing.agreements.default_agreement_type()
    nobody = Company(id=CUSTOMER, identifier="AcmeLogistics", name="Acme Logistics", default_contact=None)
    with pytest.raises(CompanyHasNoContact, match="Acme Logistics has no default contact"):
        await billing.agreements.create_from_type(nobody, kind, "x", date(2026, 1, 1))


async def test_a_cancelled_agreement_leaves_the_open_lists_and_can_be_deleted(
    billing: ConnectWiseAgreementBilling,
) -> None:
    company = await billing.companies.company(CUSTOMER)
    kind = await billing.agreements.default_agreement_type()
    created = await billing.agreements.create_from_type(company, kind, "Short-lived", date(2026, 1, 1))

    cancelled = await billing.agreements.cancel_agreement(created.id, date(2026, 1, 31))

    assert (cancelled.cancelled, cancelled.status) == (True, "Cancelled")
    assert created.id not in {agreement.id for agreement in await billing.agreements.agreements(CUSTOMER)}
    assert await billing.agreements.find_agreement(CUSTOMER, "Short-lived", kind.id) is None
    await billing.agreements.delete_agreement(created.id)
    await billing.agreements.delete_agreement(created.id)
    with pytest.raises(NotFound):
        await billing.agreements.agreement(created.id)


async def test_an_agreement_lost_on_the_way_back_is_not_created_twice(hub: SandboxHub) -> None:
    losing = LosingAnswers(hub.transport(SERVICE.name), posts_to("/finance/agreements"), applied=True)
    billing = open_billing(hub, transport=losing)
    try:
        company = await billing.companies.company(CUSTOMER)
        kind = await billing.agreements.default_agreement_type()
        created = await billing.agreements.create_from_type(company, kind, "Once", date(2026, 1, 1))
        same_name = [a for a in await billing.agreements.agreements(CUSTOMER) if a.name == "Once"]
    finally:
        await billing.aclose()
    assert same_name == [created]
    assert sum(request.method == "POST" for request in losing.requests) == 1


# -- catalog and companies


async def test_catalog_items_are_read_exactly_and_searched_by_text(
    billing: ConnectWiseAgreementBilling, company: DemoCompany
) -> None:
    product = company.products[0]
    item = await billing.catalog.catalog_item(product.id)
    assert (item.identifier, item.price, item.cost, item.recurring) == (
        product.identifier,
        product.price,
        product.cost,
        product.recurring,
    )
    found = await billing.catalog.catalog_items("m365")
    assert found
    assert all("m365" in (i.identifier + i.description).lower() for i in found)
    assert len(await billing.catalog.catalog_items()) == len(company.products)


async def test_companies_carry_their_default_contact(billing: ConnectWiseAgreementBilling) -> None:
    company = await billing.companies.company(CUSTOMER)
    assert company.default_contact is not None
    assert company in await billing.companies.companies(company.name[:4])


async def test_vendors_are_told_apart_from_the_customers_an_addition_can_bill(
    billing: ConnectWiseAgreementBilling, company: DemoCompany
) -> None:
    listed = {party.id: party for party in await billing.companies.companies()}

    assert all(listed[vendor.id].type_names == ("Vendor",) for vendor in company.vendors)
    assert not any(listed[vendor.id].is_customer for vendor in company.vendors)
    assert all(listed[customer.id].is_customer for customer in company.customers)


def test_a_company_is_a_customer_unless_every_type_it_has_is_vendor() -> None:
    def typed(*names: str) -> Company:
        return Company(id=1, identifier="X", name="X", default_contact=None, type_names=names)

    assert typed().is_customer
    assert typed("Client").is_customer
    assert typed("Vendor", "Client").is_customer
    assert not typed("Vendor").is_customer
    assert not typed("vendor").is_customer


def test_a_company_whose_types_are_not_a_list_of_references_is_a_clear_malformed_answer() -> None:
    call = CallSite(service="ConnectWise", method="GET", path="/company/companies")
    body = {"id": 7, "identifier": "Odd", "name": "Odd", "types": "Vendor"}
    with pytest.raises(MalformedResponse, match="types"):
        parse_company(body, call)


# -- additions


async def test_an_addition_reads_back_what_was_written(billing: ConnectWiseAgreementBilling) -> None:
    written = content(cancelled_date=date(2026, 12, 31))
    created = await billing.additions.create(CSP_AGREEMENT, written)
    assert created.content == written
    assert created.bill_customer == "Billable"
    assert await billing.additions.addition(CSP_AGREEMENT, created.id) == created
    assert await billing.additions.find(CSP_AGREEMENT, written.serial_number or "") == created


async def test_an_update_writes_the_owned_fields_and_clears_an_emptied_date(
    billing: ConnectWiseAgreementBilling,
) -> None:
    created = await billing.additions.create(CSP_AGREEMENT, content(cancelled_date=date(2026, 12, 31)))
    later = content(quantity=Decimal(15), unit_price=Decimal("21.5"), cancelled_date=None, product_id=601)

    updated = await billing.additions.update(CSP_AGREEMENT, created.id, later)

    assert updated.content == later
    assert updated.id == created.id
    assert len(await billing.additions.additions(CSP_AGREEMENT)) == 1


async def test_cancel_and_delete(billing: ConnectWiseAgreementBilling) -> None:
    created = await billing.additions.create(CSP_AGREEMENT, content())
    cancelled = await billing.additions.cancel(CSP_AGREEMENT, created.id, date(2026, 1, 31))
    assert cancelled.content.cancelled_date == date(2026, 1, 31)
    await billing.additions.delete(CSP_AGREEMENT, created.id)
    await billing.additions.delete(CSP_AGREEMENT, created.id)
    assert await billing.additions.additions(CSP_AGREEMENT) == []


async def test_refusals_are_typed_with_connectwises_words(billing: ConnectWiseAgreementBilling) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await billing.additions.create(CSP_AGREEMENT, content(product_id=9999))
    assert refused.value.problems == ("product: Product id 9999 does not exist in the catalog.",)
    with pytest.raises(NotFound):
        await billing.additions.create(99999, content())


@pytest.mark.parametrize("applied", [True, False])
async def test_a_lost_create_answer_is_resolved_by_the_key_never_by_resending_blindly(
    hub: SandboxHub, applied: bool
) -> None:
    losing = LosingAnswers(hub.transport(SERVICE.name), posts_to("/additions"), applied=applied)
    billing = open_billing(hub, transport=losing)
    try:
        created = await billing.additions.create(CSP_AGREEMENT, content())
        listed = await billing.additions.additions(CSP_AGREEMENT)
    finally:
        await billing.aclose()

    assert listed == [created]
    posts = [request for request in losing.requests if request.method == "POST"]
    assert len(posts) == (1 if applied else 2)
    look_ups = [request for request in losing.requests if "serialNumber" in request.url.params.get("conditions", "")]
    assert len(look_ups) == 1


async def test_two_lost_answers_in_a_row_are_reported(hub: SandboxHub) -> None:
    losing = LosingAnswers(hub.transport(SERVICE.name), posts_to("/additions"), applied=False, times=2)
    billing = open_billing(hub, transport=losing)
    try:
        with pytest.raises(Unreachable, match="no answer"):
            await billing.additions.create(CSP_AGREEMENT, content())
        assert await billing.additions.additions(CSP_AGREEMENT) == []
    finally:
        await billing.aclose()


async def test_a_flaky_service_still_gets_each_addition_exactly_once(tmp_path: Path, company: DemoCompany) -> None:
    knobs = SandboxKnobs(fault_rate=0.3, fault_kinds=("reset", "timeout", "5xx"), random_seed=11)
    flaky = private_hub(tmp_path, company, knobs)
    billing = open_billing(flaky)
    keys = [f"pax8:L:line-{number}" for number in range(25)]
    created: list[int] = []
    failures = 0
    try:
        for key in keys:
            try:
                created.append((await billing.additions.create(CSP_AGREEMENT, content(key))).id)
            except (Unreachable, ServiceUnavailable):
                failures += 1
    finally:
        await billing.aclose()

    calm = open_billing(private_hub(tmp_path, company))
    try:
        listed = await calm.additions.additions(CSP_AGREEMENT)
    finally:
        await calm.aclose()
    by_key = [addition.content.serial_number for addition in listed]
    assert len(by_key) == len(set(by_key)), "an addition was created twice"
    assert set(created) <= {addition.id for addition in listed}
    assert len(created) + failures == len(keys)
    assert len(created) >= 20, (len(created), failures)
