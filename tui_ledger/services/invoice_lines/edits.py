"""Editing one invoice line (seed 003's Edit mapping): PSA Organization, Agreement, Product and charge dates.

What the seed asks of a saved edit:
- selecting a new PSA Organization clears the PSA Agreement (the old company's agreements do not belong to the
  new one), unless the same edit picks an agreement of the new company;
- changed charge dates wear the User Updated badge (the store sets it);
- "Changes made on this tab become the default mapping going forward for new lines from the same Organization /
  Offer": the organization's default company (with the agreement now on the line) and the offer's product are
  saved as mappings, which the next load applies to new lines;
- a synced line cannot be edited.
Everything is written in one transaction: an edit that fails saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from tui_ledger.domain.bulk_update import charge_dates_problem
from tui_ledger.domain.clock import Clock
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_edits import offer_key_of
from tui_ledger.store.line_mappings import NO_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord


class Keep(Enum):
    """A charge date the edit leaves as it is (None would clear it)."""

    KEEP = "keep"


KEEP = Keep.KEEP


class LineEditError(ValueError):
    """The edit cannot be saved; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class LineChanges:
    """What an edit changes; None (or KEEP for dates) leaves a field as it is."""

    company: CompanyChoice | None = None
    agreement: AgreementChoice | None = None
    product: ProductChoice | None = None
    charge_start: date | Keep | None = KEEP
    charge_end: date | Keep | None = KEEP

    @property
    def is_empty(self) -> bool:
        return (
            self.company is None
            and self.agreement is None
            and self.product is None
            and self.charge_start is KEEP
            and self.charge_end is KEEP
        )


def current_agreement(record: LineRecord) -> AgreementChoice:
    """The agreement a line posts to now, as a choice."""
    if record.psa_agreement_new:
        return AgreementChoice(create_new=True)
    if record.psa_agreement_id is not None:
        return AgreementChoice(record.psa_agreement_id, record.psa_agreement_name)
    return NO_AGREEMENT


class LineEdits:
    """Saves edits of single lines (see the module docstring)."""

    def __init__(self, database: Database, store: InvoiceLineStore, clock: Clock) -> None:
        self._database = database
        self._store = store
        self._clock = clock

    def record(self, period: BillingPeriod, key: int) -> LineRecord:
        found = self._store.editor(period).records([key])
        if not found:
            raise LineEditError(f"the line is no longer in {period.label}; it may have been reloaded meanwhile")
        return found[0]

    def save(self, period: BillingPeriod, key: int, changes: LineChanges) -> LineRecord:
        """Apply `changes` to the line and make them the defaults of its organization and offer."""
        record = self.record(period, key)
        if record.psa_status is PsaStatus.SYNCED:
            raise LineEditError("this line is synced to ConnectWise; change it there")
        start = record.charge_start_date if changes.charge_start is KEEP else changes.charge_start
        end = record.charge_end_date if changes.charge_end is KEEP else changes.charge_end
        problem = charge_dates_problem(start, end)
        if problem is not None:
            raise LineEditError(problem)
        if changes.agreement is not None and changes.company is None and record.psa_company_id is None:
            raise LineEditError("choose the PSA Organization first: its agreements are what the line can post to")
        if changes.is_empty:
            return record
        editor = self._store.editor(period)
        with self._database.transaction():
            if changes.company is not None:
                editor.set_psa_company([key], _with_agreement(changes.company, changes.agreement or NO_AGREEMENT))
            elif changes.agreement is not None:
                editor.set_psa_agreement([key], changes.agreement)
            if changes.product is not None:
                editor.set_psa_product([key], changes.product)
            if changes.charge_start is not KEEP:
                editor.set_charge_start([key], changes.charge_start)
            if changes.charge_end is not KEEP:
                editor.set_charge_end([key], changes.charge_end)
            saved = self.record(period, key)
            self._remember_defaults(saved, changes)
        return saved

    def _remember_defaults(self, saved: LineRecord, changes: LineChanges) -> None:
        at = self._clock.now()
        mappings = self._store.mappings
        if (changes.company is not None or changes.agreement is not None) and saved.psa_company_id is not None:
            company = CompanyChoice(saved.psa_company_id, saved.psa_company_name, current_agreement(saved))
            mappings.map_organization(saved.source_platform, saved.organization_id, company, at=at, make_default=True)
        if changes.product is not None:
            mappings.map_offer(saved.source_platform, offer_key_of(saved), changes.product, at=at)


def _with_agreement(company: CompanyChoice, agreement: AgreementChoice) -> CompanyChoice:
    return CompanyChoice(company.company_id, company.company_name, agreement)
