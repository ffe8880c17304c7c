"""A month of synthetic platform invoice lines at any scale, shaped like a large distributor's month.

Shape, per million lines: about 25,000 organizations, each with one to forty subscriptions to some of 1,200
offers; a subscription bills a cycle fee and sometimes usage, corrections or one-time charges. Organization
and offer names repeat across lines the way real ones do, so the store's per-period text dictionaries, its
search and its sorts meet realistic cardinalities, not one distinct name per line.

Deterministic for a given seed; streams the lines (constant memory), and reuses Decimal and date objects
from small pools so that building a million lines costs seconds, not minutes.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine, SourcePlatform
from tui_ledger.store.line_periods import BillingPeriod

_ADJECTIVES = [
    "Blue",
    "Alpine",
    "Amber",
    "Bright",
    "Cedar",
    "Coastal",
    "Crimson",
    "Delta",
    "Eastern",
    "Evergreen",
    "First",
    "Golden",
    "Granite",
    "Harbor",
    "Highland",
    "Iron",
    "Jade",
    "Keystone",
    "Lakeside",
    "Liberty",
    "Maple",
    "Meridian",
    "Midland",
    "Noble",
    "Northern",
    "Oak",
    "Pacific",
    "Pioneer",
    "Prairie",
    "Quantum",
    "Redwood",
    "River",
    "Silver",
    "Summit",
    "Sunrise",
    "Timber",
    "Union",
    "Valley",
    "Western",
    "Willow",
]
_NOUNS = [
    "Dental",
    "Legal",
    "Logistics",
    "Motors",
    "Bakery",
    "Clinic",
    "Architects",
    "Builders",
    "Consulting",
    "Dairy",
    "Electric",
    "Engineering",
    "Farms",
    "Fitness",
    "Foods",
    "Freight",
    "Gardens",
    "Health",
    "Hotels",
    "Imaging",
    "Insurance",
    "Labs",
    "Landscaping",
    "Marine",
    "Media",
    "Metals",
    "Optics",
    "Partners",
    "Pharmacy",
    "Plumbing",
    "Printing",
    "Realty",
    "Robotics",
    "Roofing",
    "Schools",
    "Security",
    "Software",
    "Solar",
    "Studios",
    "Supply",
    "Surveying",
    "Textiles",
    "Therapy",
    "Tools",
    "Transit",
    "Travel",
    "Trucking",
    "Ventures",
    "Veterinary",
    "Vineyards",
    "Water",
    "Wellness",
    "Works",
    "Accounting",
    "Analytics",
    "Apparel",
    "Audio",
]
_SUFFIXES = ("Ltd", "LLC", "Inc", "GmbH", "BV", "AS", "Pty", "SARL", "AB", "Oy", "plc", "Group")
_FAMILIES = (
    ("Microsoft 365 Business Basic", "Microsoft"),
    ("Microsoft 365 Business Standard", "Microsoft"),
    ("Microsoft 365 Business Premium", "Microsoft"),
    ("Microsoft 365 E3", "Microsoft"),
    ("Microsoft 365 E5", "Microsoft"),
    ("Exchange Online Plan 1", "Microsoft"),
    ("Teams Phone Standard", "Microsoft"),
    ("Azure plan", "Microsoft"),
    ("Defender for Endpoint P2", "Microsoft"),
    ("Dynamics 365 Sales", "Microsoft"),
    ("Power BI Pro", "Microsoft"),
    ("Visio Plan 2", "Microsoft"),
    ("Acronis Cyber Protect", "Acronis"),
    ("Acronis Cloud Storage", "Acronis"),
    ("Dropbox Business", "Dropbox"),
    ("Adobe Acrobat Pro", "Adobe"),
    ("Adobe Creative Cloud", "Adobe"),
    ("SentinelOne Complete", "SentinelOne"),
    ("Keeper Business", "Keeper"),
    ("Zoom Pro", "Zoom"),
    ("Google Workspace Business", "Google"),
    ("Veeam Backup for M365", "Veeam"),
    ("Bitdefender GravityZone", "Bitdefender"),
    ("ESET Protect Advanced", "ESET"),
)
_EDITIONS = tuple(f"{term} {size}" for term in ("NCE", "Legacy", "Trial", "EDU", "Gov") for size in "ABCDEFGHIJ")
_CYCLES = ("Monthly", "Monthly", "Monthly", "Annual", "One-Time")
_TERMS = ("1 Month", "1 Year", "1 Year", "3 Years", "None")
_EXTRA_TYPES = (
    ChargeType.USAGE_FEE,
    ChargeType.CORRECTION,
    ChargeType.PURCHASE_FEE,
    ChargeType.ONE_TIME_FEE,
    ChargeType.ITEM_FEE,
)


def synthetic_lines(count: int, period: BillingPeriod, seed: int = 2026) -> Iterator[InvoiceLine]:
    """`count` lines of `period`, deterministic for `seed`."""
    chooser = random.Random(seed)
    organizations = _organizations(max(count // 40, 10), chooser)
    offers = _offers(chooser)
    amounts = [Decimal(chooser.randint(-2_000, 250_000)) / 100 for _ in range(4_000)]
    quantities = [Decimal(value) for value in ("1", "1", "2", "3", "5", "10", "25", "0.5", "100", "0.25")]
    days = [date(period.year, period.month, day) for day in range(1, period.last_day.day + 1)]
    first, last = period.first_day, period.last_day
    produced = 0
    subscription = 0
    while produced < count:
        organization_id, organization_name, reference = organizations[chooser.randrange(len(organizations))]
        for _ in range(chooser.randint(1, 40)):
            subscription += 1
            offer_id, offer_name, vendor, cycle, term = offers[chooser.randrange(len(offers))]
            kinds = [ChargeType.CYCLE_FEE]
            while chooser.random() < 0.45:
                kinds.append(_EXTRA_TYPES[chooser.randrange(len(_EXTRA_TYPES))])
            for kind in kinds:
                if produced == count:
                    return
                produced += 1
                cost = amounts[chooser.randrange(len(amounts))]
                start = first if kind.is_recurring else days[chooser.randrange(len(days))]
                yield InvoiceLine(
                    source_platform=SourcePlatform.APPXITE,
                    platform_line_id=f"row-{produced:08d}",
                    invoice_id=f"INV-{period.key}-{subscription // 50:06d}",
                    invoice_date=days[subscription % len(days)],
                    organization_id=organization_id,
                    organization_name=organization_name,
                    organization_reference=reference,
                    contract_id=f"CT-{organization_id}",
                    offer_name=offer_name,
                    offer_id=offer_id,
                    vendor_name=vendor,
                    billing_cycle=cycle,
                    commitment_term=term,
                    quantity=quantities[chooser.randrange(len(quantities))],
                    cost=cost,
                    revenue=amounts[chooser.randrange(len(amounts))],
                    charge_start_date=start,
                    charge_end_date=last if kind.is_recurring else None,
                    charge_type=kind,
                    subscription_id=f"sub-{subscription:08d}",
                )


def _organizations(count: int, chooser: random.Random) -> list[tuple[str, str, str | None]]:
    names = [f"{a} {n} {s}" for a in _ADJECTIVES for n in _NOUNS for s in _SUFFIXES]
    chooser.shuffle(names)
    organizations = []
    for number in range(count):
        base = names[number % len(names)]
        name = base if number < len(names) else f"{base} {number // len(names) + 1}"
        reference = None if chooser.random() < 0.05 else f"C{100000 + number}"
        organizations.append((f"org-{number:06d}", name, reference))
    return organizations


def _offers(chooser: random.Random) -> list[tuple[str, str, str, str, str]]:
    offers = []
    for family, vendor in _FAMILIES:
        for edition in _EDITIONS:
            offers.append(
                (
                    f"OFR-{len(offers):05d}",
                    f"{family} ({edition})",
                    vendor,
                    chooser.choice(_CYCLES),
                    chooser.choice(_TERMS),
                )
            )
    return offers
