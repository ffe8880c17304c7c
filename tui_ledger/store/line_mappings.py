"""Mappings from platform to ConnectWise: organization → company (one or several), offer → product.

Seed 003: a line's PSA organization is pre-filled from the Organizations mapping, its product from the
Products mapping, and an edit on the Invoices tab "becomes the default mapping going forward for new lines
from the same Organization / Offer". An organization may map to several companies (one-to-many, e.g. one
tenant billed to two ConnectWise companies); exactly one of them is its default, the one new lines get.

Mappings are keyed by the platform's own ids (`organization_id`; the offer id, or the offer name when the
platform gives no id, as for custom invoices), never by names, which the platform may change.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from tui_ledger.domain.invoice_lines import InvoiceLine, SourcePlatform
from tui_ledger.store.codec import timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.line_codes import NO_ID


@dataclass(frozen=True, slots=True)
class AgreementChoice:
    """The agreement a line posts to: an existing one, or "create a new one from the default type"."""

    agreement_id: int = NO_ID
    name: str = ""
    create_new: bool = False

    def __post_init__(self) -> None:
        if self.create_new and self.agreement_id != NO_ID:
            raise ValueError("an agreement choice is either an existing agreement or 'create new', not both")

    @property
    def is_chosen(self) -> bool:
        return self.create_new or self.agreement_id != NO_ID


NO_AGREEMENT = AgreementChoice()
NEW_AGREEMENT = AgreementChoice(create_new=True)


@dataclass(frozen=True, slots=True)
class CompanyChoice:
    """A ConnectWise company (and, optionally, the agreement lines of it post to)."""

    company_id: int
    company_name: str
    agreement: AgreementChoice = NO_AGREEMENT

    def __post_init__(self) -> None:
        if self.company_id <= 0:
            raise ValueError(f"a ConnectWise company id is positive, got {self.company_id}")


@dataclass(frozen=True, slots=True)
class ProductChoice:
    """A ConnectWise catalog item."""

    product_id: int
    product_name: str

    def __post_init__(self) -> None:
        if self.product_id <= 0:
            raise ValueError(f"a ConnectWise product id is positive, got {self.product_id}")


@dataclass(frozen=True, slots=True)
class OrganizationMapping:
    source_platform: SourcePlatform
    organization_id: str
    company: CompanyChoice
    is_default: bool


@dataclass(frozen=True, slots=True)
class MappingDefaults:
    """What new lines are pre-filled with, read once before a load."""

    companies: dict[tuple[str, str], CompanyChoice]
    products: dict[tuple[str, str], ProductChoice]

    def company_for(self, line: InvoiceLine) -> CompanyChoice | None:
        return self.companies.get((line.source_platform.value, line.organization_id))

    def product_for(self, line: InvoiceLine) -> ProductChoice | None:
        return self.products.get((line.source_platform.value, offer_key(line.offer_id, line.offer_name)))


EMPTY_DEFAULTS = MappingDefaults({}, {})


def offer_key(offer_id: str | None, offer_name: str) -> str:
    """The platform's offer id; lines without one (custom invoices) are keyed by their offer name."""
    return offer_id if offer_id else f"name:{offer_name}"


