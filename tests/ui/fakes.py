"""A small in-memory PsaReader and workspace for UI and retrieve tests.

Built from the domain dataclasses, so the screens are tested against the Protocol, not a concrete connector.
The reader pages its documents, honours the filter's kinds, thru date and location, and can be told to wait
(to test cancel) or to fail (to test the error path).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from tui_ledger.connectors.ports import Location
from tui_ledger.domain.documents import (
    InvoiceLine,
    ProcurementLine,
    ProcurementLineKind,
    Reference,
    SummaryLevel,
    UnpostedExpense,
    UnpostedInvoice,
    UnpostedPurchase,
)
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.services.workspace import TargetCompany, UiPreferences, Workspace, WorkspacePaths

TODAY = date(2025, 1, 31)


class FixedClock:
    """Noon UTC on TODAY: the same local date in every time zone from UTC-11 to UTC+11."""

    def monotonic(self) -> float:
        return 0.0

    def now(self) -> datetime:
        return datetime(TODAY.year, TODAY.month, TODAY.day, 12, 0, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)


def _invoice(number: int, customer: str, day: int, amounts: Sequence[str], location: int = 1) -> UnpostedInvoice:
    lines = tuple(
        InvoiceLine(line_id=number * 10 + index, description=f"Line {index}", amount=Decimal(amount))
        for index, amount in enumerate(amounts)
    )
    total = sum((line.amount for line in lines), Decimal("0.00"))
    return UnpostedInvoice(
        unposted_id=number,
        invoice_id=number + 1000,
        number=str(number),
        invoice_type="Standard",
        invoice_date=date(2025, 1, day),
        customer=Reference(id=number, identifier=customer.replace(" ", ""), name=customer),
        total=total,
        location_id=location,
        lines=lines,
    )


def _expense(number: int, member: str, day: int, amount: str, location: int = 1) -> UnpostedExpense:
    return UnpostedExpense(
        unposted_id=number,
        expense_id=number,
        member_identifier=member,
        expense_date=date(2025, 1, day),
        total=Decimal(amount),
        company=Reference(id=7, identifier="Contoso", name="Contoso Ltd"),
        expense_type="Mileage",
        location_id=location,
    )


def _purchase(number: int, vendor: str, day: int, amounts: Sequence[str], location: int = 1) -> UnpostedPurchase:
    lines = tuple(
        ProcurementLine(
            unposted_id=number * 10 + index,
            unposted_product_id=f"{number}-{index}",
            kind=ProcurementLineKind.FREIGHT if index == 0 else ProcurementLineKind.PRODUCT,
            description="Freight" if index == 0 else f"Product {index}",
            amount=Decimal(amount),
        )
        for index, amount in enumerate(amounts)
    )
    return UnpostedPurchase(
        po_id=number,
        po_number=f"PO{number}",
        vendor=Reference(id=number, identifier=vendor.replace(" ", ""), name=vendor),
        purchase_date=date(2025, 1, day),
        lines=lines,
        vendor_invoice_number=f"V-{number}",
        location_id=location,
    )


INVOICES = (
    _invoice(508, "Acme Dental", 6, ["1200.00", "300.50"]),
    _invoice(509, "Baker & Sons", 14, ["450.00"], location=2),
    _invoice(510, "O'Brien Legal", 20, []),
    _invoice(511, "Acme Dental", 28, ["-125.25"]),
)
EXPENSES = (
    _expense(4351, "bbastine", 9, "86.40"),
    _expense(4352, "jsmith", 22, "19.99", location=2),
)
PURCHASES = (
    _purchase(984, "Ingram Micro", 3, ["25.00", "1499.00", "89.90"]),
    _purchase(985, "Dell", 17, ["0.00", "2310.00"], location=2),
)
LOCATIONS = (Location(1, "Main Office"), Location(2, "Remote Office"))


@dataclass
class MemoryPsa:
    """A PsaReader over fixed documents; `gate` (when set) holds every page until released."""

    invoices: tuple[UnpostedInvoice, ...] = INVOICES
    expenses: tuple[UnpostedExpense, ...] = EXPENSES
    purchases: tuple[UnpostedPurchase, ...] = PURCHASES
    page_size: int = 2
    gate: asyncio.Event | None = None
    failure: Exception | None = None
    closed: bool = False
    pages_started: int = 0
    pages_closed: int = 0
    filters_seen: list[UnpostedFilter] = field(default_factory=list)

    def _select(self, documents: Sequence, unposted: UnpostedFilter) -> list:
        self.filters_seen.append(unposted)
        return [
            document
            for document in documents
            if document.document_date <= unposted.thru_date
            and (unposted.location_id is None or document.location_id == unposted.location_id)
        ]

    async def _pages(self, documents: list) -> AsyncIterator[list]:
        self.pages_started += 1
        try:
            for start in range(0, len(documents), self.page_size):
                if self.gate is not None:
                    await self.gate.wait()
                if self.failure is not None:
                    raise self.failure
                yield documents[start : start + self.page_size]
        finally:
            self.pages_closed += 1

    async def count_unposted_invoices(self, unposted: UnpostedFilter) -> int:
        return len(self._select(self.invoices, unposted))

    async def count_unposted_expenses(self, unposted: UnpostedFilter) -> int:
        return len(self._select(self.expenses, unposted))

    async def count_unposted_procurement(self, unposted: UnpostedFilter) -> int:
        return sum(len(purchase.lines) for purchase in self._select(self.purchases, unposted))

    def unposted_invoices(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedInvoice]]:
        return self._pages(self._select(self.invoices, unposted))

    def unposted_expenses(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedExpense]]:
        return self._pages(self._select(self.expenses, unposted))

    def unposted_purchases(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedPurchase]]:
        return self._pages(self._select(self.purchases, unposted))

    async def locations(self) -> list[Location]:
        if self.failure is not None:
            raise self.failure
        return list(LOCATIONS)

    async def companies(self, name_contains: str | None = None) -> list[Reference]:
        return []

    async def aclose(self) -> None:
        self.closed = True


COMPANIES = (
    TargetCompany("Demo Pty Ltd", "Xero"),
    TargetCompany(
        "Demo Remote LLC", "QuickBooks Online", default_location_id=2, default_summary_level=SummaryLevel.DETAILED
    ),
)


def make_workspace(psa: MemoryPsa, saved: list[tuple[str, object]] | None = None, **preferences: object) -> Workspace:
    """A sandbox-like workspace with fixed, machine-independent paths; saved preferences land in `saved`."""
    return Workspace(
        profile="sandbox",
        is_sandbox=True,
        psa=psa,
        connected_systems=("ConnectWise", "Xero: Demo Pty Ltd"),
        target_companies=COMPANIES,
        preferences=UiPreferences(**preferences),  # type: ignore[arg-type]
        paths=WorkspacePaths(
            config_file=None,
            data_dir=Path("/home/finance/.local/share/tui-ledger/sandbox"),
            themes_dir=Path("/home/finance/.config/tui-ledger/themes"),
        ),
        details={
            "ConnectWise URL": "http://connectwise.sandbox.invalid/v4_6_release/apis/3.0",
            "Private key": "s3cr3t",
        },
        save_preference=None if saved is None else lambda key, value: saved.append((key, value)),
    )
