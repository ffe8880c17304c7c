"""The one interface the export and batch workflows use to talk to any accounting package (issue 3 part 3).

Xero and QuickBooks Online both implement `AccountingConnector`; a workflow holds one and reads
`capabilities` for everything that differs (credit note vs credit memo, 50 vs 30 per call, how numbers are
looked up, which statuses can be voided or deleted). Types are package-neutral (tui_ledger/domain/accounting.py).

Contract every implementation keeps:
- `create_documents` splits the drafts into calls of at most `capabilities.max_batch_size`, sends them with the
  package's idempotency mechanism (Xero `Idempotency-Key`, QuickBooks `requestid`) derived deterministically from
  the drafts' `idempotency_key`s, paces itself from the package's quota, and yields one `ChunkOutcome` per call as
  it completes, so the caller can journal target ids immediately. Element results come back in draft order within
  a chunk and carry the draft's key. A refused element is a result with `problems`, never an exception.
- Whole-call failures raise the typed errors of `tui_ledger.connectors.errors` (AuthenticationFailed, Forbidden,
  RateLimited, DayLimitReached, ValidationFailed, ServiceUnavailable, Unreachable, MalformedResponse), each with a
  message that says what to do.
- `find_documents` returns every document carrying one of the numbers (numbers are not unique for bills), in any
  status, including voided ones; deleted ones are reported where the package still lists them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.accounting import (
    AccountRecord,
    CompanyProfile,
    ContactDraft,
    ContactRecord,
    DocumentDraft,
    DocumentType,
    ElementResult,
    ItemDraft,
    ItemRecord,
    PackageCapabilities,
    PartyRole,
    QuotaSnapshot,
    RemoteDocument,
    TaxRateRecord,
    TrackingCategoryRecord,
)


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """One line of `tui-ledger doctor`: what was checked, whether it works, and the detail or what to do."""

    name: str
    ok: bool
    detail: str


CheckStep = tuple[str, Callable[[], Awaitable[str]]]
"""One doctor step: its name, and what it runs to get the detail line (raising a `ConnectorError` when it fails)."""


async def run_checks(steps: Iterable[CheckStep]) -> list[ConnectionCheck]:
    """The doctor's lines for one connection: the steps in order, stopping at the first that fails.

    Every package's doctor runs its steps this way (a step depends on the ones before it: no organisation can be
    read without a sign-in), so the loop lives here once and each connector only says what its steps are.
    """
    checks: list[ConnectionCheck] = []
    for name, run in steps:
        try:
            detail = await run()
        except ConnectorError as error:
            checks.append(ConnectionCheck(name, False, str(error)))
            break
        checks.append(ConnectionCheck(name, True, detail))
    return checks


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    """The results of one create call: `drafts_from` is the index of its first draft in the caller's sequence."""

    drafts_from: int
    results: tuple[ElementResult, ...]

    @property
    def succeeded(self) -> tuple[ElementResult, ...]:
        return tuple(result for result in self.results if result.ok)

    @property
    def failed(self) -> tuple[ElementResult, ...]:
        return tuple(result for result in self.results if not result.ok)


class AccountingConnector(Protocol):
    """A connected accounting package: one organisation (Xero tenant) or company (QuickBooks realm)."""

    @property
    def capabilities(self) -> PackageCapabilities: ...

    async def company(self) -> CompanyProfile:
        """The organisation or company this connection writes to (name, base currency, lock date)."""

    async def contacts(self, role: PartyRole | None = None) -> list[ContactRecord]:
        """Customers and/or suppliers, active and archived."""

    async def items(self) -> list[ItemRecord]: ...

    async def accounts(self) -> list[AccountRecord]:
        """The chart of accounts, archived accounts included (marked inactive)."""

    async def tax_rates(self) -> list[TaxRateRecord]: ...

    async def tracking_categories(self) -> list[TrackingCategoryRecord]: ...

    async def find_documents(self, document_type: DocumentType, numbers: Sequence[str]) -> list[RemoteDocument]:
        """Every document of this type carrying one of `numbers`, with its lines and totals."""

    def create_documents(self, drafts: Sequence[DocumentDraft]) -> AsyncIterator[ChunkOutcome]:
        """Create the drafts in calls of at most `max_batch_size`; yields each call's results as it completes.

        All drafts must be of a type in `capabilities.document_types`. Cancelling, or closing the iterator when
        stopping early (`async with contextlib.aclosing(...)`), cancels calls not yet answered; their documents may or
        may not exist, which `find_documents` settles.
        """

    async def create_contacts(self, drafts: Sequence[ContactDraft]) -> list[ElementResult]:
        """Create customers or suppliers; a name already in use is a result with a DUPLICATE_NAME problem."""

    async def create_items(self, drafts: Sequence[ItemDraft]) -> list[ElementResult]: ...

    async def update_document(self, draft: DocumentDraft, target_id: str) -> ElementResult:
        """Replace the content of the document `target_id` with the draft's (DESIGN.md §5 "update").

        A refusal (voided, paid, stale, invalid account) is a result with problems, as for a create.
        """

    async def void_document(self, document_type: DocumentType, target_id: str) -> RemoteDocument:
        """Void it (it stays in the package with its number, at zero). Raises ValidationFailed where not allowed."""

    async def delete_document(self, document_type: DocumentType, target_id: str) -> RemoteDocument:
        """Delete it (Xero: only DRAFT or SUBMITTED). Raises ValidationFailed where not allowed."""

    def quota(self) -> QuotaSnapshot:
        """Calls left as last reported by the package, for the Batch Status quota line. Makes no call."""

    async def aclose(self) -> None: ...
