"""The Mapping screen: platform organizations → ConnectWise companies, platform offers → ConnectWise products.

Seed 003 pre-fills a line's PSA Organization and Product from these mappings, and AppXite maps Organizations,
then Products, then works the Invoices tab. The screen lists what the loaded lines name, each with its lines,
its mapping and a suggestion by name (`=` exact, `~` near with its similarity). `e` (or `enter`) chooses the
company — then its agreement, or a new one of the default type, or none — or the product; `a` takes the
suggestion; `F7` takes every exact suggestion at once (after a question); `c` adds one more company to an
organization (one-to-many); `x` removes a mapping. A mapping fills the lines of every loaded period that nobody
edited and that are not synced, and is what new lines get.

The lists are virtual tables (a million-line month names tens of thousands of organizations): `/` searches by
name, reference or mapped company, `[` / `]` sort by the cursor's column — on PSA Company or PSA Product, `[`
puts what is left to map first. A row's counts and near suggestion are worked out when it is first drawn.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Coroutine
from datetime import date
from pathlib import Path
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.screen import ModalScreen, Screen
from textual.widgets import Static, TabbedContent, TabPane
from textual.worker import WorkerState

from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.services.invoice_lines.mapping import MappingOverview, OfferRow, OrganizationRow
from tui_ledger.services.workspace import Workspace
from tui_ledger.store.line_mappings import ProductChoice
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import MAPPING_COMMANDS
from tui_ledger.ui.modals.lines_confirm import AskScreen
from tui_ledger.ui.screens.mapping_dialogues import (
    Mapped,
    agreement_label,
    choose_company,
    choose_product,
    remove_company,
)
from tui_ledger.ui.screens.mapping_rows import (
    OFFER_COLUMNS,
    ORGANIZATION_COLUMNS,
    MappingItem,
    MappingRows,
    offer_rows,
    organization_rows,
)
from tui_ledger.ui.widgets.header import ShellHeader
from tui_ledger.ui.widgets.steady_footer import SteadyFooter
from tui_ledger.ui.widgets.virtual_table import VirtualTable

_FILL_NUMBERS = itertools.count(1)
"""Each fill is a task of its own name: App tasks of one name replace each other, and no fill may be dropped."""


def lines_text(count: int) -> str:
    return f"{count:,} line" if count == 1 else f"{count:,} lines"


def caption_text(overview: MappingOverview) -> str:
    """What the caption says: where to start when nothing is loaded, else the counts left to map."""
    if not overview.periods:
        return (
            "No invoice lines are loaded: load a month on Invoice Lines (ctrl+l, then F5) first. "
            "This screen lists the organizations and offers those lines name."
        )
    unmapped_organizations = sum(not row.is_mapped for row in overview.organizations)
    unmapped_offers = sum(not row.is_mapped for row in overview.offers)
    periods = ", ".join(period.label for period in overview.periods)
    return (
        f"{len(overview.organizations):,} organizations ({unmapped_organizations:,} unmapped), "
        f"{len(overview.offers):,} offers ({unmapped_offers:,} unmapped) in {periods}"
    )


def organization_detail(row: OrganizationRow) -> str:
    organization = row.organization
    counts = row.counts
    head = f"{organization.name}: {lines_text(counts.lines)}, {counts.unfilled:,} without a company"
    if not row.companies:
        return head + ". Not mapped."
    companies = "; ".join(
        f"{mapping.company.company_name} ({agreement_label(mapping.company.agreement)})"
        + (" - default" if mapping.is_default else "")
        for mapping in row.companies
    )
    return f"{head}. Maps to {companies}."


def offer_detail(row: OfferRow) -> str:
    counts = row.counts
    head = f"{row.offer.name}: {lines_text(counts.lines)}, {counts.unfilled:,} without a product"
    return head + (f". Maps to {row.product.product_name}." if row.product else ". Not mapped.")


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
suggestion, `c` add one more company, `x` remove, `F5` read everything again.
`/` searches by name, reference or mapped company; `[` on PSA Company (or PSA Product) lists the unmapped first.
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
        self._under_dialogue = False

    def compose(self) -> ComposeResult:
        yield ShellHeader("Mapping", self.workspace)
        yield Static("Reading the loaded lines and ConnectWise...", id="mapping-caption", markup=False)
        with TabbedContent(id="mapping-tabs"):
            with TabPane("Organizations", id="organizations"):
                yield VirtualTable(organization_rows(()), ORGANIZATION_COLUMNS, id="organization-table")
            with TabPane("Products", id="products"):
                yield VirtualTable(offer_rows(()), OFFER_COLUMNS, id="offer-table")
        yield Static("", id="mapping-detail", markup=False)
        yield SteadyFooter()

    def on_screen_suspend(self) -> None:
        """Covered by a dialogue (a picker, a question, help) rather than left for another screen?"""
        self._under_dialogue = isinstance(self.app.screen, ModalScreen)

    def on_screen_resume(self) -> None:
        """Each time the screen comes up (the first time too), lines may have been loaded or edited meanwhile on
        another screen: read everything again. Not after one of its own dialogues: a mapping re-reads its row,
        and reading a million-line month's lists again would hold up the frame showing it."""
        if self._under_dialogue and self.overview is not None:
            self._under_dialogue = False
            return
        self._read()

    @property
    def organization_table(self) -> VirtualTable[MappingItem[OrganizationRow]]:
        return self.query_one("#organization-table", VirtualTable)

    @property
    def offer_table(self) -> VirtualTable[MappingItem[OfferRow]]:
        return self.query_one("#offer-table", VirtualTable)

    # -- reading ----------------------------------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.lines.mapping.forget()
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
        self._show_in(self.organization_table, organization_rows(overview.organizations))
        self._show_in(self.offer_table, offer_rows(overview.offers))
        self._update_caption()
        self._update_detail()

    @staticmethod
    def _show_in(table: VirtualTable[Any], rows: MappingRows[Any]) -> None:
        cursor = table.cursor_row
        table.set_source(rows)
        if table.row_count:
            table.move_cursor(min(cursor, table.row_count - 1))

    def _update_caption(self) -> None:
        if self.overview is not None:
            self.query_one("#mapping-caption", Static).update(caption_text(self.overview))

    # -- where the cursor is ----------------------------------------------------------------------------------------

    @property
    def on_products(self) -> bool:
        return self.query_one(TabbedContent).active == "products"

    def _organization(self) -> MappingItem[OrganizationRow] | None:
        return self.organization_table.current_row

    def _offer(self) -> MappingItem[OfferRow] | None:
        return self.offer_table.current_row

    @on(VirtualTable.CursorMoved)
    @on(TabbedContent.TabActivated)
    def _update_detail(self) -> None:
        detail = self.query_one("#mapping-detail", Static)
        if self.on_products:
            offer = self._offer()
            detail.update("" if offer is None else offer_detail(offer.row))
        else:
            organization = self._organization()
            detail.update("" if organization is None else organization_detail(organization.row))

    async def on_key(self, event: events.Key) -> None:
        """`enter` on a list chooses, like `e` (the virtual table has no enter of its own)."""
        if event.key == "enter" and isinstance(self.focused, VirtualTable) and not self.focused.search_text:
            event.stop()
            self.action_map_row()

    # -- tabs -------------------------------------------------------------------------------------------------------

    def action_show_organizations(self) -> None:
        self.query_one(TabbedContent).active = "organizations"
        self.organization_table.focus()

    def action_show_products(self) -> None:
        self.query_one(TabbedContent).active = "products"
        self.offer_table.focus()

    # -- mapping ----------------------------------------------------------------------------------------------------

    def _run(
        self, work: Coroutine[Any, Any, Mapped | None], then: Callable[[], None], counts_changed: Callable[[], None]
    ) -> None:
        """Run a mapping dialogue as an App task (it waits for pickers); `then` shows the row as it is now, and
        the mapping's fill follows (`_fill`)."""

        def done(mapped: Mapped | None) -> None:
            if mapped is not None:
                then()
                self._fill(mapped, counts_changed)

        ledger_app(self).run_task(work, name="mapping-edit", on_success=done)

    def _fill(self, mapped: Mapped, counts_changed: Callable[[], None]) -> None:
        """Fill the mapped lines in a worker thread (the row already shows its mapping), then say so and let the
        row's counts follow. The fill is an App task, so it completes even if the screen closes meanwhile."""
        fill = mapped.fill
        if fill is None:
            self.notify(mapped.sentence(), title="Mapping")
            return
        app = ledger_app(self)

        def filled(count: int) -> None:
            app.notify(mapped.sentence(count), title="Mapping")
            counts_changed()

        app.run_task(asyncio.to_thread(fill.run), name=f"mapping-fill-{next(_FILL_NUMBERS)}", on_success=filled)

    def _organization_changed(self, item: MappingItem[OrganizationRow]) -> Callable[[], None]:
        """Re-read one organization (its mappings and counts), not the whole overview: instant at any size."""

        def changed() -> None:
            rows = self.organization_table.source
            assert isinstance(rows, MappingRows)
            rows.replace(item.key, self.lines.mapping.organization_row(item.row))
            self._after_change(self.organization_table, rows, organizations=True)

        return changed

    def _offer_changed(self, item: MappingItem[OfferRow]) -> Callable[[], None]:
        def changed() -> None:
            rows = self.offer_table.source
            assert isinstance(rows, MappingRows)
            rows.replace(item.key, self.lines.mapping.offer_row(item.row))
            self._after_change(self.offer_table, rows, organizations=False)

        return changed

    def _organization_filled(self, item: MappingItem[OrganizationRow]) -> Callable[[], None]:
        """After a fill: the organization's counts are asked afresh when it is drawn next."""

        def filled() -> None:
            item.row.counter.forget_organization(item.row.organization)
            self._counts_changed(organizations=True)

        return filled

    def _offer_filled(self, item: MappingItem[OfferRow]) -> Callable[[], None]:
        def filled() -> None:
            item.row.counter.forget_offer(item.row.offer)
            self._counts_changed(organizations=False)

        return filled

    def _counts_changed(self, *, organizations: bool) -> None:
        """Redraw a list's counts after a fill; the fill may end after this screen closed, then there is none."""
        if not self.is_attached:
            return
        (self.organization_table if organizations else self.offer_table).reload()
        self._update_detail()

    def _after_change(self, table: VirtualTable[Any], rows: MappingRows[Any], *, organizations: bool) -> None:
        if self.overview is not None:
            kept = tuple(rows.rows)
            self.overview = (
                MappingOverview(kept, self.overview.offers, self.overview.periods)
                if organizations
                else MappingOverview(self.overview.organizations, kept, self.overview.periods)
            )
        table.reload()
        self._update_caption()
        self._update_detail()

    def action_map_row(self) -> None:
        if self.on_products:
            offer = self._offer()
            if offer is not None:
                work = choose_product(self.app, self.lines, offer.row, self.today, suggested=None)
                self._run(work, self._offer_changed(offer), self._offer_filled(offer))
            return
        organization = self._organization()
        if organization is not None:
            work = choose_company(self.app, self.lines, organization.row, self.today, add=False, suggested=None)
            self._run(work, self._organization_changed(organization), self._organization_filled(organization))

    def action_accept(self) -> None:
        item = self._offer() if self.on_products else self._organization()
        if item is None:
            return
        suggestion = item.row.suggestion
        if suggestion is None:
            self.notify("This row has no suggestion; choose with e.", title="Mapping", severity="warning")
            return
        candidate = suggestion.candidate
        if isinstance(item.row, OfferRow):
            offer = item.row.offer
            fill = self.lines.mapping.record_offer(offer, ProductChoice(candidate.id, candidate.name), self.today)
            self._offer_changed(item)()  # type: ignore[arg-type]
            news = Mapped(f"{offer.name} maps to {candidate.name}", fill)
            self._fill(news, self._offer_filled(item))  # type: ignore[arg-type]
            return
        work = choose_company(
            self.app, self.lines, item.row, self.today, add=False, suggested=candidate.id, skip_company=True
        )
        self._run(work, self._organization_changed(item), self._organization_filled(item))  # type: ignore[arg-type]

    def action_add_company(self) -> None:
        organization = None if self.on_products else self._organization()
        if organization is not None:
            work = choose_company(self.app, self.lines, organization.row, self.today, add=True, suggested=None)
            self._run(work, self._organization_changed(organization), self._organization_filled(organization))

    def action_accept_exact(self) -> None:
        overview = self.overview
        if overview is None:
            return
        organizations = sum(1 for row in overview.organizations if not row.is_mapped and row.exact_suggestion)
        offers = sum(1 for row in overview.offers if not row.is_mapped and row.exact_suggestion)
        if not organizations and not offers:
            self.notify("No unmapped row has an exact suggestion.", title="Mapping")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.notify(self.lines.mapping.accept_exact(overview, self.today).summary, title="Mapping")
                self._read()

        question = AskScreen(
            "Accept exact suggestions",
            f"Map {organizations:,} organizations and {offers:,} offers to the company or product of the same name?",
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
            if offer is None or offer.row.product is None:
                return
            question = f"Remove the mapping of {offer.row.offer.name} to {offer.row.product.product_name}?"

            def remove_offer() -> None:
                self.lines.mapping.unmap_offer(offer.row.offer)
                self.notify(f"{offer.row.offer.name} is no longer mapped.", title="Mapping")
                self._offer_changed(offer)()

            self._ask_removal(question, remove_offer)
            return
        organization = self._organization()
        if organization is None or not organization.row.companies:
            return
        self._run(
            remove_company(self.app, self.lines, organization.row),
            self._organization_changed(organization),
            self._organization_filled(organization),
        )

    def _ask_removal(self, question: str, then: Callable[[], None]) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                then()

        details = ("New lines stop getting it; lines already filled keep it until edited.",)
        self.app.push_screen(AskScreen("Remove mapping", question, details, yes="Remove"), answered)
