"""Retrieve and check: from the filter to Ready, Not sent and Errors per document type (seed 004's results).

The Export screen and the headless command both start here. The documents are planned once (to learn which
numbers to look up in the package, and then checked as planned), the package's reference data is read, and every
document is checked against it (domain/checks). Refresh is the same call again: a document fixed elsewhere moves
from Errors to Ready.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.ports import PsaReader
from tui_ledger.domain.checks import (
    Blocked,
    CheckKind,
    NotSent,
    PackageSnapshot,
    PlannedCreations,
    ProblemGroup,
    Ready,
    Verdict,
    check_documents,
    group_problems,
    planned_creations,
)
from tui_ledger.domain.documents import Document, DocumentKind
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import total
from tui_ledger.domain.plans import PlanContext, numbers_to_look_up, plan_documents
from tui_ledger.services.export.snapshot import read_package_snapshot
from tui_ledger.services.progress import ProgressSink, ignore_progress
from tui_ledger.services.retrieve import Retrieval, retrieve_documents

Sendable = Ready | NotSent
"""What Export All Valid sends: Ready documents, and invoices without lines marked batched unsent (seed 002)."""


@dataclass(frozen=True, slots=True)
class PaneSummary:
    """Count and total of one pane (Ready or Errors) of one document type."""

    count: int
    total: Decimal


def summarize(verdicts: Iterable[Verdict]) -> PaneSummary:
    listed = list(verdicts)
    return PaneSummary(len(listed), total(verdict.total for verdict in listed))


@dataclass(frozen=True, slots=True)
class ExportPreparation:
    """One Retrieve, checked: every document's verdict in retrieval order, and what the package holds."""

    retrieval: Retrieval
    snapshot: PackageSnapshot
    plans: PlanContext
    verdicts: tuple[Verdict, ...]

    @property
    def package(self) -> str:
        return self.snapshot.package_name

    def of_kind(self, kind: DocumentKind | None = None) -> tuple[Verdict, ...]:
        return tuple(verdict for verdict in self.verdicts if kind is None or verdict.document.kind is kind)

    def sendable(self, kind: DocumentKind | None = None) -> tuple[Sendable, ...]:
        """The Ready pane: documents to send or link, and invoices without lines."""
        return tuple(verdict for verdict in self.of_kind(kind) if isinstance(verdict, Ready | NotSent))

    def blocked(self, kind: DocumentKind | None = None) -> tuple[Blocked, ...]:
        """The Errors pane."""
        return tuple(verdict for verdict in self.of_kind(kind) if isinstance(verdict, Blocked))

    def ready_summary(self, kind: DocumentKind | None = None) -> PaneSummary:
        return summarize(self.sendable(kind))

    def errors_summary(self, kind: DocumentKind | None = None) -> PaneSummary:
        return summarize(self.blocked(kind))

    def problem_groups(self, kind: DocumentKind | None = None) -> tuple[ProblemGroup, ...]:
        """The Errors pane's groups, by kind of error, with counts (seed 004)."""
        return group_problems(self.blocked(kind), self.package)

    def creations_for(self, selected: Iterable[Verdict]) -> PlannedCreations:
        """The customers, suppliers and products a selection needs created first (the confirmation shows them)."""
        return planned_creations(selected)

    def verdict_of(self, document: Document) -> Verdict | None:
        return next((verdict for verdict in self.verdicts if verdict.document == document), None)


def resolvable(verdict: Verdict) -> bool:
    """A Blocked document whose only blocking problem is "already in the package": link / update / skip apply."""
    return isinstance(verdict, Blocked) and all(
        problem.kind is CheckKind.ALREADY_IN_PACKAGE for problem in verdict.blocking
    )


async def prepare_export(
    psa: PsaReader,
    connector: AccountingConnector,
    unposted: UnpostedFilter,
    plans: PlanContext,
    progress: ProgressSink = ignore_progress,
) -> ExportPreparation:
    """Retrieve the unposted documents the filter asks for and check each against the package."""
    retrieval = await retrieve_documents(psa, unposted, progress)
    documents = [document for result in retrieval.by_kind.values() for document in result.documents]
    planned = plan_documents(documents, plans)
    snapshot = await read_package_snapshot(connector, numbers_to_look_up(planned))
    return ExportPreparation(
        retrieval=retrieval,
        snapshot=snapshot,
        plans=plans,
        verdicts=check_documents(documents, snapshot, plans, planned=planned),
    )
