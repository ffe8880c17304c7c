"""The outcome of checking one document, as the Export screen and the export run use it.

- `Ready`: send it. It may carry warnings, contacts and items to create first, and links: parts already in the
  package with the same content, which are linked instead of created. When every part is linked the outcome
  is LINK: nothing is created, the document is only marked batched.
- `NotSent`: an invoice without lines. Packages refuse them and they are always zero, so seed 002 marks them
  batched without sending and logs `log_text`.
- `Blocked`: at least one blocking problem; it stays unposted and is listed under Errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.accounting import ContactDraft, ContactRecord, ItemDraft
from tui_ledger.domain.checks.findings import Link
from tui_ledger.domain.checks.problems import Problem
from tui_ledger.domain.documents import Document
from tui_ledger.domain.plans import DocumentPlan, PlannedDocument


class Outcome(StrEnum):
    SEND = "send"
    LINK = "link"
    NOT_SENT = "not_sent"
    """Mark batched in ConnectWise without sending anything (seed 002)."""
    BLOCKED = "blocked"


def no_lines_log_text(package_display_name: str) -> str:
    """Seed 002's task-log line for an invoice without lines."""
    return f"Invoice has no lines - not sent to {package_display_name}"


@dataclass(frozen=True, slots=True)
class Ready:
    plan: DocumentPlan
    contacts_to_create: tuple[ContactDraft, ...] = ()
    items_to_create: tuple[ItemDraft, ...] = ()
    links: tuple[Link, ...] = ()
    warnings: tuple[Problem, ...] = ()
    contact: ContactRecord | None = None
    """The package contact the document goes to, when it exists already."""

    @property
    def document(self) -> Document:
        return self.plan.document

    @property
    def outcome(self) -> Outcome:
        return Outcome.LINK if self.links and not self.parts_to_create else Outcome.SEND

    @property
    def parts_to_create(self) -> tuple[PlannedDocument, ...]:
        linked = {link.part for link in self.links}
        return tuple(part for part in self.plan.parts if part.part not in linked)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.warnings

    @property
    def total(self) -> Decimal:
        return self.plan.document.total


@dataclass(frozen=True, slots=True)
class NotSent:
    plan: DocumentPlan
    log_text: str

    outcome = Outcome.NOT_SENT

    @property
    def document(self) -> Document:
        return self.plan.document

    @property
    def problems(self) -> tuple[Problem, ...]:
        return ()

    @property
    def total(self) -> Decimal:
        return self.plan.document.total


@dataclass(frozen=True, slots=True)
class Blocked:
    plan: DocumentPlan
    problems: tuple[Problem, ...]

    outcome = Outcome.BLOCKED

    @property
    def document(self) -> Document:
        return self.plan.document

    @property
    def blocking(self) -> tuple[Problem, ...]:
        return tuple(problem for problem in self.problems if problem.blocking)

    @property
    def total(self) -> Decimal:
        return self.plan.document.total


Verdict = Ready | NotSent | Blocked
