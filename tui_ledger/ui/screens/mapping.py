"""The Mapping screen: platform organizations → ConnectWise companies, platform offers → ConnectWise products.

Seed 003 pre-fills a line's PSA Organization and Product from these mappings, and AppXite maps Organizations,
then Products, then works the Invoices tab. The screen lists what the loaded lines name, each with its lines,
its mapping and a suggestion by name (`=` exact, `~` near with its similarity). `e` (or `enter`) chooses the
company — then its agreement, or a new one of the default type, or none — or the product; `a` takes the
suggestion; `F7` takes every exact suggestion at once (after a question); `+` adds one more company to an
organization (one-to-many); `x` removes a mapping. A mapping fills the lines of every loaded period that nobody
edited and that are not synced, and is what new lines get.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane
from textual.worker import WorkerState

from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.services.invoice_lines.mapping import MappingOverview, OfferRow, OrganizationRow
from tui_ledger.services.workspace import Workspace
from tui_ledger.store.line_mappings import ProductChoice
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import MAPPING_COMMANDS
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.screens.mapping_dialogues import agreement_label, choose_company, choose_product, remove_company
from tui_ledger.ui.widgets.header import ShellHeader


def lines_text(count: int) -> str:
    return f"{count:,} line" if count == 1 else f"{count:,} lines"


ORGANIZATION_COLUMNS = (
    ("Organization", 24),
    ("PSA Company", 20),
    ("Suggestion", 22),
    ("Agreement", 16),
    ("Lines", 5),
    ("Ref #", 10),
)
OFFER_COLUMNS = (("Offer", 28), ("PSA Product", 14), ("Suggestion", 26), ("Vendor", 10), ("Lines", 5))
"""Name, mapping and suggestion first: what a user decides on fits in 80 columns; the rest scrolls."""


def organization_cells(row: OrganizationRow) -> tuple[str, ...]:
    organization = row.organization
    company, agreement = "", ""
    if row.companies:
        default = row.companies[0].company
        more = len(row.companies) - 1
        company = default.company_name + (f" (+{more})" if more else "")
        agreement = agreement_label(default.agreement)
    suggestion = row.suggestion.text if row.suggestion is not None else ""
    return (organization.name, company, suggestion, agreement, f"{organization.lines:,}", organization.reference)


def offer_cells(row: OfferRow) -> tuple[str, ...]:
    offer = row.offer
    product = row.product.product_name if row.product is not None else ""
    suggestion = row.suggestion.text if row.suggestion is not None else ""
    return (offer.name, product, suggestion, offer.vendor, f"{offer.lines:,}")


class MappingScreen(Screen[None]):
    """Organizations and Products tabs over the loaded lines (see the module docstring)."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "mapping.tcss"
    LEDGER_COMMANDS = MAPPING_COMMANDS
    BINDINGS = bindings_for(MAPPING_COMMANDS)
    HELP = """\
## Mapping

Organizations map to ConnectWise companies (one or several; the first is the default lines get), offers to
ConnectWise products. Suggestions: `=` the same name, `~` a similar one (with how similar).
`F2` Organizations, `F3` Products, `e` or `enter` choose, `a` accept the suggestion, `F7` accept every exact
suggestion, `+` add one more company, `x` remove, `F5` read everything again.
A mapping fills the lines already loaded (except lines someone edited, and synced ones) and new lines.
"""

    def __init__(self, workspace: Workspace, lines: InvoiceLinesService, today: date) -> None:
        super().__init__()
        self.workspace = workspace
        self.lines = lines
        self.today = today
        self.overview: MappingOverview | None = None
        self._reading = False
        self._read_again = False

    def compose(self) -> ComposeResult:
        yield ShellHeader("Mapping", self.workspace)
        yield Static("Reading the loaded lines and ConnectWise...", id="mapping-caption", markup=False)
        with TabbedContent(id="mapping-tabs"):
            with TabPane("Organizations", id="organizations"):
                yield DataTable(id="organization-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Products", id="products"):
                yield DataTable(id="offer-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="mapping-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        organizations = self.query_one("#organization-table", DataTable)
        for title, width in ORGANIZATION_COLUMNS:
            organizations.add_column(title, width=width)
        offers = self.query_one("#offer-table", DataTable)
        for title, width in OFFER_COLUMNS:
            offers.add_column(title, width=width)

    def on_screen_resume(self) -> None:
        """Each time the screen comes up (the first time too): lines may have been loaded or edited meanwhile."""
        self._read()

    # -- reading ----------------------------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.lines.directory.forget()
        self._read()

    def _read(self) -> None:
        """Read the overview; asked again while a read runs, it reads once more when that one ends."""
        if self._reading:
            self._read_again = True
            return
        self._reading = True
        ledger_app(self).run_task(
            self.lines.mapping.overview(self.today),
            name="mapping-overview",
            on_success=self._show,
            on_end=self._read_ended,
            retry=self._read,
        )

    def _read_ended(self, state: WorkerState) -> None:
        self._reading = False
        if self._read_again:
            self._read_again = False
            self._read()

    def _show(self, overview: MappingOverview) -> None:
        self.overview = overview
        caption = self.query_one("#mapping-caption", Static)
        if not overview.periods:
            caption.update(
                "No invoice lines are loaded: load a month on Invoice Lines (ctrl+l, then F5) first. "
                "This screen lists the organizations and offers those lines name."
            )
        else:
            unmapped_organizations = sum(not row.is_mapped for row in overview.organizations)
            unmapped_offers = sum(not row.is_mapped for row in overview.offers)
            periods = ", ".join(period.label for period in overview.periods)
            caption.update(
                f"{len(overview.organizations)} organizations ({unmapped_organizations} unmapped), "
                f"{len(overview.offers)} offers ({unmapped_offers} unmapped) in {periods}"
            )
        self._fill("#organization-table", [organization_cells(row) for row in overview.organizations])
        self._fill("#offer-table", [offer_cells(row) for row in overview.offers])
        self._update_detail()

    def _fill(self, selector: str, rows: list[tuple[str, ...]]) -> None:
        table = self.query_one(selector, DataTable)
        cursor = table.cursor_row
        table.clear()
        for index, cells in enumerate(rows):
            table.add_row(*cells, key=str(index))
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))

    # -- where the cursor is ----------------------------------------------------------------------------------------

    @property
    def on_products(self) -> bool:
        return self.query_one(TabbedContent).active == "products"

    def _organization(self) -> OrganizationRow | None:
        table = self.query_one("#organization-table", DataTable)
        if self.overview is None or not 0 <= table.cursor_row < len(self.overview.organizations):
            return None
        return self.overview.organizations[table.cursor_row]

    def _offer(self) -> OfferRow | None:
        table = self.query_one("#offer-table", DataTable)
        if self.overview is None or not 0 <= table.cursor_row < len(self.overview.offers):
            return None
        return self.overview.offers[table.cursor_row]

    @on(DataTable.RowHighlighted)
    @on(TabbedContent.TabActivated)
    def _update_detail(self) -> None:
        detail = self.query_one("#mapping-detail", Static)
        if self.on_products:
            offer = self._offer()
            text = "" if offer is None else self._offer_detail(offer)
        else:
            organization = self._organization()
            text = "" if organization is None else self._organization_detail(organization)
        detail.update(text)

    @staticmethod
    def _organization_detail(row: OrganizationRow) -> str:
        organization = row.organization
        head = (
            f"{organization.name}: {lines_text(organization.lines)}, {organization.without_company:,} without a company"
        )
        if not row.companies:
            return head + ". Not mapped."
        companies = "; ".join(
            f"{mapping.company.company_name} ({agreement_label(mapping.company.agreement)})"
            + (" - default" if mapping.is_default else "")
            for mapping in row.companies
        )
        return f"{head}. Maps to {companies}."

    @staticmethod
    def _offer_detail(row: OfferRow) -> str:
        offer = row.offer
        head = f"{offer.name}: {lines_text(offer.lines)}, {offer.without_product:,} without a product"
        return head + (f". Maps to {row.product.product_name}." if row.product else ". Not mapped.")

    # -- tabs -------------------------------------------------------------------------------------------------------

    def action_show_organizations(self) -> None:
        self.query_one(TabbedContent).active = "organizations"
        self.query_one("#organization-table").focus()

    def action_show_products(self) -> None:
        self.query_one(TabbedContent).active = "products"
        self.query_one("#offer-table").focus()

    # -- mapping ----------------------------------------------------------------------------------------------------

    def _run(self, work: Coroutine[Any, Any, str | None]) -> None:
        """Run a mapping dialogue as an App task (it waits for pickers); its news and a re-read follow."""
        ledger_app(self).run_task(work, name="mapping-edit", on_success=self._mapped)

    def _mapped(self, news: str | None) -> None:
        if news:
            self.notify(news, title="Mapping")
        self._read()

    @on(DataTable.RowSelected)
    def _row_chosen(self) -> None:
        self.action_map_row()

    def action_map_row(self) -> None:
        if self.on_products:
            offer = self._offer()
            if offer is not None:
                self._run(choose_product(self.app, self.lines, offer, self.today, suggested=None))
            return
        organization = self._organization()
        if organization is not None:
            self._run(choose_company(self.app, self.lines, organization, self.today, add=False, suggested=None))

    def action_accept(self) -> None:
        row = self._offer() if self.on_products else self._organization()
        if row is None:
            return
        if row.suggestion is None:
            self.notify("This row has no suggestion; choose with e.", title="Mapping", severity="warning")
            return
        candidate = row.suggestion.candidate
        if isinstance(row, OfferRow):
            filled = self.lines.mapping.map_offer(row.offer, ProductChoice(candidate.id, candidate.name), self.today)
            self._mapped(f"{row.offer.name} maps to {candidate.name}; {filled:,} lines filled.")
            return
        self._run(
            choose_company(self.app, self.lines, row, self.today, add=False, suggested=candidate.id, skip_company=True)
        )

    def action_add_company(self) -> None:
        organization = None if self.on_products else self._organization()
        if organization is not None:
            self._run(choose_company(self.app, self.lines, organization, self.today, add=True, suggested=None))

    def action_accept_exact(self) -> None:
        overview = self.overview
        if overview is None:
            return
        organizations = sum(
            1 for row in overview.organizations if not row.is_mapped and row.suggestion and row.suggestion.exact
        )
        offers = sum(1 for row in overview.offers if not row.is_mapped and row.suggestion and row.suggestion.exact)
        if not organizations and not offers:
            self.notify("No unmapped row has an exact suggestion.", title="Mapping")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._mapped(self.lines.mapping.accept_exact(overview, self.today).summary)

        question = AskScreen(
            "Accept exact suggestions",
            f"Map {organizations} organizations and {offers} offers to the company or product of the same name?",
            (
                "Organizations post to a new agreement of the default type until you choose one "
                "(e on the organization).",
            ),
            yes="Map",
        )
        self.app.push_screen(question, answered)

    def action_remove(self) -> None:
        if self.on_products:
            offer = self._offer()
            if offer is None or offer.product is None:
                return
            question = f"Remove the mapping of {offer.offer.name} to {offer.product.product_name}?"

            def remove_offer() -> None:
                self.lines.mapping.unmap_offer(offer.offer)
                self._mapped(f"{offer.offer.name} is no longer mapped.")

            self._ask_removal(question, remove_offer)
            return
        organization = self._organization()
        if organization is None or not organization.companies:
            return
        self._run(remove_company(self.app, self.lines, organization))

    def _ask_removal(self, question: str, then: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        details = ("New lines stop getting it; lines already filled keep it until edited.",)
        self.app.push_screen(AskScreen("Remove mapping", question, details, yes="Remove"), answered)
