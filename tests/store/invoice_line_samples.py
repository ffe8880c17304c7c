"""Deterministic invoice lines for the store and grid tests: small, varied, and with every awkward case.

The lines mix upper and lower case names (sorting is case-insensitive), missing references and vendors,
equal sort keys (so ties must break by line id), every charge type, negative amounts and custom invoices.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from tui_ledger.domain.invoice_lines import CUSTOM_INVOICE_OFFER_NAME, ChargeType, InvoiceLine, SourcePlatform
from tui_ledger.store import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_periods import BillingPeriod

PERIOD = BillingPeriod(2026, 5)
TODAY = date(2026, 5, 18)
LOADED_AT = datetime(2026, 5, 18, 9, 30, tzinfo=UTC)

ORGANIZATIONS = (
    ("org-1", "Contoso Ltd", "REF-100"),
    ("org-2", "contoso labs", "REF-007"),
    ("org-3", "Fabrikam", None),
    ("org-4", "Northwind Traders", "REF-300"),
    ("org-5", "Ålesund Fisk AS", "REF-200"),
    ("org-6", "Tailspin Toys", "ref-250"),
)
OFFERS = (
    ("off-1", "Microsoft 365 Business Premium", "Microsoft", "Monthly", "1 Year"),
    ("off-2", "Azure plan", "Microsoft", "Monthly", "None"),
    ("off-3", "Acronis Cyber Protect", None, "Annual", "3 Years"),
    ("off-4", "Dropbox Business", "Dropbox", "Monthly", "1 Month"),
    (None, CUSTOM_INVOICE_OFFER_NAME, None, None, None),
)


def sample_lines(count: int = 240, seed: int = 7, period: BillingPeriod = PERIOD) -> list[InvoiceLine]:
    chooser = random.Random(seed)
    lines: list[InvoiceLine] = []
    for number in range(count):
        organization_id, organization_name, reference = chooser.choice(ORGANIZATIONS)
        offer_id, offer_name, vendor, cycle, term = chooser.choice(OFFERS)
        custom = offer_id is None
        charge_type = ChargeType.USER_CORRECTION if custom else chooser.choice(list(ChargeType))
        quantity = Decimal(chooser.choice(["1", "2", "2", "5", "0.5", "12"]))
        cost = Decimal(chooser.randint(-500, 5000)) / 100
        start = date(period.year, period.month, chooser.choice([1, 1, 1, 15]))
        end = None if chooser.random() < 0.3 else period.last_day
        lines.append(
            InvoiceLine(
                source_platform=SourcePlatform.APPXITE,
                platform_line_id=f"row-{number:05d}",
                invoice_id=f"INV-{number // 10:04d}",
                invoice_date=date(period.year, period.month, chooser.choice([1, 2, 2, 3, 28])),
                organization_id=organization_id,
                organization_name=organization_name,
                organization_reference=reference,
                contract_id=None if custom else f"C-{organization_id}",
                offer_name=offer_name,
                offer_id=offer_id,
                vendor_name=vendor,
                billing_cycle=cycle,
                commitment_term=term,
                quantity=quantity,
                cost=cost,
                revenue=cost * Decimal("1.2"),
                charge_start_date=start,
                charge_end_date=end,
                charge_type=charge_type,
                subscription_id=None if custom else f"sub-{organization_id}-{offer_id}",
                is_custom_invoice=custom,
            )
        )
    return lines


def open_database(folder: Path) -> Database:
    """A migrated profile database in a test's temporary folder."""
    return Database.open(folder / "profile.sqlite")


def loaded_store(folder: Path, lines: list[InvoiceLine] | None = None) -> InvoiceLineStore:
    """A store with PERIOD loaded from `lines` (the default sample when None)."""
    store = InvoiceLineStore(open_database(folder))
    store.load_period(PERIOD, sample_lines() if lines is None else lines, today=TODAY, loaded_at=LOADED_AT)
    return store
