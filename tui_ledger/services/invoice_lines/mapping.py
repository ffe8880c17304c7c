"""The Mapping screen's work: which organizations and offers the loaded lines name, how they are mapped, what
to suggest, and mapping them so that lines fill in.

Seed 003 pre-fills a line's PSA Organization "from the Organizations tab if the Organization has been mapped
there" and its product "from the Products tab". A mapping made here is therefore two things at once: the
default for lines loaded from now on (the store's mapping tables), and a fill of the lines already loaded in
every period kept, except lines a person edited (User Updated) and lines already synced.

An organization may map to several companies (one-to-many); the default one is what lines get. Removing a
mapping changes what new lines get; lines already filled keep their company until edited.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tui_ledger.domain.clock import Clock
from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.services.invoice_lines.directory import PsaDirectory
from tui_ledger.services.invoice_lines.suggestions import Suggestion
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_edits import offer_key_of
from tui_ledger.store.line_mappings import NEW_AGREEMENT, CompanyChoice, OrganizationMapping, ProductChoice
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord

READ_CHUNK = 5_000
"""Lines read per window while gathering a period's organizations and offers."""


@dataclass(slots=True)
class PlatformOrganization:
    """An organization the loaded lines name, with how many lines it has and how many lack a PSA company."""

    platform: SourcePlatform
    organization_id: str
    name: str
    reference: str
    lines: int = 0
    without_company: int = 0


@dataclass(slots=True)
class PlatformOffer:
    """An offer the loaded lines name (keyed as the mappings key it), with its lines and those lacking a product."""

    platform: SourcePlatform
    key: str
    offer_id: str
    name: str
    vendor: str
    lines: int = 0
    without_product: int = 0


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    organization: PlatformOrganization
    companies: tuple[OrganizationMapping, ...]
    suggestion: Suggestion | None

    @property
    def is_mapped(self) -> bool:
        return bool(self.companies)


@dataclass(frozen=True, slots=True)
class OfferRow:
    offer: PlatformOffer
    product: ProductChoice | None
    suggestion: Suggestion | None

    @property
    def is_mapped(self) -> bool:
        return self.product is not None


@dataclass(frozen=True, slots=True)
class MappingOverview:
    organizations: tuple[OrganizationRow, ...]
    offers: tuple[OfferRow, ...]
    periods: tuple[BillingPeriod, ...]


def gather(records: Iterable[LineRecord]) -> tuple[list[PlatformOrganization], list[PlatformOffer]]:
    """The distinct organizations and offers of these lines, by name, with their counts."""
    organizations: dict[tuple[SourcePlatform, str], PlatformOrganization] = {}
    offers: dict[tuple[SourcePlatform, str], PlatformOffer] = {}
    for record in records:
        platform = record.source_platform
        organization = organizations.get((platform, record.organization_id))
        if organization is None:
            organization = organizations[(platform, record.organization_id)] = PlatformOrganization(
                platform, record.organization_id, record.organization_name, record.organization_reference
            )
        organization.lines += 1
        organization.without_company += record.psa_company_id is None
        key = offer_key_of(record)
        offer = offers.get((platform, key))
        if offer is None:
            offer = offers[(platform, key)] = PlatformOffer(
                platform, key, record.offer_id, record.offer_name, record.vendor_name
            )
        offer.lines += 1
        offer.without_product += record.psa_product_id is None
    by_name = sorted(organizations.values(), key=lambda item: (item.name.casefold(), item.organization_id))
    return by_name, sorted(offers.values(), key=lambda item: (item.name.casefold(), item.key))


def period_records(store: InvoiceLineStore, period: BillingPeriod) -> Iterable[LineRecord]:
    grid = store.grid(period)
    total = grid.count()
    for start in range(0, total, READ_CHUNK):
        yield from grid.window(start, READ_CHUNK)


