"""What one check returns, and the shape every check has.

Most checks only find problems, but two also plan work: the party and item checks name the contacts and items
to create (when Settings allow), and the duplicate check names package documents to link instead of creating.
One result type for all keeps the registry a flat list of functions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tui_ledger.domain.accounting import ContactDraft, ContactRecord, ItemDraft, RemoteDocument
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.problems import Problem
from tui_ledger.domain.plans import DocumentPlan, PlanPart


@dataclass(frozen=True, slots=True)
class Link:
    """A part of the plan already in the package with the same content: link it, do not create it (§5)."""

    part: PlanPart
    remote: RemoteDocument


@dataclass(frozen=True, slots=True)
class Findings:
    problems: tuple[Problem, ...] = ()
    contacts_to_create: tuple[ContactDraft, ...] = ()
    items_to_create: tuple[ItemDraft, ...] = ()
    links: tuple[Link, ...] = ()
    contact: ContactRecord | None = None
    """The package contact the documents go to, when it exists already."""


NOTHING = Findings()


def merge(found: Iterable[Findings]) -> Findings:
    """All findings of one document in one; linear in their number (most checks find NOTHING)."""
    problems_: list[Problem] = []
    contacts: list[ContactDraft] = []
    items: list[ItemDraft] = []
    links: list[Link] = []
    contact: ContactRecord | None = None
    for findings in found:
        if findings is NOTHING:
            continue
        problems_.extend(findings.problems)
        contacts.extend(findings.contacts_to_create)
        items.extend(findings.items_to_create)
        links.extend(findings.links)
        contact = contact or findings.contact
    return Findings(tuple(problems_), tuple(contacts), tuple(items), tuple(links), contact)


Check = Callable[[DocumentPlan, CheckContext], Findings]
"""A check: pure, reads the plan (and its PSA document) against the context, never raises for odd data."""


def problems(*found: Problem) -> Findings:
    return Findings(problems=found) if found else NOTHING
