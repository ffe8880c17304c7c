"""One invoice line as the grid shows it and the sync reads it: platform values, edits with badges, PSA state.

`LineRecord` is what a window returns. Its texts are decoded from the period's dictionary, its codes turned
back into dates, Decimals and enums, and the Charge Type carries the name the grid shows — the custom name
from Configuration when one is set, which then wears a System Updated badge (seed 003).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from tui_ledger.domain.invoice_lines import ChargeType, SourcePlatform
from tui_ledger.store.line_codes import (
    NO_ID,
    Badge,
    MappingStatus,
    PsaStatus,
    amount_from_text,
    date_from_code,
)
from tui_ledger.store.line_columns import TextField
from tui_ledger.store.line_dictionary import PeriodTexts

RECORD_COLUMNS = (
    "id, source_platform, platform_line_id, invoice_id, subscription_id, description, currency, is_custom, "
    "invoice_date, organization, organization_name, organization_reference, contract_id, offer_name, offer_id, "
    "vendor_name, billing_cycle, commitment_term, quantity, cost, revenue, charge_type, "
    "charge_start, charge_start_badge, charge_end, charge_end_badge, "
    "psa_company_id, psa_company_name, psa_company_badge, psa_agreement_id, psa_agreement_name, psa_agreement_new, "
    "psa_agreement_badge, psa_product_id, psa_product_name, psa_product_badge, mapping_status, "
    "psa_status, psa_addition_id, psa_message"
)
"""The columns `LineRecord.decode` expects, in order, followed by the marked flag."""

_TEXT_POSITIONS = tuple(
    (field, position)
    for position, column in enumerate(name.strip() for name in RECORD_COLUMNS.split(","))
    for field in TextField
    if field.value == column
)
"""Where each dictionary field's code sits in a row of `RECORD_COLUMNS`."""


def decode_records(
    rows: Sequence[sqlite3.Row | tuple[object, ...]], texts: PeriodTexts, type_names: Mapping[ChargeType, str]
) -> list[LineRecord]:
    """Rows of `RECORD_COLUMNS` (plus the marked flag) as records, in the same order.

    The texts the rows show are read first, one query per field not yet in memory, so that decoding a window
    never reads a whole field's texts (see `FieldTexts`).
    """
    for field, position in _TEXT_POSITIONS:
        field_texts = texts[field]
        if not field_texts.is_read:
            field_texts.prefetch(int(row[position]) for row in rows)
    return [LineRecord.decode(row, texts, type_names) for row in rows]


