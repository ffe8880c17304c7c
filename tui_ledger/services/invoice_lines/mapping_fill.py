"""Filling the loaded lines of a mapped organization or offer — from a worker thread, on a connection of its own.

A fill updates every line of the organization (or offer) that nobody edited and nothing synced, in each loaded
period: at a million lines that is hundreds of scattered rows and a commit that waits for the disk
(`synchronous=FULL`), 60-250 ms. On the UI thread it holds up the frame that shows the mapping. In a worker on
the profile's shared connection it would hold that connection's lock, and every read the screen makes meanwhile
(a row's counts, a newly drawn page) would wait for it. So a fill opens a connection of its own and writes there;
WAL lets the screen read beside it, and SQLite's busy timeout queues it behind any other writer.

A fill applies the mapping as it is when the fill runs, read inside the fill's own write transaction, not the
choice as it was when asked: two quick mappings of one organization may fill in either order, and its lines
still end with the later one (SQLite lets one writer at a time, and the second reads what the first left).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_groups import OfferGroup, OrganizationGroup


def fill_organization(database: Database, store: InvoiceLineStore, organization: OrganizationGroup, today: date) -> int:
    """Give the organization's fillable lines its default company now; returns the lines filled, in one commit."""
    with database.transaction():
        companies = store.mappings.companies_of(organization.platform, organization.organization_id)
        if not companies:
            return 0
        company = companies[0].company
        return sum(
            store.editor(loaded.period).apply_company_mapping(
                organization.platform, organization.organization_id, company
            )
            for loaded in store.loaded_periods(today)
        )


def fill_offer(database: Database, store: InvoiceLineStore, offer: OfferGroup, today: date) -> int:
    """Give the offer's fillable lines its product now; returns the lines filled, in one commit."""
    with database.transaction():
        product = store.mappings.product_of(offer.platform, offer.key)
        if product is None:
            return 0
        return sum(
            store.editor(loaded.period).apply_product_mapping(offer.platform, offer.key, product)
            for loaded in store.loaded_periods(today)
        )


@dataclass(frozen=True, slots=True)
class LineFill:
    """The fill a mapping still owes its loaded lines; `run()` blocks, so call it from a worker thread.

    It opens the profile's database afresh (a connection belongs to the thread that uses it, and the shared one
    must stay free for the screen) and closes it when done, committed or not.
    """

    database_path: Path
    target: OrganizationGroup | OfferGroup
    today: date

    def run(self) -> int:
        """Fill the lines; returns how many were filled."""
        database = Database.open(self.database_path)
        try:
            store = InvoiceLineStore(database)
            if isinstance(self.target, OrganizationGroup):
                return fill_organization(database, store, self.target, self.today)
            return fill_offer(database, store, self.target, self.today)
        finally:
            database.close()
