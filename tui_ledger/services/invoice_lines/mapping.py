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
from dataclasses import dataclass, replace
from datetime import date

from tui_ledger.domain.clock import Clock
from tui_ledger.services.invoice_lines.directory import PsaDirectory
from tui_ledger.services.invoice_lines.mapping_fill import LineFill, fill_offer, fill_organization
from tui_ledger.services.invoice_lines.suggestions import Suggester, Suggestion
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_groups import LineCounts, OfferGroup, OrganizationGroup
from tui_ledger.store.line_mappings import NEW_AGREEMENT, CompanyChoice, OrganizationMapping, ProductChoice
from tui_ledger.store.line_periods import BillingPeriod

PlatformOrganization = OrganizationGroup
"""An organization the loaded lines name (its id and names, from the newest period naming it)."""

PlatformOffer = OfferGroup
"""An offer the loaded lines name, keyed as the mappings key it."""


class LineCounter:
    """Lines per organization and per offer over the loaded periods, asked row by row and remembered.

    Counting is an index walk per period (a few hundred microseconds), cheap for the rows on screen but not for
    twenty thousand at once, so the Mapping screen asks only for what it shows (or sorts by).
    """

    def __init__(self, store: InvoiceLineStore, periods: Iterable[BillingPeriod]) -> None:
        self._store = store
        self._periods = tuple(periods)
        self._organizations: dict[tuple[str, str], LineCounts] = {}
        self._offers: dict[tuple[str, str], LineCounts] = {}

    def organization(self, organization: PlatformOrganization) -> LineCounts:
        key = (organization.platform.value, organization.organization_id)
        counts = self._organizations.get(key)
        if counts is None:
            counts = self._organizations[key] = sum(
                (
                    self._store.groups(period).organization_counts(organization.organization_id)
                    for period in self._periods
                ),
                LineCounts(),
            )
        return counts

    def offer(self, offer: PlatformOffer) -> LineCounts:
        key = (offer.platform.value, offer.key)
        counts = self._offers.get(key)
        if counts is None:
            counts = self._offers[key] = sum(
                (self._store.groups(period).offer_counts(offer.key) for period in self._periods), LineCounts()
            )
        return counts

    def forget_organization(self, organization: PlatformOrganization) -> None:
        self._organizations.pop((organization.platform.value, organization.organization_id), None)

    def forget_offer(self, offer: PlatformOffer) -> None:
        self._offers.pop((offer.platform.value, offer.key), None)


@dataclass(frozen=True, slots=True)
class OrganizationRow:
    """An organization, what it maps to, and — asked when the row is shown — its line counts and suggestion."""

    organization: PlatformOrganization
    companies: tuple[OrganizationMapping, ...]
    suggester: Suggester
    counter: LineCounter

    @property
    def is_mapped(self) -> bool:
        return bool(self.companies)

    @property
    def counts(self) -> LineCounts:
        """Its lines, and how many of them have no PSA company."""
        return self.counter.organization(self.organization)

    @property
    def suggestion(self) -> Suggestion | None:
        return self.suggester.suggest(self.organization.name)

    @property
    def exact_suggestion(self) -> Suggestion | None:
        return self.suggester.exact(self.organization.name)


@dataclass(frozen=True, slots=True)
class OfferRow:
    """An offer, the product it maps to, and — asked when the row is shown — its line counts and suggestion."""

    offer: PlatformOffer
    product: ProductChoice | None
    suggester: Suggester
    counter: LineCounter

    @property
    def is_mapped(self) -> bool:
        return self.product is not None

    @property
    def counts(self) -> LineCounts:
        """Its lines, and how many of them have no PSA product."""
        return self.counter.offer(self.offer)

    @property
    def suggestion(self) -> Suggestion | None:
        return self.suggester.suggest(self.offer.name)

    @property
    def exact_suggestion(self) -> Suggestion | None:
        return self.suggester.exact(self.offer.name)


@dataclass(frozen=True, slots=True)
class MappingOverview:
    organizations: tuple[OrganizationRow, ...]
    offers: tuple[OfferRow, ...]
    periods: tuple[BillingPeriod, ...]


def merged_organizations(groups: Iterable[OrganizationGroup]) -> list[OrganizationGroup]:
    """One entry per organization over several periods (newest first: its names win), by name."""
    merged: dict[tuple[str, str], OrganizationGroup] = {}
    for group in groups:
        merged.setdefault((group.platform.value, group.organization_id), group)
    return sorted(merged.values(), key=lambda item: (item.name.casefold(), item.organization_id))


def merged_offers(groups: Iterable[OfferGroup]) -> list[OfferGroup]:
    """One entry per offer over several periods (newest first: its names win), by name."""
    merged: dict[tuple[str, str], OfferGroup] = {}
    for group in groups:
        merged.setdefault((group.platform.value, group.key), group)
    return sorted(merged.values(), key=lambda item: (item.name.casefold(), item.key))