class LineMapping:
    """Organization and offer mappings over every loaded period (see the module docstring)."""

    def __init__(self, store: InvoiceLineStore, directory: PsaDirectory, clock: Clock) -> None:
        self._store = store
        self._directory = directory
        self._clock = clock

    def loaded_periods(self, today: date) -> list[BillingPeriod]:
        return [loaded.period for loaded in self._store.loaded_periods(today)]

    async def overview(self, today: date) -> MappingOverview:
        """Every organization and offer of the loaded periods, with their mappings and suggestions."""
        periods = self.loaded_periods(today)
        organizations, offers = gather(record for period in periods for record in period_records(self._store, period))
        companies = await self._directory.company_suggester()
        products = await self._directory.product_suggester()
        mappings = self._store.mappings
        organization_rows = tuple(
            OrganizationRow(
                organization,
                tuple(mappings.companies_of(organization.platform, organization.organization_id)),
                companies.suggest(organization.name),
            )
            for organization in organizations
        )
        offer_rows = tuple(
            OfferRow(offer, mappings.product_of(offer.platform, offer.key), products.suggest(offer.name))
            for offer in offers
        )
        return MappingOverview(organization_rows, offer_rows, tuple(periods))

    def map_organization(
        self, organization: PlatformOrganization, company: CompanyChoice, today: date, *, make_default: bool = True
    ) -> int:
        """Map (or add a company to) an organization; a default mapping fills its loaded lines. Returns lines filled."""
        mappings = self._store.mappings
        mappings.map_organization(
            organization.platform,
            organization.organization_id,
            company,
            at=self._clock.now(),
            make_default=make_default,
        )
        default = mappings.companies_of(organization.platform, organization.organization_id)[0]
        if default.company.company_id != company.company_id:
            return 0
        return sum(
            self._store.editor(period).apply_company_mapping(
                organization.platform, organization.organization_id, company
            )
            for period in self.loaded_periods(today)
        )

    def unmap_organization(self, organization: PlatformOrganization, company_id: int) -> None:
        self._store.mappings.unmap_organization(organization.platform, organization.organization_id, company_id)

    def map_offer(self, offer: PlatformOffer, product: ProductChoice, today: date) -> int:
        """Map an offer to a product and fill its loaded lines; returns lines filled."""
        self._store.mappings.map_offer(offer.platform, offer.key, product, at=self._clock.now())
        return sum(
            self._store.editor(period).apply_product_mapping(offer.platform, offer.key, product)
            for period in self.loaded_periods(today)
        )

    def unmap_offer(self, offer: PlatformOffer) -> None:
        self._store.mappings.unmap_offer(offer.platform, offer.key)

    def accept_exact(self, overview: MappingOverview, today: date) -> ExactAccepted:
        """Map every unmapped organization and offer whose suggestion is an exact name match.

        Organizations get their company with a new agreement of the default type (seed 003's choice for an empty
        agreement); a person picks an existing agreement per organization where one is wanted.
        """
        accepted = ExactAccepted()
        for row in overview.organizations:
            if row.is_mapped or row.suggestion is None or not row.suggestion.exact:
                continue
            candidate = row.suggestion.candidate
            choice = CompanyChoice(candidate.id, candidate.name, NEW_AGREEMENT)
            accepted.lines += self.map_organization(row.organization, choice, today)
            accepted.organizations += 1
        for offer_row in overview.offers:
            if offer_row.is_mapped or offer_row.suggestion is None or not offer_row.suggestion.exact:
                continue
            candidate = offer_row.suggestion.candidate
            accepted.lines += self.map_offer(offer_row.offer, ProductChoice(candidate.id, candidate.name), today)
            accepted.offers += 1
        return accepted


@dataclass(slots=True)
class ExactAccepted:
    """What accepting the exact suggestions did."""

    organizations: int = 0
    offers: int = 0
    lines: int = 0

    @property
    def summary(self) -> str:
        return (
            f"Mapped {self.organizations} organizations and {self.offers} offers by exact name; "
            f"{self.lines:,} line fields filled."
        )
