"""Sections Customers, Suppliers and Products: create what the documents need, once, before the documents.

An entity whose create call got no usable answer is looked for in the package before it is created again (by its
number, kept as the contact's number, or its name; an item by its code), so a kill or a lost answer never makes
"Acme" twice. A name the package reports as taken is looked up the same way: if the contact holding it is ours
(same number, or none), it is used; otherwise the entity fails with the package's words, and so do the
documents that needed it (see documents.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.domain.accounting import (
    ContactDraft,
    ContactRecord,
    ElementResult,
    ItemDraft,
    ItemRecord,
    PartyRole,
    ProblemKind,
)
from tui_ledger.domain.checks.snapshot import name_key
from tui_ledger.services.export.context import RunContext
from tui_ledger.services.export.interruptions import Reaction, RunStopped, StillUnsettled, reaction_to, refusal_text
from tui_ledger.services.export.sections import SectionTracker
from tui_ledger.store.journal import EntityChange
from tui_ledger.store.journal_records import EntityKind, EntityState, JournalEntity

Existing = ContactRecord | ItemRecord


async def run_entity_section(context: RunContext, kind: EntityKind, tracker: SectionTracker) -> None:
    rows = context.journal.entities(context.run_id, kind)
    tracker.total = len(rows)
    tracker.done = sum(1 for row in rows if row.state.is_final)
    tracker.failed = sum(1 for row in rows if row.state is EntityState.FAILED)
    pending = [row for row in rows if not row.state.is_final]
    if not pending:
        tracker.complete()
        return
    tracker.start()
    last_error: ConnectorError | None = None
    must_exist: set[int] = set()
    attempts = 0
    while True:
        if any(row.state is EntityState.SENDING for row in pending):
            pending = await _settle(context, kind, pending, must_exist, tracker)
        if not pending:
            break
        if attempts == context.settle_attempts:
            raise StillUnsettled(last_error or f"{len(pending)} {kind.value}s could not be created")
        attempts += 1
        context.journal.apply(EntityChange(row.id, EntityState.SENDING) for row in pending)
        try:
            results = await _create(context, kind, pending)
        except ConnectorError as error:
            reaction = reaction_to(error)
            if reaction is Reaction.STOP:
                raise RunStopped(error) from None
            if reaction is Reaction.REFUSED:
                _fail(context, pending, refusal_text(error), tracker)
                break
            last_error = error
            pending = _reload(context, pending)
            continue
        finally:
            context.report_quota()
        pending, must_exist = _record(context, pending, results, tracker)
    tracker.complete()


async def _create(context: RunContext, kind: EntityKind, rows: Sequence[JournalEntity]) -> list[ElementResult]:
    drafts = [row.draft for row in rows]
    if kind is EntityKind.PRODUCT:
        return await context.connector.create_items([draft for draft in drafts if isinstance(draft, ItemDraft)])
    return await context.connector.create_contacts([draft for draft in drafts if isinstance(draft, ContactDraft)])


def _record(
    context: RunContext, rows: Sequence[JournalEntity], results: Sequence[ElementResult], tracker: SectionTracker
) -> tuple[list[JournalEntity], set[int]]:
    """Journal each answer; names the package calls taken stay SENDING, to be looked up (and must be found)."""
    by_key = {result.key: result for result in results}
    changes: list[EntityChange] = []
    to_look_up: list[JournalEntity] = []
    taken: set[int] = set()
    created = failed = 0
    for row in rows:
        result = by_key.get(row.idempotency_key)
        if result is None:
            to_look_up.append(row)
        elif result.ok:
            changes.append(EntityChange(row.id, EntityState.CREATED, target_id=result.target_id))
            created += 1
        elif result.has_problem(ProblemKind.DUPLICATE_NAME):
            to_look_up.append(row)
            taken.add(row.id)
        else:
            message = "; ".join(problem.message for problem in result.problems)
            changes.append(EntityChange(row.id, EntityState.FAILED, message=message))
            failed += 1
    context.journal.apply(changes)
    tracker.advance(created, failed)
    return _reload(context, to_look_up), taken


async def _settle(
    context: RunContext,
    kind: EntityKind,
    rows: Sequence[JournalEntity],
    must_exist: set[int],
    tracker: SectionTracker,
) -> list[JournalEntity]:
    """Look the unknown ones up: found → use it; missing → create it (again); refused as taken → fail."""
    try:
        existing = await _existing(context, kind)
    except ConnectorError as error:
        if reaction_to(error) is Reaction.UNKNOWN:
            raise StillUnsettled(error) from None
        raise RunStopped(error) from None
    changes: list[EntityChange] = []
    remaining: list[JournalEntity] = []
    linked = failed = 0
    for row in rows:
        if row.state is not EntityState.SENDING:
            remaining.append(row)
            continue
        found = _find(row, existing)
        if found is not None:
            changes.append(EntityChange(row.id, EntityState.LINKED, target_id=found.id))
            linked += 1
        elif row.id in must_exist:
            message = f"{context.package} says the name '{row.name}' is taken by another {kind.value}"
            changes.append(EntityChange(row.id, EntityState.FAILED, message=message))
            failed += 1
        else:
            changes.append(EntityChange(row.id, EntityState.PLANNED))
            remaining.append(row)
    context.journal.apply(changes)
    tracker.advance(linked, failed)
    return _reload(context, remaining)


async def _existing(context: RunContext, kind: EntityKind) -> Sequence[Existing]:
    if kind is EntityKind.PRODUCT:
        return await context.connector.items()
    role = PartyRole.CUSTOMER if kind is EntityKind.CUSTOMER else PartyRole.SUPPLIER
    return await context.connector.contacts(role)


def _find(row: JournalEntity, existing: Sequence[Existing]) -> Existing | None:
    """Ours in the package: an item by code; a contact by its number, else by name when it carries no other."""
    draft = row.draft
    if isinstance(draft, ItemDraft):
        wanted = name_key(draft.code)
        return next((item for item in existing if isinstance(item, ItemRecord) and name_key(item.code) == wanted), None)
    contacts = [contact for contact in existing if isinstance(contact, ContactRecord) and contact.active]
    number = name_key(draft.number)
    if number:
        by_number = next((contact for contact in contacts if name_key(contact.number) == number), None)
        if by_number is not None:
            return by_number
    name = name_key(draft.name)
    return next(
        (
            contact
            for contact in contacts
            if name_key(contact.name) == name and (not contact.number or name_key(contact.number) == number)
        ),
        None,
    )


def _fail(context: RunContext, rows: Sequence[JournalEntity], message: str, tracker: SectionTracker) -> None:
    context.journal.apply(EntityChange(row.id, EntityState.FAILED, message=message) for row in rows)
    tracker.advance(failed=len(rows))


def _reload(context: RunContext, rows: Sequence[JournalEntity]) -> list[JournalEntity]:
    if not rows:
        return []
    wanted = {row.id for row in rows}
    return [row for row in context.journal.entities(context.run_id, rows[0].kind) if row.id in wanted]