@dataclass(frozen=True, slots=True)
class LineRecord:
    """A line of one period. `key` is its id inside the period's current generation (what marks refer to)."""

    key: int
    source_platform: SourcePlatform
    platform_line_id: str
    invoice_id: str
    subscription_id: str | None
    description: str | None
    currency: str | None
    is_custom_invoice: bool
    invoice_date: date
    organization_id: str
    organization_name: str
    organization_reference: str
    contract_id: str
    offer_name: str
    offer_id: str
    vendor_name: str
    billing_cycle: str
    commitment_term: str
    quantity: Decimal
    cost: Decimal
    revenue: Decimal
    charge_type: ChargeType
    charge_type_name: str
    charge_type_badge: Badge
    charge_start_date: date | None
    charge_start_badge: Badge
    charge_end_date: date | None
    charge_end_badge: Badge
    psa_company_id: int | None
    psa_company_name: str
    psa_company_badge: Badge
    psa_agreement_id: int | None
    psa_agreement_name: str
    psa_agreement_new: bool
    psa_agreement_badge: Badge
    psa_product_id: int | None
    psa_product_name: str
    psa_product_badge: Badge
    mapping_status: MappingStatus
    psa_status: PsaStatus
    psa_addition_id: int | None
    psa_message: str
    marked: bool

    @property
    def markable(self) -> bool:
        """Synced lines can be neither marked nor edited (seed 003)."""
        return self.psa_status is not PsaStatus.SYNCED

    @property
    def line_key(self) -> tuple[SourcePlatform, str]:
        """The identity of the line across loads of its period."""
        return (self.source_platform, self.platform_line_id)

    @classmethod
    def decode(
        cls, row: sqlite3.Row | tuple[object, ...], texts: PeriodTexts, type_names: Mapping[ChargeType, str]
    ) -> LineRecord:
        """Build from a row of `RECORD_COLUMNS` plus the marked flag."""
        (
            key,
            source_platform,
            platform_line_id,
            invoice_id,
            subscription_id,
            description,
            currency,
            is_custom,
            invoice_date,
            organization,
            organization_name,
            organization_reference,
            contract_id,
            offer_name,
            offer_id,
            vendor_name,
            billing_cycle,
            commitment_term,
            quantity,
            cost,
            revenue,
            charge_type,
            charge_start,
            charge_start_badge,
            charge_end,
            charge_end_badge,
            psa_company_id,
            psa_company_name,
            psa_company_badge,
            psa_agreement_id,
            psa_agreement_name,
            psa_agreement_new,
            psa_agreement_badge,
            psa_product_id,
            psa_product_name,
            psa_product_badge,
            mapping_status,
            psa_status,
            psa_addition_id,
            psa_message,
            marked,
        ) = tuple(row)
        kind = ChargeType(charge_type)
        custom_name = type_names.get(kind)
        return cls(
            key=key,
            source_platform=SourcePlatform(source_platform),
            platform_line_id=platform_line_id,
            invoice_id=invoice_id,
            subscription_id=subscription_id,
            description=description,
            currency=currency,
            is_custom_invoice=bool(is_custom),
            invoice_date=date.fromordinal(invoice_date),
            organization_id=texts[TextField.ORGANIZATION].text(organization),
            organization_name=texts[TextField.ORGANIZATION_NAME].text(organization_name),
            organization_reference=texts[TextField.ORGANIZATION_REFERENCE].text(organization_reference),
            contract_id=texts[TextField.CONTRACT_ID].text(contract_id),
            offer_name=texts[TextField.OFFER_NAME].text(offer_name),
            offer_id=texts[TextField.OFFER_ID].text(offer_id),
            vendor_name=texts[TextField.VENDOR_NAME].text(vendor_name),
            billing_cycle=texts[TextField.BILLING_CYCLE].text(billing_cycle),
            commitment_term=texts[TextField.COMMITMENT_TERM].text(commitment_term),
            quantity=amount_from_text(quantity),
            cost=amount_from_text(cost),
            revenue=amount_from_text(revenue),
            charge_type=kind,
            charge_type_name=custom_name or kind.label,
            charge_type_badge=Badge.SYSTEM if custom_name else Badge.NONE,
            charge_start_date=date_from_code(charge_start),
            charge_start_badge=Badge(charge_start_badge),
            charge_end_date=date_from_code(charge_end),
            charge_end_badge=Badge(charge_end_badge),
            psa_company_id=_optional_id(psa_company_id),
            psa_company_name=psa_company_name,
            psa_company_badge=Badge(psa_company_badge),
            psa_agreement_id=_optional_id(psa_agreement_id),
            psa_agreement_name=psa_agreement_name,
            psa_agreement_new=bool(psa_agreement_new),
            psa_agreement_badge=Badge(psa_agreement_badge),
            psa_product_id=_optional_id(psa_product_id),
            psa_product_name=psa_product_name,
            psa_product_badge=Badge(psa_product_badge),
            mapping_status=MappingStatus(mapping_status),
            psa_status=PsaStatus(psa_status),
            psa_addition_id=_optional_id(psa_addition_id),
            psa_message=psa_message,
            marked=bool(marked),
        )


def _optional_id(value: int) -> int | None:
    return None if value == NO_ID else value
