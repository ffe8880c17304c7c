"""The small typed interfaces services use, so a workflow never knows which concrete system it talks to.

Tests and the sandbox wiring supply the same connectors a real profile does; only the base URL and the
transport differ.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from tui_ledger.domain.documents import Reference, UnpostedExpense, UnpostedInvoice, UnpostedPurchase
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.invoice_lines import InvoiceLine, SourcePlatform


@dataclass(frozen=True, slots=True)
class Location:
    """A ConnectWise billing location (an owner level), for the filter bar."""

    id: int
    name: str


class PsaReader(Protocol):
    """The ConnectWise read path the Export screen needs."""

    async def count_unposted_invoices(self, unposted: UnpostedFilter) -> int: ...

    async def count_unposted_expenses(self, unposted: UnpostedFilter) -> int: ...

    async def count_unposted_procurement(self, unposted: UnpostedFilter) -> int: ...

    def unposted_invoices(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedInvoice]]:
        """Yield pages of invoices joined with their GL lines at the filter's summary level."""

    def unposted_expenses(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedExpense]]: ...

    def unposted_purchases(self, unposted: UnpostedFilter) -> AsyncIterator[list[UnpostedPurchase]]:
        """Yield pages of purchase orders, each grouping its freight and product records."""

    async def locations(self) -> list[Location]: ...

    async def companies(self, name_contains: str | None = None) -> list[Reference]: ...

    async def aclose(self) -> None: ...


class PlatformSource(Protocol):
    """A distribution platform's invoice lines (AppXite, Pax8 or a CSV export), as the one domain model.

    Load Invoices asks for a calendar month (seed 003): every line whose invoice date lies in
    `period_start..period_end`, both inclusive. Lines arrive in pages so a long load can report progress; a
    source raises a `ConnectorError` (or, for a file, its own typed error) rather than yield a partial period.
    """

    @property
    def platform(self) -> SourcePlatform: ...

    def invoice_lines(self, period_start: date, period_end: date) -> AsyncIterator[list[InvoiceLine]]:
        """Yield pages of the period's invoice lines."""

    async def aclose(self) -> None: ...