class LineMappings:
    """The organization and product mapping tables of a profile."""

    def __init__(self, database: Database) -> None:
        self._database = database

    def map_organization(
        self,
        platform: SourcePlatform,
        organization_id: str,
        company: CompanyChoice,
        *,
        at: datetime,
        make_default: bool = True,
    ) -> None:
        """Add (or update) one company of an organization; the first one, or `make_default`, becomes the default."""
        with self._database.transaction() as connection:
            has_default = connection.execute(
                "SELECT 1 FROM organization_mapping WHERE source_platform = ? AND organization_id = ? AND is_default",
                (platform.value, organization_id),
            ).fetchone()
            default = make_default or has_default is None
            if default:
                connection.execute(
                    "UPDATE organization_mapping SET is_default = 0 WHERE source_platform = ? AND organization_id = ?",
                    (platform.value, organization_id),
                )
            connection.execute(
                """
                INSERT INTO organization_mapping (source_platform, organization_id, company_id, company_name,
                    agreement_id, agreement_name, agreement_new, is_default, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (source_platform, organization_id, company_id) DO UPDATE SET
                    company_name = excluded.company_name, agreement_id = excluded.agreement_id,
                    agreement_name = excluded.agreement_name, agreement_new = excluded.agreement_new,
                    is_default = excluded.is_default OR is_default, updated_at = excluded.updated_at
                """,
                (
                    platform.value,
                    organization_id,
                    company.company_id,
                    company.company_name,
                    company.agreement.agreement_id,
                    company.agreement.name,
                    int(company.agreement.create_new),
                    int(default),
                    timestamp_text(at),
                ),
            )

    def unmap_organization(self, platform: SourcePlatform, organization_id: str, company_id: int) -> None:
        """Remove one company of an organization; if it was the default, the oldest remaining one takes over."""
        with self._database.transaction() as connection:
            connection.execute(
                "DELETE FROM organization_mapping WHERE source_platform = ? AND organization_id = ? AND company_id = ?",
                (platform.value, organization_id, company_id),
            )
            connection.execute(
                """
                UPDATE organization_mapping SET is_default = 1
                WHERE source_platform = ?1 AND organization_id = ?2 AND company_id = (
                    SELECT company_id FROM organization_mapping WHERE source_platform = ?1 AND organization_id = ?2
                    ORDER BY updated_at, company_id LIMIT 1)
                AND NOT EXISTS (SELECT 1 FROM organization_mapping
                                WHERE source_platform = ?1 AND organization_id = ?2 AND is_default)
                """,
                (platform.value, organization_id),
            )

    def companies_of(self, platform: SourcePlatform, organization_id: str) -> list[OrganizationMapping]:
        """Every company an organization maps to, the default first."""
        rows = self._database.query(
            """
            SELECT company_id, company_name, agreement_id, agreement_name, agreement_new, is_default
            FROM organization_mapping WHERE source_platform = ? AND organization_id = ?
            ORDER BY is_default DESC, company_name, company_id
            """,
            (platform.value, organization_id),
        )
        return [OrganizationMapping(platform, organization_id, _company(row), bool(row["is_default"])) for row in rows]

    def every_organization_mapping(self) -> dict[tuple[str, str], tuple[OrganizationMapping, ...]]:
        """Every organization's companies, the default first, keyed by (platform, organization id): one query for
        the Mapping screen's whole list instead of one per organization."""
        rows = self._database.query(
            """
            SELECT source_platform, organization_id, company_id, company_name, agreement_id, agreement_name,
                   agreement_new, is_default
            FROM organization_mapping
            ORDER BY source_platform, organization_id, is_default DESC, company_name, company_id
            """
        )
        grouped: dict[tuple[str, str], list[OrganizationMapping]] = {}
        for row in rows:
            platform = SourcePlatform(row["source_platform"])
            mapping = OrganizationMapping(platform, row["organization_id"], _company(row), bool(row["is_default"]))
            grouped.setdefault((platform.value, row["organization_id"]), []).append(mapping)
        return {key: tuple(mappings) for key, mappings in grouped.items()}

    def every_offer_mapping(self) -> dict[tuple[str, str], ProductChoice]:
        """Every offer's product, keyed by (platform, offer key)."""
        return dict(self.defaults().products)

    def map_offer(self, platform: SourcePlatform, key: str, product: ProductChoice, *, at: datetime) -> None:
        """Map an offer (see `offer_key`) to a product; new lines of the offer get it."""
        if not key:
            raise StoreError("an offer mapping needs the offer's key (its id, or name:<offer name>)")
        with self._database.transaction() as connection:
            connection.execute(
                """
                INSERT INTO offer_mapping (source_platform, offer_key, product_id, product_name, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (source_platform, offer_key) DO UPDATE SET product_id = excluded.product_id,
                    product_name = excluded.product_name, updated_at = excluded.updated_at
                """,
                (platform.value, key, product.product_id, product.product_name, timestamp_text(at)),
            )

    def unmap_offer(self, platform: SourcePlatform, key: str) -> None:
        with self._database.transaction() as connection:
            connection.execute(
                "DELETE FROM offer_mapping WHERE source_platform = ? AND offer_key = ?", (platform.value, key)
            )

    def product_of(self, platform: SourcePlatform, key: str) -> ProductChoice | None:
        row = self._database.query_one(
            "SELECT product_id, product_name FROM offer_mapping WHERE source_platform = ? AND offer_key = ?",
            (platform.value, key),
        )
        return None if row is None else ProductChoice(row["product_id"], row["product_name"])

    def defaults(self) -> MappingDefaults:
        """The default company of every organization and the product of every offer."""
        return MappingDefaults(
            companies=dict(self._default_companies()),
            products={
                (row["source_platform"], row["offer_key"]): ProductChoice(row["product_id"], row["product_name"])
                for row in self._database.query(
                    "SELECT source_platform, offer_key, product_id, product_name FROM offer_mapping"
                )
            },
        )

    def _default_companies(self) -> Iterator[tuple[tuple[str, str], CompanyChoice]]:
        rows = self._database.query(
            """
            SELECT source_platform, organization_id, company_id, company_name, agreement_id, agreement_name,
                   agreement_new
            FROM organization_mapping WHERE is_default
            """
        )
        for row in rows:
            yield (row["source_platform"], row["organization_id"]), _company(row)


def _company(row: sqlite3.Row) -> CompanyChoice:
    agreement = AgreementChoice(row["agreement_id"], row["agreement_name"], bool(row["agreement_new"]))
    return CompanyChoice(row["company_id"], row["company_name"], agreement)
