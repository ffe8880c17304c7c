"""Bulk Update (seed 003): the card with three fields, and the confirmation that lists only what changes.

The card: Charge Start Date, Charge End Date and PSA Agreement Name, each left empty to keep the lines' value.
Apply stays disabled until one of them holds a value. Applying checks the values against the marked lines
(`domain.bulk_update`): an agreement for lines of several customers fails with the seed's error, shown in the
card; values the lines already have change nothing, and then no confirmation opens. Otherwise the
confirmation says "You are about to update X selected invoice lines." with the changed fields only;
`y` confirms, `n` goes back to the card with its values as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Select, Static

from tui_ledger.connectors.connectwise.agreements import Agreement
from tui_ledger.domain.bulk_update import AgreementValue, BulkUpdateError, BulkUpdatePlan, BulkUpdateRequest
from tui_ledger.services.invoice_lines import InvoiceLinesService
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import BULK_COMMANDS, BULK_CONFIRM_COMMANDS
from tui_ledger.ui.modals.lines_confirm import key_hints
from tui_ledger.ui.screens.invoice_lines_fields import (
    NEW_AGREEMENT_OPTION,
    DateFieldError,
    DateInput,
    agreement_options,
    match_cursor_blink,
    parse_day,
)

STYLES = Path(__file__).parent.parent / "styles" / "lines_dialogs.tcss"
NOTHING_CHANGES = "Nothing would change: the selected lines already have these values."


class BulkConfirmScreen(ModalScreen[bool]):
    """The count, then only the changed fields; `y` Confirm, `n` Back."""

    CSS_PATH = STYLES
    LEDGER_COMMANDS = BULK_CONFIRM_COMMANDS
    BINDINGS = bindings_for(BULK_CONFIRM_COMMANDS)
    HELP = """\
## Confirm the Bulk Update

How many lines change, and the fields that change with their new values. `y` applies them (the fields then
show User Updated); `n` or `escape` goes back to the card.
"""

    def __init__(self, plan: BulkUpdatePlan) -> None:
        super().__init__()
        self.plan = plan

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(self.plan.count_text, id="bulk-count", markup=False)
            yield Static("Changes:", classes="card-label")
            for index, change in enumerate(self.plan.changes):
                yield Static(f"  {change.text}", classes="bulk-change", id=f"bulk-change-{index}", markup=False)
            yield Static(key_hints((("y", "Confirm"), ("n", "Back"))), id="ask-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Bulk Update"

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)


class BulkUpdateScreen(ModalScreen[BulkUpdatePlan | None]):
    """The Bulk Update card for the marked lines of `period`; dismisses with the confirmed plan, or None."""

    CSS_PATH = STYLES
    LEDGER_COMMANDS = BULK_COMMANDS
    BINDINGS = bindings_for(BULK_COMMANDS)
    HELP = """\
## Bulk Update

Sets values on every marked line at once. Leave a field empty to keep the lines' current value.
Charge Start and End Date apply to lines of any customer; PSA Agreement Name only when every marked line
belongs to the same customer. `ctrl+s` (Apply) checks the values and shows what would change; `escape` closes.
"""

    def __init__(self, lines: InvoiceLinesService, period: BillingPeriod, marked: int) -> None:
        super().__init__()
        self.lines = lines
        self.period = period
        self.marked = marked
        self._agreements: dict[int, Agreement] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(
                f"{self.marked:,} selected lines of {self.period.label}. Leave a field empty to keep its value.",
                id="bulk-intro",
                markup=False,
            )
            with Horizontal(classes="card-row"):
                yield Static("Charge Start Date", classes="card-label")
                yield DateInput(id="bulk-start")
            with Horizontal(classes="card-row"):
                yield Static("Charge End Date", classes="card-label")
                yield DateInput(id="bulk-end")
            with Horizontal(classes="card-row"):
                yield Static("PSA Agreement Name", classes="card-label")
                yield Select[int]([], prompt="(keep)", id="bulk-agreement", compact=True)
            yield Static("", id="bulk-error", markup=False)
            with Horizontal(classes="card-buttons"):
                yield Button("Apply", id="bulk-apply", variant="primary", compact=True, disabled=True)
                yield Button("Cancel", id="bulk-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        match_cursor_blink(self)
        self.query_one("#dialog").border_title = f"Bulk Update ({self.marked:,})"
        self.query_one("#bulk-start").focus()
        companies = sorted(self.lines.bulk.marked_companies(self.period))
        ledger_app(self).run_task(self._read_agreements(companies), name="bulk-agreements", on_success=self._offer)

    async def _read_agreements(self, companies: Sequence[int]) -> list[Agreement]:
        return [agreement for company in companies for agreement in await self.lines.directory.agreements(company)]

    def _offer(self, agreements: list[Agreement]) -> None:
        self._agreements = {agreement.id: agreement for agreement in agreements}
        several = len({agreement.company.id for agreement in agreements}) > 1
        self.query_one("#bulk-agreement", Select).set_options(agreement_options(agreements, with_company=several))

    def _agreement(self) -> AgreementValue | None:
        value = self.query_one("#bulk-agreement", Select).value
        if not isinstance(value, int):
            return None
        if value == NEW_AGREEMENT_OPTION:
            return AgreementValue(create_new=True)
        agreement = self._agreements[value]
        return AgreementValue(agreement.id, agreement.name, company_id=agreement.company.id)

    def _request(self) -> BulkUpdateRequest:
        """The values entered; raises `DateFieldError` for a date that is not one."""
        return BulkUpdateRequest(
            charge_start=parse_day(self.query_one("#bulk-start", Input).value, "Charge Start Date"),
            charge_end=parse_day(self.query_one("#bulk-end", Input).value, "Charge End Date"),
            agreement=self._agreement(),
        )

    @on(Input.Changed)
    @on(Select.Changed)
    def _values_changed(self) -> None:
        """Apply activates once a value is entered (seed 003); a half-typed date counts as one."""
        typed = any(self.query_one(f"#bulk-{name}", Input).value.strip() for name in ("start", "end"))
        self.query_one("#bulk-apply", Button).disabled = not (typed or self._agreement() is not None)
        self._show_error("")

    def _show_error(self, text: str) -> None:
        error = self.query_one("#bulk-error", Static)
        error.update(text)
        error.display = bool(text)

    @on(Button.Pressed, "#bulk-apply")
    def action_apply(self) -> None:
        try:
            plan = self.lines.bulk.plan(self.period, self._request())
        except (DateFieldError, BulkUpdateError) as problem:
            self._show_error(str(problem))
            return
        if not plan.has_changes:
            self._show_error(NOTHING_CHANGES)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss(plan)

        self.app.push_screen(BulkConfirmScreen(plan), confirmed)

    @on(Button.Pressed, "#bulk-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
