"""The export journal: every document of every export run, at the step it reached (DESIGN.md §5).

The run writes all its rows in one transaction before it calls anything, then records each step in its own
transaction as it happens, so a crash at any instant leaves every row at a step that is true. A document's step
follows from its parts while they are being looked up and created (one failed part fails the document; all parts
in the package make it CREATED); after that the run sets it directly (BATCHING, DONE, FAILED).

    journal = ExportJournal(database, clock)
    journal.record(run_id, entities, documents)              # before any remote call
    journal.apply([PartChange(part_id, PartState.SENDING)])  # before the create call
    journal.unfinished_documents(run_id)                      # what a resume continues
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tui_ledger.domain.accounting import DocumentType, ItemDraft
from tui_ledger.domain.checks.problems import Resolution
from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.plans.model import PlanPart
from tui_ledger.store.codec import timestamp_from_text, timestamp_text
from tui_ledger.store.database import Database
from tui_ledger.store.errors import StoreError
from tui_ledger.store.journal_drafts import (
    contact_draft_from_text,
    contact_draft_text,
    document_draft_text,
    item_draft_from_text,
    item_draft_text,
)
from tui_ledger.store.journal_records import (
    FINAL_STEPS,
    DocumentStep,
    EntityKind,
    EntityState,
    JournalDocument,
    JournalEntity,
    JournalPart,
    NewDocument,
    NewEntity,
    PartState,
)

_DERIVED_STEPS = (DocumentStep.PLANNED, DocumentStep.LOOKED_UP, DocumentStep.SENDING, DocumentStep.CREATED)
"""Steps that follow from the parts; later steps are set by the run itself."""


@dataclass(frozen=True, slots=True)
class PartChange:
    """A part reached `state`. `choices` go with a refusal the user can resolve (already in the package)."""

    part_id: int
    state: PartState
    target_id: str | None = None
    target_number: str | None = None
    message: str = ""
    choices: tuple[Resolution, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """A document reached `step`; `message` None keeps the one it has."""

    document_id: int
    step: DocumentStep
    message: str | None = None
    batch_id: int | None = None


@dataclass(frozen=True, slots=True)
class EntityChange:
    entity_id: int
    state: EntityState
    target_id: str | None = None
    message: str = ""


Change = PartChange | DocumentChange | EntityChange


class ExportJournal:
    """The `export_document`, `export_part` and `export_entity` tables of one profile database."""

    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self.database = database
        self._clock = clock or SystemClock()

    # -- writing

    def record(self, run_id: int, entities: Sequence[NewEntity], documents: Sequence[NewDocument]) -> None:
        """Journal a run's entities and documents, all or nothing, before anything is sent."""
        now = self._now()
        with self.database.transaction() as connection:
            for entity in entities:
                connection.execute(
                    "INSERT INTO export_entity (run_id, kind, idempotency_key, name, code, draft, state, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        run_id,
                        entity.kind,
                        entity.draft.idempotency_key,
                        entity.name,
                        entity.code,
                        _entity_draft_text(entity),
                        EntityState.PLANNED,
                        now,
                    ),
                )
            for position, document in enumerate(documents, start=1):
                self._insert_document(connection, run_id, position, document, now)

    def _insert_document(
        self, connection: sqlite3.Connection, run_id: int, position: int, document: NewDocument, now: str
    ) -> None:
        states = [PartState.LINKED if part.linked else PartState.PLANNED for part in document.parts]
        step = _step_of(states)
        cursor = connection.execute(
            "INSERT INTO export_document (run_id, position, kind, psa_id, number, counterparty, document_date, "
            "total, currency, step, message, batch_identifier, gl_entry_ids, depends_on, resolution, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                run_id,
                position,
                document.kind,
                document.psa_id,
                document.number,
                document.counterparty,
                document.document_date.isoformat(),
                str(document.total),
                document.currency,
                step,
                document.message,
                document.batch_identifier,
                json.dumps(list(document.gl_entry_ids)),
                json.dumps(list(document.depends_on)),
                document.resolution,
                now,
            ),
        )
        document_id = int(cursor.lastrowid or 0)
        for part, state in zip(document.parts, states, strict=True):
            target_id, target_number = part.linked or (None, None)
            connection.execute(
                "INSERT INTO export_part (document_id, part, document_type, number, idempotency_key, draft, state, "
                "target_id, target_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    document_id,
                    part.part,
                    part.draft.document_type,
                    part.draft.number,
                    part.draft.idempotency_key,
                    document_draft_text(part.draft),
                    state,
                    target_id,
                    target_number,
                ),
            )

    def apply(self, changes: Iterable[Change]) -> None:
        """Record steps reached, all in one transaction; documents follow the parts that changed."""
        now = self._now()
        touched: dict[int, None] = {}
        with self.database.transaction() as connection:
            for change in changes:
                if isinstance(change, PartChange):
                    touched[self._apply_part(connection, change)] = None
                elif isinstance(change, DocumentChange):
                    self._apply_document(connection, change, now)
                else:
                    self._apply_entity(connection, change, now)
            for document_id in touched:
                self._follow_parts(connection, document_id, now)

    def _apply_part(self, connection: sqlite3.Connection, change: PartChange) -> int:
        row = connection.execute("SELECT document_id FROM export_part WHERE id = ?", (change.part_id,)).fetchone()
        if row is None:
            raise StoreError(f"There is no journal part {change.part_id}.")
        connection.execute(
            "UPDATE export_part SET state = ?, target_id = COALESCE(?, target_id), "
            "target_number = COALESCE(?, target_number), message = ? WHERE id = ?",
            (change.state, change.target_id, change.target_number, change.message, change.part_id),
        )
        if change.choices:
            connection.execute(
                "UPDATE export_document SET choices = ? WHERE id = ?",
                (json.dumps([choice.value for choice in change.choices]), row["document_id"]),
            )
        return int(row["document_id"])

    def _follow_parts(self, connection: sqlite3.Connection, document_id: int, now: str) -> None:
        """Derive the document's step from its parts while it is still being sent."""
        document = connection.execute("SELECT step FROM export_document WHERE id = ?", (document_id,)).fetchone()
        current = DocumentStep(document["step"])
        if current not in _DERIVED_STEPS:
            return
        parts = connection.execute(
            "SELECT state, message FROM export_part WHERE document_id = ? ORDER BY id", (document_id,)
        ).fetchall()
        states = [PartState(part["state"]) for part in parts]
        step = _step_of(states)
        if step is DocumentStep.FAILED:
            message = "; ".join(part["message"] for part in parts if part["state"] == PartState.FAILED)
            connection.execute(
                "UPDATE export_document SET step = ?, failed_at = ?, message = ?, updated_at = ? WHERE id = ?",
                (step, current, message, now, document_id),
            )
        elif step is not current:
            connection.execute(
                "UPDATE export_document SET step = ?, updated_at = ? WHERE id = ?", (step, now, document_id)
            )

    def _apply_document(self, connection: sqlite3.Connection, change: DocumentChange, now: str) -> None:
        row = connection.execute("SELECT step FROM export_document WHERE id = ?", (change.document_id,)).fetchone()
        if row is None:
            raise StoreError(f"There is no journal document {change.document_id}.")
        failed_at = row["step"] if change.step is DocumentStep.FAILED else None
        connection.execute(
            "UPDATE export_document SET step = ?, failed_at = COALESCE(?, failed_at), message = COALESCE(?, message), "
            "batch_id = COALESCE(?, batch_id), updated_at = ? WHERE id = ?",
            (change.step, failed_at, change.message, change.batch_id, now, change.document_id),
        )

    def _apply_entity(self, connection: sqlite3.Connection, change: EntityChange, now: str) -> None:
        updated = connection.execute(
            "UPDATE export_entity SET state = ?, target_id = COALESCE(?, target_id), message = ?, updated_at = ? "
            "WHERE id = ?",
            (change.state, change.target_id, change.message, now, change.entity_id),
        )
        if updated.rowcount == 0:
            raise StoreError(f"There is no journal entity {change.entity_id}.")

    # -- reading

    def documents(self, run_id: int, *, steps: Iterable[DocumentStep] | None = None) -> list[JournalDocument]:
        """The run's documents in journal order (with their parts), optionally only those at `steps`."""
        wanted = tuple(steps) if steps is not None else None
        if wanted is None:
            rows = self.database.query("SELECT * FROM export_document WHERE run_id = ? ORDER BY position", (run_id,))
        else:
            marks = ",".join("?" * len(wanted)) or "NULL"
            rows = self.database.query(
                f"SELECT * FROM export_document WHERE run_id = ? AND step IN ({marks}) ORDER BY position",
                (run_id, *wanted),
            )
        return self._with_parts(rows)

    def unfinished_documents(self, run_id: int) -> list[JournalDocument]:
        """Documents a resume continues: every one not DONE, FAILED or SKIPPED."""
        return self.documents(run_id, steps=[step for step in DocumentStep if step not in FINAL_STEPS])

    def documents_with_ids(self, document_ids: Sequence[int]) -> list[JournalDocument]:
        """These documents (with their parts), in the order asked; ids the journal lacks are left out."""
        wanted = list(dict.fromkeys(document_ids))
        rows: list[sqlite3.Row] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows += self.database.query(f"SELECT * FROM export_document WHERE id IN ({marks})", chunk)
        found = {document.id: document for document in self._with_parts(rows)}
        return [found[document_id] for document_id in wanted if document_id in found]

    def document(self, document_id: int) -> JournalDocument:
        rows = self.database.query("SELECT * FROM export_document WHERE id = ?", (document_id,))
        if not rows:
            raise StoreError(f"There is no journal document {document_id}.")
        return self._with_parts(rows)[0]

    def steps(self, document_ids: Iterable[int]) -> dict[int, DocumentStep]:
        """The step of each document, without reading its parts (cheap enough to ask after every change)."""
        wanted = list(document_ids)
        found: dict[int, DocumentStep] = {}
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.database.query(f"SELECT id, step FROM export_document WHERE id IN ({marks})", chunk):
                found[int(row["id"])] = DocumentStep(row["step"])
        return found

    def entities(self, run_id: int, kind: EntityKind | None = None) -> list[JournalEntity]:
        if kind is None:
            rows = self.database.query("SELECT * FROM export_entity WHERE run_id = ? ORDER BY id", (run_id,))
        else:
            rows = self.database.query(
                "SELECT * FROM export_entity WHERE run_id = ? AND kind = ? ORDER BY id", (run_id, kind)
            )
        return [_entity(row) for row in rows]

    def history_of(self, kind: DocumentKind, psa_id: int) -> list[JournalDocument]:
        """Every run's row for one PSA document, oldest first: what was done with it and when."""
        rows = self.database.query(
            "SELECT * FROM export_document WHERE kind = ? AND psa_id = ? ORDER BY run_id", (kind, psa_id)
        )
        return self._with_parts(rows)

    def choose(self, document_id: int, resolution: Resolution) -> JournalDocument:
        """Record the user's choice for a document refused as "already in the package" (one of its `choices`)."""
        document = self.document(document_id)
        if resolution not in document.choices:
            offered = ", ".join(choice.value for choice in document.choices) or "none"
            raise StoreError(
                f"{document.kind.value} {document.number} offers {offered}; {resolution.value!r} is not one of them."
            )
        with self.database.transaction() as connection:
            connection.execute(
                "UPDATE export_document SET resolution = ?, updated_at = ? WHERE id = ?",
                (resolution, self._now(), document_id),
            )
        return self.document(document_id)

    def chosen_resolutions(self) -> dict[tuple[DocumentKind, int], Resolution]:
        """The latest choice recorded per PSA document, for the next run to apply."""
        rows = self.database.query(
            "SELECT kind, psa_id, resolution FROM export_document WHERE resolution IS NOT NULL ORDER BY run_id, id"
        )
        return {(DocumentKind(row["kind"]), int(row["psa_id"])): Resolution(row["resolution"]) for row in rows}

    def _with_parts(self, rows: Sequence[sqlite3.Row]) -> list[JournalDocument]:
        if not rows:
            return []
        parts: dict[int, list[JournalPart]] = {}
        ids = [row["id"] for row in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for part_row in self.database.query(
                f"SELECT * FROM export_part WHERE document_id IN ({marks}) ORDER BY id", chunk
            ):
                parts.setdefault(part_row["document_id"], []).append(_part(part_row))
        return [_document(row, tuple(parts.get(row["id"], ()))) for row in rows]

    def _now(self) -> str:
        return timestamp_text(self._clock.now())


def _entity_draft_text(entity: NewEntity) -> str:
    if isinstance(entity.draft, ItemDraft):
        return item_draft_text(entity.draft)
    return contact_draft_text(entity.draft)


def _step_of(states: Sequence[PartState]) -> DocumentStep:
    if any(state is PartState.FAILED for state in states):
        return DocumentStep.FAILED
    if all(state.in_package for state in states):
        return DocumentStep.CREATED
    if any(state is PartState.SENDING for state in states):
        return DocumentStep.SENDING
    if all(state is not PartState.PLANNED for state in states):
        return DocumentStep.LOOKED_UP
    return DocumentStep.PLANNED


def _part(row: sqlite3.Row) -> JournalPart:
    return JournalPart(
        id=row["id"],
        document_id=row["document_id"],
        part=PlanPart(row["part"]),
        document_type=DocumentType(row["document_type"]),
        number=row["number"],
        idempotency_key=row["idempotency_key"],
        draft_text=row["draft"],
        state=PartState(row["state"]),
        target_id=row["target_id"],
        target_number=row["target_number"],
        message=row["message"],
    )


def _document(row: sqlite3.Row, parts: tuple[JournalPart, ...]) -> JournalDocument:
    return JournalDocument(
        id=row["id"],
        run_id=row["run_id"],
        position=row["position"],
        kind=DocumentKind(row["kind"]),
        psa_id=row["psa_id"],
        number=row["number"],
        counterparty=row["counterparty"],
        document_date=date.fromisoformat(row["document_date"]),
        total=Decimal(row["total"]),
        currency=row["currency"],
        step=DocumentStep(row["step"]),
        failed_at=DocumentStep(row["failed_at"]) if row["failed_at"] else None,
        message=row["message"],
        batch_identifier=row["batch_identifier"],
        gl_entry_ids=tuple(_json_list(row["gl_entry_ids"])),
        batch_id=row["batch_id"],
        depends_on=tuple(_json_list(row["depends_on"])),
        choices=tuple(Resolution(choice) for choice in _json_list(row["choices"])),
        resolution=Resolution(row["resolution"]) if row["resolution"] else None,
        updated_at=timestamp_from_text(row["updated_at"]),
        parts=parts,
    )


def _entity(row: sqlite3.Row) -> JournalEntity:
    where = f"journal entity {row['id']}"
    kind = EntityKind(row["kind"])
    draft = (
        item_draft_from_text(row["draft"], where)
        if kind is EntityKind.PRODUCT
        else contact_draft_from_text(row["draft"], where)
    )
    return JournalEntity(
        id=row["id"],
        run_id=row["run_id"],
        kind=kind,
        idempotency_key=row["idempotency_key"],
        name=row["name"],
        code=row["code"],
        draft=draft,
        state=EntityState(row["state"]),
        target_id=row["target_id"],
        message=row["message"],
        updated_at=timestamp_from_text(row["updated_at"]),
    )


def _json_list(text: str) -> list[Any]:
    value = json.loads(text)
    if not isinstance(value, list):
        raise StoreError(f"expected a JSON list in the journal, found {text[:40]!r}")
    return value
