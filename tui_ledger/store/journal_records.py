"""What the export journal holds, as typed values: documents, their package parts, and created entities.

Steps are recorded, never inferred from the remote systems: a row says what this run knows for certain. Two steps
mean "a call is out and its outcome is not known yet" (`SENDING`, `BATCHING`); a resume settles them by asking
the package for the number, or ConnectWise for the batch identifier, before doing anything again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from tui_ledger.domain.accounting import ContactDraft, DocumentDraft, DocumentType, ItemDraft
from tui_ledger.domain.checks.problems import Resolution
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.plans.model import PlanPart
from tui_ledger.store.journal_drafts import document_draft_from_text


class DocumentStep(StrEnum):
    """Where a PSA document stands in its run, in the order §5 takes it."""

    PLANNED = "planned"
    """Written to the journal; nothing sent anywhere yet."""
    LOOKED_UP = "looked_up"
    """The package was searched for its number(s) and does not have it: safe to create."""
    SENDING = "sending"
    """A create call is out: the document may or may not be in the package until it is looked up again."""
    CREATED = "created"
    """Every part is in the package (created or linked; a document without lines has nothing to send)."""
    BATCHING = "batching"
    """The ConnectWise batch create is out: the batch may exist; find it by identifier before creating it."""
    DONE = "done"
    """Batched in ConnectWise with its own GL batch, batch id recorded: finished."""
    FAILED = "failed"
    """Refused by the package or by ConnectWise; `message` holds their words, `failed_at` the step it failed in."""
    SKIPPED = "skipped"
    """Left unposted on purpose: the user chose skip, or discarded the unfinished run before it was sent."""

    @property
    def is_final(self) -> bool:
        return self in FINAL_STEPS

    @property
    def outcome_unknown(self) -> bool:
        return self in (DocumentStep.SENDING, DocumentStep.BATCHING)


FINAL_STEPS = frozenset({DocumentStep.DONE, DocumentStep.FAILED, DocumentStep.SKIPPED})


class PartState(StrEnum):
    """Where one package document of a PSA document stands."""

    PLANNED = "planned"
    LOOKED_UP = "looked_up"
    SENDING = "sending"
    CREATED = "created"
    LINKED = "linked"
    """Found in the package with the same content (or linked by the user's choice): never created by this run."""
    FAILED = "failed"

    @property
    def in_package(self) -> bool:
        return self in (PartState.CREATED, PartState.LINKED)


class EntityKind(StrEnum):
    """The reference data a run creates before its documents, in the order of its sections."""

    CUSTOMER = "customer"
    SUPPLIER = "supplier"
    PRODUCT = "product"


class EntityState(StrEnum):
    PLANNED = "planned"
    SENDING = "sending"
    CREATED = "created"
    LINKED = "linked"
    """Already in the package (found by name, code or number): used as it is."""
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        return self in (EntityState.CREATED, EntityState.LINKED, EntityState.FAILED)


@dataclass(frozen=True)
class JournalPart:
    """One package document of a journaled PSA document.

    The draft is read from its stored text only when asked for: a resume or a batching step reads thousands of rows
    and needs the drafts of a few.
    """

    id: int
    document_id: int
    part: PlanPart
    document_type: DocumentType
    number: str | None
    idempotency_key: str
    draft_text: str = field(repr=False)
    state: PartState
    target_id: str | None
    target_number: str | None
    message: str

    @cached_property
    def draft(self) -> DocumentDraft:
        return document_draft_from_text(self.draft_text, f"journal part {self.id}")


@dataclass(frozen=True, slots=True)
class JournalDocument:
    """One PSA document of one run, with its parts in plan order."""

    id: int
    run_id: int
    position: int
    kind: DocumentKind
    psa_id: int
    number: str
    counterparty: str
    document_date: date
    total: Decimal
    currency: str | None
    step: DocumentStep
    failed_at: DocumentStep | None
    message: str
    batch_identifier: str
    gl_entry_ids: tuple[int, ...]
    batch_id: int | None
    depends_on: tuple[str, ...]
    """Idempotency keys of the entities (customer, supplier, products) this run creates for it."""
    choices: tuple[Resolution, ...]
    """What the user may do about it (a different document under its number in the package)."""
    resolution: Resolution | None
    """What the user chose, applied by the run."""
    updated_at: datetime
    parts: tuple[JournalPart, ...]

    @property
    def sends_nothing(self) -> bool:
        """An invoice without lines: marked batched without being sent (seed 002)."""
        return not self.parts

    @property
    def all_linked(self) -> bool:
        return bool(self.parts) and all(part.state is PartState.LINKED for part in self.parts)

    @property
    def failed_in_batching(self) -> bool:
        """In the package (or nothing to send) but ConnectWise refused its batch: a re-run links and batches it."""
        return self.step is DocumentStep.FAILED and self.failed_at in (DocumentStep.CREATED, DocumentStep.BATCHING)

    @property
    def in_package(self) -> bool:
        """Every part is in the package: what remains is marking it batched."""
        return all(part.state.in_package for part in self.parts)


@dataclass(frozen=True, slots=True)
class JournalEntity:
    id: int
    run_id: int
    kind: EntityKind
    idempotency_key: str
    name: str
    code: str | None
    draft: ContactDraft | ItemDraft
    state: EntityState
    target_id: str | None
    message: str
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class NewPart:
    """A package document to journal; `linked` carries the target id and number when checks found it there."""

    part: PlanPart
    draft: DocumentDraft
    linked: tuple[str, str | None] | None = None


@dataclass(frozen=True, slots=True)
class NewDocument:
    """A PSA document to journal before the run sends anything."""

    kind: DocumentKind
    psa_id: int
    number: str
    counterparty: str
    document_date: date
    total: Decimal
    currency: str | None
    batch_identifier: str
    gl_entry_ids: tuple[int, ...]
    parts: tuple[NewPart, ...]
    depends_on: tuple[str, ...] = ()
    message: str = ""
    resolution: Resolution | None = None


@dataclass(frozen=True, slots=True)
class NewEntity:
    kind: EntityKind
    draft: ContactDraft | ItemDraft

    @property
    def name(self) -> str:
        return self.draft.name

    @property
    def code(self) -> str | None:
        return self.draft.code if isinstance(self.draft, ItemDraft) else self.draft.number
