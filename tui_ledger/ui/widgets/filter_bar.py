"""The Export screen's filter bar (seed 004's filter with seed 002's options).

Thru Date, which document types, the target accounting company, the PSA billing location and the invoice
summary level. It turns what the user set into an `UnpostedFilter`, or says in one sentence what is wrong.
Each control carries its own F1 help text, written for the finance user at the keyboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Checkbox, Input, Label, Select

from tui_ledger.connectors.ports import Location
from tui_ledger.domain.documents import DocumentKind, SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.services.workspace import TargetCompany
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.keymap import FILTER_COMMANDS, bindings_for
from tui_ledger.ui.widgets.checkbox import GlyphCheckbox

ALL_LOCATIONS = "all"
"""The Location choice that does not filter by billing location."""

NO_COMPANY = -1
"""The Company choice shown when the profile has no accounting company configured."""


class FilterProblem(ValueError):
    """The filter cannot be used as set; the message says what to change."""


def parse_thru_date(text: str) -> date:
    """Read a Thru Date typed as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise FilterProblem(
            f"Thru Date {text.strip()!r} is not a date: type it as YYYY-MM-DD, e.g. 2025-01-31."
        ) from None


class IsoDate(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            parse_thru_date(value)
        except FilterProblem as problem:
            return self.failure(str(problem))
        return self.success()


class ThruDateInput(Input):
    HELP = """\
## Thru Date

Lists every closed, never-exported document dated **on or before** this date (seed 004).

- Type the date as `YYYY-MM-DD`.
- `up` / `down` move it one day later / earlier.
- It starts as today; set it to the last day of the month you are closing.
"""

    LEDGER_COMMANDS = FILTER_COMMANDS
    BINDINGS = bindings_for(FILTER_COMMANDS)

    def __init__(self, value: date) -> None:
        super().__init__(
            value.isoformat(),
            id="thru-date",
            max_length=10,
            restrict=r"[0-9-]*",
            validators=[IsoDate()],
            compact=True,
        )

    def on_mount(self) -> None:
        self.cursor_blink = ledger_app(self).cursor_blink

    def _shift(self, days: int) -> None:
        try:
            current = parse_thru_date(self.value)
        except FilterProblem:
            return
        self.value = (current + timedelta(days=days)).isoformat()
        self.cursor_position = len(self.value)

    def action_later(self) -> None:
        self._shift(1)

    def action_earlier(self) -> None:
        self._shift(-1)


class IncludeCheckbox(GlyphCheckbox):
    HELP = """\
## Include Invoices / Expenses / Purchases

Which document types Retrieve fetches. A type left out is neither fetched nor shown.

- `space` or `enter` ticks or clears the box.
- Purchases are purchase orders: their freight and received products, grouped per PO.
"""

    def __init__(self, kind: DocumentKind) -> None:
        super().__init__(kind.plural_title, value=True, id=f"include-{kind.value}", compact=True)
        self.kind = kind


class CompanySelect(Select[int]):
    HELP = """\
## Company

The accounting company the documents will be exported into (a profile may have several).

Choosing a company resets Location and Summary to that company's defaults. It does not change which
documents are listed: Retrieve reads ConnectWise only.

`enter` opens the list, `up` / `down` choose, `enter` confirms, `escape` closes it.
"""

    def __init__(self, companies: Sequence[TargetCompany]) -> None:
        if companies:
            options = [(company.label, index) for index, company in enumerate(companies)]
        else:
            options = [("No accounting company in this profile", NO_COMPANY)]
        super().__init__(options, allow_blank=False, id="company", compact=True, disabled=not companies)


class LocationSelect(Select[int | str]):
    HELP = """\
## Location

Lists only documents of this ConnectWise **billing location** (seed 002), or of all locations.

The choices come from ConnectWise when the screen opens. `enter` opens the list.
"""

    def __init__(self) -> None:
        super().__init__([("All locations", ALL_LOCATIONS)], allow_blank=False, id="location", compact=True)
        self.names: dict[int, str] = {}
        """Location names by id, as ConnectWise gave them."""

    def show_locations(self, locations: Sequence[Location], keep: int | str) -> None:
        self.names = {location.id: location.name for location in locations}
        self.set_options([("All locations", ALL_LOCATIONS), *((name, id_) for id_, name in self.names.items())])
        self.choose(keep)

    def choose(self, location: int | str) -> None:
        """Select `location`, or All locations when ConnectWise does not know it (any more)."""
        self.value = location if location in self.names else ALL_LOCATIONS


class SummarySelect(Select[SummaryLevel]):
    HELP = """\
## Summary

The level of detail of invoice lines (ConnectWise's `summarizeInvoices`, seed 002):

- **Default**: as set up in ConnectWise.
- **Condensed**: lines of the same account and item are combined.
- **Detailed**: every line as on the invoice; some settings need it.

`enter` opens the list.
"""

    def __init__(self) -> None:
        options = [(level.value, level) for level in SummaryLevel]
        super().__init__(options, allow_blank=False, value=SummaryLevel.DEFAULT, id="summary", compact=True)


class RetrieveButton(Button):
    HELP = """\
## Retrieve

Fetches the closed, never-exported documents the filter asks for from ConnectWise and lists them per
type with count and total. A progress line shows counts, rate and time left; `escape` cancels.
"""

    def __init__(self) -> None:
        super().__init__("Retrieve", id="retrieve", variant="primary", compact=True)


class FilterBar(Vertical):
    """The filter, in three rows that fit 80 columns."""

    class Changed(Message):
        """The user changed something, so results on screen no longer match the filter."""

    def __init__(self, today: date, companies: Sequence[TargetCompany]) -> None:
        super().__init__(id="filter-bar")
        self.border_title = "Filter"
        self._today = today
        self._companies = tuple(companies)
        self._locations_loaded = False
        self._pending_location: int | str = ALL_LOCATIONS

    def compose(self) -> ComposeResult:
        with Horizontal(classes="filter-row"):
            yield Label("Thru Date", classes="filter-label")
            yield ThruDateInput(self._today)
            for kind in DocumentKind:
                yield IncludeCheckbox(kind)
        with Horizontal(classes="filter-row"):
            yield Label("Company", classes="filter-label")
            yield CompanySelect(self._companies)
            yield Label("Location", classes="filter-label")
            yield LocationSelect()
        with Horizontal(classes="filter-row"):
            yield Label("Summary", classes="filter-label")
            yield SummarySelect()
            yield RetrieveButton()

    def on_mount(self) -> None:
        if self._companies:
            self._apply_company_defaults(self._companies[0])

    @property
    def company(self) -> TargetCompany | None:
        index = self.query_one(CompanySelect).selection
        return self._companies[index] if index is not None and index != NO_COMPANY else None

    def show_locations(self, locations: Sequence[Location]) -> None:
        """Fill the Location choices (they come from ConnectWise), keeping or applying the chosen one."""
        selector = self.query_one(LocationSelect)
        keep = self._pending_location if not self._locations_loaded else selector.value
        self._locations_loaded = True
        with self.prevent(Select.Changed):
            selector.show_locations(locations, keep if isinstance(keep, int | str) else ALL_LOCATIONS)

    def read_filter(self) -> UnpostedFilter:
        """The filter as set, or `FilterProblem` saying what to fix."""
        thru = parse_thru_date(self.query_one(ThruDateInput).value)
        included = {box.kind: box.value for box in self.query(IncludeCheckbox)}
        if not any(included.values()):
            raise FilterProblem("Tick at least one of Invoices, Expenses or Purchases.")
        location = self.query_one(LocationSelect).selection
        summary = self.query_one(SummarySelect).selection
        return UnpostedFilter(
            thru_date=thru,
            include_invoices=included[DocumentKind.INVOICE],
            include_expenses=included[DocumentKind.EXPENSE],
            include_procurement=included[DocumentKind.PROCUREMENT],
            location_id=location if isinstance(location, int) else None,
            summary_level=summary or SummaryLevel.DEFAULT,
        )

    def location_name(self, location_id: int | None) -> str:
        if location_id is None:
            return "All locations"
        return self.query_one(LocationSelect).names.get(location_id, f"location {location_id}")

    def _apply_company_defaults(self, company: TargetCompany) -> None:
        """Seed 002: changing the company brings its default location and summary level."""
        location: int | str = company.default_location_id or ALL_LOCATIONS
        if self._locations_loaded:
            self.query_one(LocationSelect).choose(location)
        else:
            self._pending_location = location
        self.query_one(SummarySelect).value = company.default_summary_level

    @on(Select.Changed, "#company")
    def _company_changed(self, event: Select.Changed) -> None:
        company = self.company
        if company is not None:
            self._apply_company_defaults(company)

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _something_changed(self) -> None:
        self.post_message(self.Changed())
