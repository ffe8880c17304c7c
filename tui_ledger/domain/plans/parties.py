"""The customer, supplier and product drafts a plan needs if the package lacks them.

A party is keyed by its ConnectWise identifier (the company or vendor identifier, an expense's member), which
the package keeps as the contact's number so that a later run finds the same contact even after a rename.
Contact and item keys carry no attempt: creating "Acme" again must replay, never create "Acme" twice.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from tui_ledger.domain.accounting import ContactDraft, ItemDraft, PartyRef, PartyRole
from tui_ledger.domain.documents import Reference
from tui_ledger.domain.plans.keys import IdempotencyKey, KeySubject
from tui_ledger.domain.plans.model import DocumentPlan, PlanContext


def party_key(reference: Reference) -> str:
    """The stable PSA key of a party: its identifier, else its id, else its name; empty when it has none."""
    if reference.identifier and reference.identifier.strip():
        return reference.identifier.strip()
    if reference.id is not None:
        return str(reference.id)
    return (reference.name or "").strip()


def party_name(reference: Reference) -> str:
    """The name the package shows: the PSA name, else the identifier."""
    return (reference.name or reference.identifier or "").strip()


def addressed_to(plan: DocumentPlan, contact: PartyRef) -> DocumentPlan:
    """The plan with every part addressed to `contact`, the package's own record of the party.

    Drafts name their contact by the ConnectWise name. Where the package holds the party under another name (found
    by number after a rename there), that name finds nobody: Xero would make a second contact of it and QuickBooks
    refuses the document. Addressed by the package's id and name, the documents land on the contact that is there.
    """
    parts = tuple(replace(part, draft=replace(part.draft, contact=contact)) for part in plan.parts)
    return replace(plan, parts=parts)


def contact_draft(
    reference: Reference, role: PartyRole, context: PlanContext, currency: str | None
) -> ContactDraft | None:
    """The contact to create for `reference`, in the currency of the document it is created for; None when the PSA
    names no party at all."""
    return _contact_draft(reference, role, context.profile, context.target, (currency or "").strip().upper() or None)


@lru_cache(maxsize=4096)
def _contact_draft(
    reference: Reference, role: PartyRole, profile: str, target: str, currency: str | None
) -> ContactDraft | None:
    """Cached: a run plans thousands of documents for a few hundred parties, and the draft is a pure value."""
    name = party_name(reference)
    key = party_key(reference)
    if not name or not key:
        return None
    idempotency = IdempotencyKey(profile, target, KeySubject.CONTACT, f"{role.value}-{key}")
    number = reference.identifier.strip() if reference.identifier and reference.identifier.strip() else None
    return ContactDraft(name=name, role=role, idempotency_key=str(idempotency), number=number, currency=currency)


def item_draft(
    code: str,
    description: str,
    context: PlanContext,
    *,
    sales_account_code: str | None = None,
    purchase_account_code: str | None = None,
) -> ItemDraft:
    """A product named by its ConnectWise identifier, posting to the account of the line that first used it."""
    return _item_draft(code, description, context.profile, context.target, sales_account_code, purchase_account_code)


@lru_cache(maxsize=4096)
def _item_draft(
    code: str,
    description: str,
    profile: str,
    target: str,
    sales_account_code: str | None,
    purchase_account_code: str | None,
) -> ItemDraft:
    """Cached: every invoice line names a product, and a catalog has a few hundred; the draft is a pure value."""
    idempotency = IdempotencyKey(profile, target, KeySubject.ITEM, code)
    return ItemDraft(
        code=code,
        name=code,
        idempotency_key=str(idempotency),
        description=description or None,
        sales_account_code=sales_account_code,
        purchase_account_code=purchase_account_code,
    )


def unique_items(items: list[ItemDraft]) -> tuple[ItemDraft, ...]:
    """One draft per item code, the first use winning, in order of first use."""
    seen: dict[str, ItemDraft] = {}
    for item in items:
        seen.setdefault(item.code.casefold(), item)
    return tuple(seen.values())
