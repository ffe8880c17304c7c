"""A whole sync world for the service tests: the demo company's marketplace billed as invoice lines, loaded
into a profile database with organization and offer mappings, and the in-process ConnectWise sandbox.

Organizations map to their ConnectWise customer and the agreement of their contract (or "create new" when the
contract has none); offers to their product; custom invoices ("Offer for Default Subscription") to a service
product. Organizations and offers the demo company leaves unmapped stay unmapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

from tests.sandbox.connectwise.cw_support import AUTH_HEADERS
from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.connectwise.settings import DEFAULT_SYNC_MAX_IN_FLIGHT, ConnectWiseSettings
from tui_ledger.domain.clock import ScaledClock
from tui_ledger.domain.invoice_lines import CUSTOM_INVOICE_OFFER_NAME, ChargeType, InvoiceLine, SourcePlatform
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.marketplace_billing import ChargeKind, MarketplaceBilling, MarketplaceCharge
from tui_ledger.services.line_sync import LineSync, SyncOptions
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_mappings import NEW_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice, offer_key
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord
from tui_ledger.store.system_log import SystemLog

ANCHOR = date(2026, 5, 20)
MAY = BillingPeriod(2026, 5)
APRIL = BillingPeriod(2026, 4)
NEW_AGREEMENT_ORGANIZATIONS = 2
"""Mapped organizations whose lines leave the agreement empty (seed 003: a new one is created on sync)."""
CUSTOM_PRODUCT_ID = 615
"""LAB-PROJECT: the service product custom invoices are mapped to."""

CHARGE_TYPES = {
    ChargeKind.CYCLE: ChargeType.CYCLE_FEE,
    ChargeKind.ITEM: ChargeType.ITEM_FEE,
    ChargeKind.PURCHASE: ChargeType.PURCHASE_FEE,
    ChargeKind.ONE_TIME: ChargeType.ONE_TIME_FEE,
    ChargeKind.CANCELLATION: ChargeType.CORRECTION,
    ChargeKind.SEAT_CHANGE: ChargeType.CORRECTION,
    ChargeKind.USAGE: ChargeType.USAGE_FEE,
    ChargeKind.CUSTOM: ChargeType.USER_CORRECTION,
}


def invoice_line(charge: MarketplaceCharge) -> InvoiceLine:
    offer, subscription = charge.offer, charge.subscription
    return InvoiceLine(
        source_platform=SourcePlatform.APPXITE,
        platform_line_id=charge.id,
        invoice_id=f"INV-{charge.billing_month:%Y%m}-{charge.organization.reference_number}",
        invoice_date=charge.billing_month,
        organization_id=charge.organization.id,
        organization_name=charge.organization.name,
        organization_reference=charge.organization.reference_number,
        contract_id=charge.contract.id if charge.contract else None,
        offer_name=offer.name if offer else CUSTOM_INVOICE_OFFER_NAME,
        offer_id=offer.id if offer else None,
        vendor_name=offer.vendor_name if offer else None,
        billing_cycle=offer.billing_cycle if offer else None,
        commitment_term=offer.commitment_term if offer else None,
        quantity=charge.quantity,
        cost=charge.cost,
        revenue=charge.price,
        charge_start_date=charge.period_start,
        charge_end_date=charge.period_end,
        charge_type=CHARGE_TYPES[charge.kind],
        subscription_id=subscription.id if subscription else None,
        is_custom_invoice=charge.custom_invoice is not None,
        currency=charge.organization.currency,
        description=charge.description,
    )


def month_lines(company: DemoCompany, period: BillingPeriod) -> list[InvoiceLine]:
    return [invoice_line(charge) for charge in MarketplaceBilling(company).charges(period.first_day)]


@dataclass
class SyncWorld:
    company: DemoCompany
    hub: SandboxHub
    database: Database
    store: InvoiceLineStore
    billing: ConnectWiseAgreementBilling
    system_log: SystemLog
    clock: ScaledClock

    def sync(self, **options: Any) -> LineSync:
        return LineSync(self.database, self.billing, self.system_log, clock=self.clock, options=SyncOptions(**options))

    def map_everything(self, new_agreements: int = NEW_AGREEMENT_ORGANIZATIONS) -> None:
        """The demo company's own mappings, as a user would make them on the Mapping screen; the last
        `new_agreements` mapped organizations leave the agreement empty ("create a new one")."""
        at = self.clock.now()
        agreements = {agreement.id: agreement.name for agreement in self.company.agreements}
        customers = {customer.id: customer.name for customer in self.company.customers}
        contracts = {contract.organization_id: contract for contract in self.company.contracts}
        mapped = [organization for organization in self.company.organizations if organization.customer_id is not None]
        without_agreement = {organization.id for organization in mapped[len(mapped) - new_agreements :]}
        for organization in mapped:
            assert organization.customer_id is not None
            contract = contracts.get(organization.id)
            agreement = (
                AgreementChoice(contract.agreement_id, agreements[contract.agreement_id])
                if contract is not None
                and contract.agreement_id is not None
                and organization.id not in without_agreement
                else NEW_AGREEMENT
            )
            choice = CompanyChoice(organization.customer_id, customers[organization.customer_id], agreement)
            self.store.mappings.map_organization(SourcePlatform.APPXITE, organization.id, choice, at=at)
        products = {product.id: product.identifier for product in self.company.products}
        for offer in self.company.offers:
            if offer.product_id is not None:
                choice = ProductChoice(offer.product_id, products[offer.product_id])
                self.store.mappings.map_offer(SourcePlatform.APPXITE, offer.id, choice, at=at)
        custom = ProductChoice(CUSTOM_PRODUCT_ID, products[CUSTOM_PRODUCT_ID])
        self.store.mappings.map_offer(SourcePlatform.APPXITE, offer_key(None, CUSTOM_INVOICE_OFFER_NAME), custom, at=at)

    def load(self, period: BillingPeriod, lines: list[InvoiceLine] | None = None) -> None:
        chosen = month_lines(self.company, period) if lines is None else lines
        self.store.load_period(period, chosen, today=ANCHOR, loaded_at=self.clock.now())

    async def connectwise_state(self) -> dict[str, Any]:
        """Every agreement and every addition the sandbox holds, as the API returns them (minus audit stamps),
        read through a calm hub on the same state (the world's own hub may be injecting faults)."""
        calm = SandboxHub(self.hub.state_dir, services=[connectwise.SERVICE], clock=self.clock)
        async with calm.client("connectwise", headers=AUTH_HEADERS) as client:
            agreements = await _all(client, "finance/agreements")
            additions = {
                agreement["id"]: await _all(client, f"finance/agreements/{agreement['id']}/additions")
                for agreement in agreements
            }
        return {
            "agreements": _unstamped(agreements),
            "additions": {key: _unstamped(rows) for key, rows in additions.items()},
        }


def records(world: SyncWorld, period: BillingPeriod = MAY) -> list[LineRecord]:
    grid = world.store.grid(period)
    return grid.window(0, grid.count())


def by_id(world: SyncWorld, period: BillingPeriod = MAY) -> dict[str, LineRecord]:
    return {record.platform_line_id: record for record in records(world, period)}


async def additions_by_key(world: SyncWorld) -> dict[str, list[dict[str, Any]]]:
    state = await world.connectwise_state()
    found: dict[str, list[dict[str, Any]]] = {}
    for rows in state["additions"].values():
        for row in rows:
            found.setdefault(row["serialNumber"], []).append(row)
    return found


async def _all(client: httpx.AsyncClient, path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        response = await client.get(path, params={"page": page, "pageSize": 1000})
        response.raise_for_status()
        batch = response.json(parse_float=Decimal)
        rows += batch
        if len(batch) < 1000:
            return rows
        page += 1


def _unstamped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`_info` is ConnectWise's audit trail (who touched a record, when): undo cannot and should not rewrite it."""
    return [{key: value for key, value in row.items() if key != "_info"} for row in rows]


def open_world(
    state_dir: Path,
    company: DemoCompany,
    *,
    knobs: SandboxKnobs | None = None,
    max_in_flight: int = DEFAULT_SYNC_MAX_IN_FLIGHT,
    speedup: float = 100.0,
) -> SyncWorld:
    """`speedup` makes retry back-offs short (a 0.5 s wait passes in 5 ms); `max_in_flight` is the ceiling of the
    sync client's adaptive gate."""
    clock = ScaledClock(speedup, start=datetime(2026, 5, 20, 9, 0, tzinfo=UTC))
    hub = SandboxHub(state_dir / "sandbox", knobs, services=[connectwise.SERVICE], clock=clock)
    hub.seed(company)
    credentials = hub.credentials("connectwise")
    settings = ConnectWiseSettings(
        base_url=hub.base_url("connectwise"),
        company_id=credentials["company_id"],
        public_key=credentials["public_key"],
        private_key=credentials["private_key"],
        client_id=credentials["client_id"],
        sync_max_in_flight=max_in_flight,
    )
    billing = ConnectWiseAgreementBilling.open(settings, clock=clock, transport=hub.transport("connectwise"))
    database = Database.open(state_dir / "profile.sqlite")
    return SyncWorld(
        company=company,
        hub=hub,
        database=database,
        store=InvoiceLineStore(database),
        billing=billing,
        system_log=SystemLog(database, clock),
        clock=clock,
    )
