"""The agreements "create new" lines post into: one per company, of the default Agreement Type.

Seed 003: a line whose PSA Agreement is left empty goes to "a new Agreement … created on the ConnectWise side
using the default Agreement Type from Configuration". One agreement per company and run is what a person
would make, and it is named (`new_agreement_name`) so the next month finds it and posts there again instead
of opening a new agreement every month. It is created when the company's first line is sent, not before, so
a stopped run leaves no empty agreements; and it is recorded the moment ConnectWise confirms it, for undo.
"""

from __future__ import annotations

import asyncio
from datetime import date

from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
from tui_ledger.connectors.connectwise.agreements import AgreementType
from tui_ledger.connectors.connectwise.companies import Company
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.line_sync import new_agreement_name
from tui_ledger.store.line_sync import LineSyncJournal


class NewAgreements:
    """Finds or creates the default-type agreement of each company, once per run."""

    def __init__(
        self,
        billing: ConnectWiseAgreementBilling,
        journal: LineSyncJournal,
        clock: Clock,
        *,
        run_id: int,
        start_date: date,
        configured_type: str | None,
    ) -> None:
        self._billing = billing
        self._journal = journal
        self._clock = clock
        self._run_id = run_id
        self._start_date = start_date
        self._configured_type = configured_type
        self._type: AgreementType | None = None
        self._type_lock = asyncio.Lock()
        self._companies: dict[int, Company] = {}
        self._agreements: dict[int, int] = {}
        self._names: dict[int, str] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self.created: list[int] = []

    async def agreement_type(self) -> AgreementType:
        """The default Agreement Type, read once (Configuration's name, else ConnectWise's default)."""
        async with self._type_lock:
            if self._type is None:
                self._type = await self._billing.agreements.default_agreement_type(self._configured_type)
            return self._type

    async def existing(self, company_id: int) -> int | None:
        """The company's agreement from an earlier sync, if there is one (it is then used, not created)."""
        kind = await self.agreement_type()
        company = await self._company(company_id)
        found = await self._billing.agreements.find_agreement(
            company_id, new_agreement_name(kind.name, company.name), kind.id
        )
        if found is not None:
            self._agreements[company_id] = found.id
            self._names[found.id] = found.name
        return None if found is None else found.id

    async def ensure(self, company_id: int) -> int:
        """The company's agreement, created (and recorded for undo) by the first line that needs it."""
        known = self._agreements.get(company_id)
        if known is not None:
            return known
        lock = self._locks.setdefault(company_id, asyncio.Lock())
        async with lock:
            known = self._agreements.get(company_id)
            if known is not None:
                return known
            kind = await self.agreement_type()
            company = await self._company(company_id)
            name = new_agreement_name(kind.name, company.name)
            agreement = await self._billing.agreements.create_from_type(company, kind, name, self._start_date)
            self._journal.record_agreement(self._run_id, agreement.id, company_id, name, self._clock.now())
            self._agreements[company_id] = agreement.id
            self._names[agreement.id] = name
            self.created.append(agreement.id)
            return agreement.id

    def name(self, agreement_id: int) -> str:
        """The name of an agreement this run found or created (what the synced line shows)."""
        return self._names[agreement_id]

    async def _company(self, company_id: int) -> Company:
        company = self._companies.get(company_id)
        if company is None:
            company = self._companies[company_id] = await self._billing.companies.company(company_id)
        return company
