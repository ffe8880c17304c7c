"""Edit one invoice line (seed 003's "Edit mapping"): PSA Organization, Agreement, Product, Charge Start / End Date.

The card opens on the field of the column the cursor was on. Its drop-downs list ConnectWise's companies, the
chosen company's agreements (with "New agreement (default type)") and the catalog; they fill in as ConnectWise
answers, starting from the line's own values. Choosing another PSA Organization empties the agreement and lists
the new company's agreements (seed 003). A blank date means "no date". `ctrl+s` saves (the seed's green check),
`escape` cancels (the red X); only fields that differ from the line are handed back as changes.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Select, Static

from tui_ledger.connectors.connectwise.agreements import Agreement
from tui_ledger.connectors.connectwise.catalog import CatalogItem
from tui_ledger.connectors.connectwise.companies import Company
from tui_ledger.domain.bulk_update import charge_dates_problem
from tui_ledger.services.invoice_lines import KEEP, InvoiceLinesService, LineChanges
from tui_ledger.services.invoice_lines.directory import product_label
from tui_ledger.services.invoice_lines.edits import current_agreement
from tui_ledger.store.line_mappings import NO_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.store.line_records import LineRecord
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import EDIT_LINE_COMMANDS
from tui_ledger.ui.screens.invoice_lines_fields import (
    NEW_AGREEMENT_OPTION,
    DateFieldError,
    DateInput,
    agreement_options,
    match_cursor_blink,
    parse_day,
)

FIELD_OF_COLUMN = {
    "psa_company_name": "#edit-company",
    "psa_company_id": "#edit-company",
    "psa_agreement_name": "#edit-agreement",
    "psa_product_name": "#edit-product",
    "psa_product_id": "#edit-product",
    "charge_start_date": "#edit-start",
    "charge_end_date": "#edit-end",
}
"""The field the card focuses first, by the grid column the cursor was on (else the organization)."""


def agreement_value(record: LineRecord) -> int | None:
    """The line's agreement as the drop-down's value (None when none is chosen)."""
    if record.psa_agreement_new:
        return NEW_AGREEMENT_OPTION
    return record.psa_agreement_id


class LineEditScreen(ModalScreen[LineChanges | None]):
    """The edit card of one line; dismisses with the changes to save, or None."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "lines_dialogs.tcss"
    LEDGER_COMMANDS = EDIT_LINE_COMMANDS
    BINDINGS = bindings_for(EDIT_LINE_COMMANDS)
    HELP = """\
## Edit mapping

Choose the line's PSA Organization, Agreement and Product, and its charge dates. A new organization clears
the agreement. What you save here also becomes the default for new lines of the same organization and offer.
`enter` opens a drop-down (type to find an entry), `tab` moves on, `ctrl+s` saves, `escape` cancels.
"""

    def __init__(self, lines: InvoiceLinesService, record: LineRecord, column_key: str = "") -> None:
        super().__init__()
        self.lines = lines
        self.record = record
        self.first_field = FIELD_OF_COLUMN.get(column_key, "#edit-company")
        self._companies: dict[int, Company] = {}
        self._agreements: dict[int, Agreement] = {}
        self._products: dict[int, CatalogItem] = {}
        self._company_shown = record.psa_company_id

    def compose(self) -> ComposeResult:
        record = self.record
        initial_agreements = (
            [(record.psa_agreement_name or "New agreement (default type)", agreement_value(record))]
            if agreement_value(record) is not None
            else []
        )
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(self._describe(), id="edit-line", markup=False)
            with Horizontal(classes="card-row"):
                yield Static("PSA Organization", classes="card-label")
                yield self._select("edit-company", record.psa_company_name, record.psa_company_id)
            with Horizontal(classes="card-row"):
                yield Static("PSA Agreement", classes="card-label")
                yield Select[int](
                    initial_agreements,
                    value=agreement_value(record) if initial_agreements else Select.NULL,
                    prompt="(none)",
                    id="edit-agreement",
                    compact=True,
                )
            with Horizontal(classes="card-row"):
                yield Static("PSA Product", classes="card-label")
                yield self._select("edit-product", record.psa_product_name, record.psa_product_id)
            with Horizontal(classes="card-row"):
                yield Static("Charge Start Date", classes="card-label")
                yield DateInput(record.charge_start_date, id="edit-start")
            with Horizontal(classes="card-row"):
                yield Static("Charge End Date", classes="card-label")
                yield DateInput(record.charge_end_date, id="edit-end")
            yield Static("", id="edit-error", markup=False)
            with Horizontal(classes="card-buttons"):
                yield Button("Save", id="edit-save", variant="success", compact=True)
                yield Button("Cancel", id="edit-cancel", variant="error", compact=True)
        yield Footer()

    @staticmethod
    def _select(widget_id: str, name: str, value: int | None) -> Select[int]:
        options = [(name, value)] if value is not None else []
        return Select[int](
            options, value=value if value is not None else Select.NULL, prompt="(none)", id=widget_id, compact=True
        )

    def _describe(self) -> str:
        record = self.record
        dated = record.invoice_date.isoformat()
        return f"{record.organization_name} | {record.offer_name} | {record.charge_type_name} | invoiced {dated}"

    def on_mount(self) -> None:
        match_cursor_blink(self)
        self.query_one("#dialog").border_title = "Edit mapping"
        self.query_one(self.first_field).focus()
        self._show_error("")
        app = ledger_app(self)
        app.run_task(self.lines.directory.companies(), name="edit-companies", on_success=self._offer_companies)
        app.run_task(self.lines.directory.products(), name="edit-products", on_success=self._offer_products)
        if self.record.psa_company_id is not None:
            self._read_agreements(self.record.psa_company_id, keep=agreement_value(self.record))

    # -- drop-downs -------------------------------------------------------------------------------------------

    def _offer_companies(self, companies: list[Company]) -> None:
        self._companies = {company.id: company for company in companies}
        select = self.query_one("#edit-company", Select)
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options([(company.name, company.id) for company in companies])
            if isinstance(current, int) and current in self._companies:
                select.value = current

    def _offer_products(self, products: list[CatalogItem]) -> None:
        self._products = {item.id: item for item in products}
        select = self.query_one("#edit-product", Select)
        current = select.value
        with self.prevent(Select.Changed):
            select.set_options([(product_label(item), item.id) for item in products])
            if isinstance(current, int) and current in self._products:
                select.value = current

    def _read_agreements(self, company_id: int, *, keep: int | None) -> None:
        def offer(agreements: list[Agreement]) -> None:
            if company_id != self._company_shown:
                return
            self._agreements = {agreement.id: agreement for agreement in agreements}
            select = self.query_one("#edit-agreement", Select)
            with self.prevent(Select.Changed):
                select.set_options(agreement_options(agreements))
                if keep is not None and (keep == NEW_AGREEMENT_OPTION or keep in self._agreements):
                    select.value = keep

        ledger_app(self).run_task(self.lines.directory.agreements(company_id), name="edit-agreements", on_success=offer)

    @on(Select.Changed, "#edit-company")
    def _company_changed(self, event: Select.Changed) -> None:
        """A new organization empties the agreement and lists that company's agreements (seed 003)."""
        chosen = event.value if isinstance(event.value, int) else None
        if chosen == self._company_shown:
            return
        self._company_shown = chosen
        agreement = self.query_one("#edit-agreement", Select)
        with self.prevent(Select.Changed):
            agreement.set_options([])
        if chosen is not None:
            self._read_agreements(chosen, keep=None)

    # -- saving -----------------------------------------------------------------------------------------------

    def changes(self) -> LineChanges:
        """What differs from the line; raises `DateFieldError` or `ValueError` for values that cannot be saved."""
        record = self.record
        company_id = self._chosen("#edit-company")
        company = None
        if company_id is not None and company_id != record.psa_company_id:
            company = CompanyChoice(company_id, self._companies[company_id].name)
        chosen_agreement = self._agreement_choice()
        agreement = None if company is None and chosen_agreement == current_agreement(record) else chosen_agreement
        product_id = self._chosen("#edit-product")
        product = None
        if product_id is not None and product_id != record.psa_product_id:
            product = ProductChoice(product_id, self._products[product_id].identifier)
        start = parse_day(self.query_one("#edit-start", Input).value, "Charge Start Date")
        end = parse_day(self.query_one("#edit-end", Input).value, "Charge End Date")
        problem = charge_dates_problem(start, end)
        if problem is not None:
            raise ValueError(problem)
        return LineChanges(
            company=company,
            agreement=agreement,
            product=product,
            charge_start=KEEP if start == record.charge_start_date else start,
            charge_end=KEEP if end == record.charge_end_date else end,
        )

    def _chosen(self, selector: str) -> int | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, int) else None

    def _agreement_choice(self) -> AgreementChoice:
        value = self._chosen("#edit-agreement")
        if value is None:
            return NO_AGREEMENT
        if value == NEW_AGREEMENT_OPTION:
            return AgreementChoice(create_new=True)
        agreement = self._agreements.get(value)
        name = agreement.name if agreement is not None else self.record.psa_agreement_name
        return AgreementChoice(value, name)

    def _show_error(self, text: str) -> None:
        error = self.query_one("#edit-error", Static)
        error.update(text)
        error.display = bool(text)

    @on(Button.Pressed, "#edit-save")
    def action_save(self) -> None:
        try:
            changes = self.changes()
        except (DateFieldError, ValueError) as problem:
            self._show_error(str(problem))
            return
        self.dismiss(changes)

    @on(Button.Pressed, "#edit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