class LineMapping:
    """Organization and offer mappings over every loaded period (see the module docstring)."""

    def __init__(self, database: Database, store: InvoiceLineStore, directory: PsaDirectory, clock: Clock) -> None:
        self._database = database
        self._store = store
        self._directory = directory
        self._clock = clock
        self._suggesters: tuple[Suggester, Suggester] | None = None

    def loaded_periods(self, today: date) -> list[BillingPeriod]:
        return [loaded.period for loaded in self._store.loaded_periods(today)]

    def forget(self) -> None:
        """Read ConnectWise's companies and products afresh next time (the screen's Refresh)."""
        self._directory.forget()
        self._suggesters = None

    async def overview(self, today: date) -> MappingOverview:
        """Every organization and offer of the loaded periods with their mappings; counts and suggestions are
        computed when a row asks for them.

        The lists come from the store's grouped index (a seek per organization, per period) and the mappings
        from one query each, so the overview of a million lines costs a fraction of a second.
        """
        periods = self.loaded_periods(today)
        organizations = merged_organizations(
            group for period in periods for group in self._store.groups(period).organizations()
        )
        offers = merged_offers(group for period in periods for group in self._store.groups(period).offers())
        companies, products = await self._suggesters_now()
        counter = LineCounter(self._store, periods)
        company_mappings = self._store.mappings.every_organization_mapping()
        product_mappings = self._store.mappings.every_offer_mapping()
        organization_rows = tuple(
            OrganizationRow(
                organization,
                company_mappings.get((organization.platform.value, organization.organization_id), ()),
                companies,
                counter,
            )
            for organization in organizations
        )
        offer_rows = tuple(
            OfferRow(offer, product_mappings.get((offer.platform.value, offer.key)), products, counter)
            for offer in offers
        )
        return MappingOverview(organization_rows, offer_rows, tuple(periods))

    def organization_row(self, row: OrganizationRow) -> OrganizationRow:
        """The same organization after a change to it: its mappings read again, its counts asked afresh."""
        organization = row.organization
        row.counter.forget_organization(organization)
        companies = self._store.mappings.companies_of(organization.platform, organization.organization_id)
        return replace(row, companies=tuple(companies))

    def offer_row(self, row: OfferRow) -> OfferRow:
        """The same offer after a change to it: its product read again, its counts asked afresh."""
        row.counter.forget_offer(row.offer)
        return replace(row, product=self._store.mappings.product_of(row.offer.platform, row.offer.key))

    async def _suggesters_now(self) -> tuple[Suggester, Suggester]:
        """One suggester per list, kept with the directory's lists so that each name is weighed once."""
        if self._suggesters is None:
            self._suggesters = (
                await self._directory.company_suggester(),
                await self._directory.product_suggester(),
            )
        return self._suggesters

    def map_organization(
        self, organization: PlatformOrganization, company: CompanyChoice, today: date, *, make_default: bool = True
    ) -> int:
        """Map (or add a company to) an organization and fill its loaded lines here and now; returns lines filled."""
        if self.record_organization(organization, company, today, make_default=make_default) is None:
            return 0
        return fill_organization(self._database, self._store, organization, today)

    def record_organization(
        self, organization: PlatformOrganization, company: CompanyChoice, today: date, *, make_default: bool = True
    ) -> LineFill | None:
        """Map (or add a company to) an organization; the fill its loaded lines still need (run it in a worker
        thread), or None when they keep what they have: an added company that is not the default."""
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
            return None
        return LineFill(self._database.path, organization, today)

    def unmap_organization(self, organization: PlatformOrganization, company_id: int) -> None:
        self._store.mappings.unmap_organization(organization.platform, organization.organization_id, company_id)

    def map_offer(self, offer: PlatformOffer, product: ProductChoice, today: date) -> int:
        """Map an offer to a product and fill its loaded lines here and now; returns lines filled."""
        self.record_offer(offer, product, today)
        return fill_offer(self._database, self._store, offer, today)

    def record_offer(self, offer: PlatformOffer, product: ProductChoice, today: date) -> LineFill:
        """Map an offer to a product; the fill its loaded lines still need (run it in a worker thread)."""
        self._store.mappings.map_offer(offer.platform, offer.key, product, at=self._clock.now())
        return LineFill(self._database.path, offer, today)

    def unmap_offer(self, offer: PlatformOffer) -> None:
        self._store.mappings.unmap_offer(offer.platform, offer.key)

    def accept_exact(self, overview: MappingOverview, today: date) -> ExactAccepted:
        """Map every unmapped organization and offer whose suggestion is an exact name match.

        Organizations get their company with a new agreement of the default type (seed 003's choice for an empty
        agreement); a person picks an existing agreement per organization where one is wanted.
        """
        accepted = ExactAccepted()
        for row in overview.organizations:
            suggestion = row.exact_suggestion
            if row.is_mapped or suggestion is None:
                continue
            candidate = suggestion.candidate
            choice = CompanyChoice(candidate.id, candidate.name, NEW_AGREEMENT)
            accepted.lines += self.map_organization(row.organization, choice, today)
            accepted.organizations += 1
        for offer_row in overview.offers:
            offer_suggestion = offer_row.exact_suggestion
            if offer_row.is_mapped or offer_suggestion is None:
                continue
            candidate = offer_suggestion.candidate
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
