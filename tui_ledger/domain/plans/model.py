"""What a plan is: the package documents one PSA document becomes, plus the contact and items they need.

A plan is computed, never stored: the checks build it to validate exactly what will be sent, the Export screen
reads its numbers (target number, credit note number), and the export run rebuilds it from the same inputs —
the idempotency keys inside make the two builds interchangeable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.accounting import ContactDraft, DocumentDraft, DocumentType, ItemDraft, PackageCapabilities
from tui_ledger.domain.documents import Document
from tui_ledger.domain.money import total
from tui_ledger.domain.plans.options import ExportOptions


class PlanPart(StrEnum):
    """Which package document of a PSA document; part of the idempotency key."""

    MAIN = "main"
    """The document itself: an invoice, a credit note for a negative invoice, a bill, a purchase."""
    RETURNS = "credit"
    """The credit note holding the returns of an invoice split into invoice plus credit note."""


@dataclass(frozen=True, slots=True)
class PlanContext:
    """Where and how documents are sent: the facts every idempotency key and number depends on."""

    profile: str
    target: str
    """The accounting company's name in the profile (a profile may export into several)."""
    capabilities: PackageCapabilities
    options: ExportOptions
    tax_codes: Mapping[str, str] = field(default_factory=dict)
    """ConnectWise tax code → the package's code (Xero TaxType, QuickBooks TaxCode id), per accounting company.

    Each package names its tax rates its own way, so the user maps them once per company (config.toml
    `[profiles.<name>.targets] tax_codes`). A code not in the map is sent as it is: a ConnectWise whose tax codes
    already carry the package's codes needs no map.
    """

    def package_tax_code(self, code: str | None) -> str | None:
        """The code a line sends to the package for ConnectWise tax code `code`."""
        if code is None:
            return None
        return self.tax_codes.get(code.strip(), code)

    def sales_item_for(self, account_code: str | None) -> str:
        """The item a sales line without a ConnectWise product is sent as, where the package posts sales only through
        items (QuickBooks): the one the export settings map the line's GL account to, else the default sales item.

        QuickBooks books such a line's revenue on the item's income account, not on the line's GL account, so a
        company with several income accounts maps each to an item that posts there (`sales_items_by_account`)."""
        mapped = self.options.sales_items_by_account.get((account_code or "").strip())
        return mapped or self.options.default_sales_item


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """The PSA line a draft line came from, in words a user recognises in ConnectWise."""

    label: str
    """E.g. "line 3 'Managed Services'", "freight 'Freight'", "expense type 'Mileage'"."""
    psa_item: str | None = None
    """The ConnectWise product on the line (before any down-payment default), for GL-mapping instructions."""
    is_down_payment: bool = False


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """One package document: its draft and where each of its lines came from.

    `origins` runs parallel to `draft.lines`. Each line states the PSA's tax (`tax_amount`) except on a
    tax-inclusive expense, where the package splits the paid amount itself. Credits carry positive amounts: a
    package refuses negative document totals, so `signed_total` is what this document contributes to the PSA total.
    """

    part: PlanPart
    draft: DocumentDraft
    origins: tuple[LineOrigin, ...]

    @property
    def net(self) -> Decimal:
        return total(line.line_amount for line in self.draft.lines)

    @property
    def tax(self) -> Decimal:
        """The tax added on top of the lines: the PSA's, as stated; nothing for tax-inclusive lines."""
        return total(line.tax_amount for line in self.draft.lines if line.tax_amount is not None)

    @property
    def total(self) -> Decimal:
        return total((self.net, self.tax))

    @property
    def signed_total(self) -> Decimal:
        return -self.total if self.draft.document_type.is_credit else self.total

    @property
    def number(self) -> str | None:
        return self.draft.number


@dataclass(frozen=True, slots=True)
class DocumentPlan:
    """Everything one PSA document becomes. No parts: nothing to send (an invoice without lines, seed 002)."""

    document: Document
    parts: tuple[PlannedDocument, ...]
    contact: ContactDraft | None
    """The customer or supplier the parts are addressed to, should the package lack it."""
    items: tuple[ItemDraft, ...]
    """Every product the lines name, should the package lack them."""
    notices: tuple[str, ...] = ()
    """Deliberate departures from the settings, e.g. an expense sent as a bill because the package has no purchases."""

    @property
    def signed_total(self) -> Decimal:
        """What the parts add up to, credits negative: equals the PSA total for a document whose lines add up."""
        return total(part.signed_total for part in self.parts)

    def part_of_type(self, document_type: DocumentType) -> PlannedDocument | None:
        return next((part for part in self.parts if part.draft.document_type is document_type), None)

    @property
    def target_number(self) -> str | None:
        """The number of the main document (the invoice, bill or purchase), as the Export screen shows it."""
        main = next((part for part in self.parts if part.part is PlanPart.MAIN), None)
        return main.number if main and not main.draft.document_type.is_credit else None

    @property
    def credit_number(self) -> str | None:
        """The credit note number: of a negative invoice, or of the returns of a split one."""
        credit = next((part for part in self.parts if part.draft.document_type.is_credit), None)
        return credit.number if credit else None
