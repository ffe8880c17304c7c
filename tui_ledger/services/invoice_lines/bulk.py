"""Bulk Update of the marked lines of a period (seed 003), over the rules of `domain.bulk_update`.

The card asks for a plan first (`plan`): the rules read the marked lines' facts a chunk at a time, so a month
with every line marked is checked without holding it. Apply writes the entered values to every marked line in
one transaction (each changed field then wears User Updated) and, for an agreement, makes it the default of the
lines' organizations, as any edit on the Invoices tab does (seed 003).
"""

from __future__ import annotations

from collections.abc import Iterator

from tui_ledger.domain.bulk_update import (
    AgreementValue,
    BulkField,
    BulkUpdatePlan,
    BulkUpdateRequest,
    MarkedLine,
    plan_bulk_update,
)
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store.database import Database
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import PsaStatus
from tui_ledger.store.line_mappings import AgreementChoice, CompanyChoice
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord

READ_CHUNK = 5_000


def marked_line(record: LineRecord) -> MarkedLine:
    return MarkedLine(
        company_id=record.psa_company_id,
        charge_start=record.charge_start_date,
        charge_end=record.charge_end_date,
        agreement_id=record.psa_agreement_id,
        agreement_new=record.psa_agreement_new,
        synced=record.psa_status is PsaStatus.SYNCED,
    )


def agreement_choice(value: AgreementValue) -> AgreementChoice:
    if value.create_new:
        return AgreementChoice(create_new=True)
    return AgreementChoice(value.agreement_id, value.name)


class BulkUpdate:
    """Plans and applies Bulk Update on one profile's lines."""

    def __init__(self, database: Database, store: InvoiceLineStore, clock: Clock) -> None:
        self._database = database
        self._store = store
        self._clock = clock

    def marked_records(self, period: BillingPeriod) -> Iterator[LineRecord]:
        keys = self._store.grid(period).marked_keys()
        editor = self._store.editor(period)
        for start in range(0, len(keys), READ_CHUNK):
            yield from editor.records(keys[start : start + READ_CHUNK])

    def marked_companies(self, period: BillingPeriod) -> set[int]:
        """The PSA companies of the marked lines (lines without one left out): whose agreements the card offers."""
        keys = self._store.grid(period).marked_keys()
        return {company for company in self._store.editor(period).companies_of(keys) if company}

    def plan(self, period: BillingPeriod, request: BulkUpdateRequest) -> BulkUpdatePlan:
        """What Apply would change, or `BulkUpdateError` with the card's message."""
        return plan_bulk_update(request, (marked_line(record) for record in self.marked_records(period)))

    def apply(self, period: BillingPeriod, request: BulkUpdateRequest) -> BulkUpdatePlan:
        """Check again and write the fields the plan lists (an entered value no line differs from is left alone,
        as the confirmation did not list it); returns the plan applied (no changes: nothing written)."""
        plan = self.plan(period, request)
        changed = {change.field for change in plan.changes}
        if not changed:
            return plan
        keys = self._store.grid(period).marked_keys()
        editor = self._store.editor(period)
        with self._database.transaction():
            if BulkField.CHARGE_START in changed:
                editor.set_charge_start(keys, request.charge_start)
            if BulkField.CHARGE_END in changed:
                editor.set_charge_end(keys, request.charge_end)
            if BulkField.AGREEMENT in changed and request.agreement is not None:
                editor.set_psa_agreement(keys, agreement_choice(request.agreement))
                self._remember_agreement(period, request.agreement)
        return plan

    def _remember_agreement(self, period: BillingPeriod, agreement: AgreementValue) -> None:
        """The agreement becomes the default of every organization among the marked lines."""
        organizations: dict[tuple[SourcePlatform, str], CompanyChoice] = {}
        choice = agreement_choice(agreement)
        for record in self.marked_records(period):
            if record.psa_company_id is not None:
                company = CompanyChoice(record.psa_company_id, record.psa_company_name, choice)
                organizations[(record.source_platform, record.organization_id)] = company
        at = self._clock.now()
        for (platform, organization_id), company in organizations.items():
            self._store.mappings.map_organization(platform, organization_id, company, at=at, make_default=True)
