"""The contacts and items a run creates before its documents, once each.

Many invoices of one new customer each plan that customer's creation; the run must create it once, before
the first invoice that needs it (issue 4: sections Customers, Suppliers, Products come before Invoices).
Drafts of one party share one idempotency key, so the key is what makes them one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui_ledger.domain.accounting import ContactDraft, ItemDraft, PartyRole
from tui_ledger.domain.checks.verdicts import Ready, Verdict


@dataclass(frozen=True, slots=True)
class PlannedCreations:
    customers: tuple[ContactDraft, ...]
    suppliers: tuple[ContactDraft, ...]
    items: tuple[ItemDraft, ...]


def planned_creations(verdicts: Iterable[Verdict]) -> PlannedCreations:
    """Every contact and item the Ready documents need created, once each, in order of first need."""
    contacts: dict[str, ContactDraft] = {}
    items: dict[str, ItemDraft] = {}
    for verdict in verdicts:
        if not isinstance(verdict, Ready):
            continue
        for contact in verdict.contacts_to_create:
            contacts.setdefault(contact.idempotency_key, contact)
        for item in verdict.items_to_create:
            items.setdefault(item.idempotency_key, item)
    return PlannedCreations(
        customers=tuple(draft for draft in contacts.values() if draft.role is PartyRole.CUSTOMER),
        suppliers=tuple(draft for draft in contacts.values() if draft.role is PartyRole.SUPPLIER),
        items=tuple(items.values()),
    )
