"""Retrieved and checked documents as the Export screen shows them: Ready and Errors per document type (seed 004).

`ExportPreparation` (services/export/prepare.py) says what the checks found. The screen also needs what the user
decided since: a document that is "already in the package with different content" leaves the Errors pane once
the user chooses to link it or update it (DESIGN.md §5), and goes with Export All Valid like any Ready document.
`CheckedDocuments` holds both and answers every question a pane, a details table or the confirmation asks, so the
screens never recompute counts or totals themselves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from tui_ledger.domain.checks import (
    Blocked,
    NotSent,
    PlannedCreations,
    ProblemGroup,
    Ready,
    Resolution,
    Verdict,
    group_problems,
)
from tui_ledger.domain.checks.verdicts import Outcome
from tui_ledger.domain.documents import Document, DocumentKind
from tui_ledger.domain.money import total
from tui_ledger.services.export import ExportPreparation, resolvable
from tui_ledger.services.export.journal_rows import DocumentKey, document_key
from tui_ledger.services.retrieve import CurrencyTotal, totals_by_currency

CHOSEN = (Resolution.LINK, Resolution.UPDATE)
"""The choices that send a conflicting document; SKIP leaves it unposted, under Errors."""


@dataclass(frozen=True, slots=True)
class PaneFigures:
    """Count and totals of one pane; one total per currency, because amounts in two currencies never add up."""

    count: int
    by_currency: tuple[CurrencyTotal, ...]

    @property
    def total(self) -> Decimal:
        """Every amount added regardless of currency: exact only when there is one currency."""
        return total(part.total for part in self.by_currency)

    @classmethod
    def of(cls, verdicts: Iterable[Verdict]) -> PaneFigures:
        return cls.of_documents(verdict.document for verdict in verdicts)

    @classmethod
    def of_documents(cls, documents: Iterable[Document]) -> PaneFigures:
        listed = list(documents)
        return cls(len(listed), totals_by_currency(listed))


@dataclass(frozen=True, slots=True)
class ReadyBreakdown:
    """What the Ready documents of a type will become: sent, linked to a copy already there, or not sent at all."""

    send: int = 0
    link: int = 0
    update: int = 0
    not_sent: int = 0
    """Invoices without lines: marked batched in ConnectWise, nothing sent (seed 002)."""


@dataclass(frozen=True, slots=True)
class KindSelection:
    """The part of a selection of one document type, as the confirmation lists it."""

    kind: DocumentKind
    figures: PaneFigures
    breakdown: ReadyBreakdown


@dataclass(frozen=True, slots=True)
class SelectionSummary:
    """What an export is about to do (the confirmation, seed 004): per type, and what is created first."""

    target: str
    package: str
    kinds: tuple[KindSelection, ...]
    creations: PlannedCreations

    @property
    def count(self) -> int:
        return sum(part.figures.count for part in self.kinds)


@dataclass(frozen=True, slots=True)
class CheckedDocuments:
    """One Retrieve, checked against the package of `target`, with the user's choices for conflicting documents."""

    preparation: ExportPreparation
    target: str
    """The accounting company's name in the profile."""
    resolutions: Mapping[DocumentKey, Resolution] = field(default_factory=dict)

    @property
    def package(self) -> str:
        return self.preparation.package

    @property
    def kinds(self) -> tuple[DocumentKind, ...]:
        return self.preparation.retrieval.kinds

    def resolution_of(self, verdict: Verdict) -> Resolution | None:
        """The user's choice for a conflicting document; None for any other document."""
        if not resolvable(verdict):
            return None
        return self.resolutions.get(document_key(verdict.document))

    def is_ready(self, verdict: Verdict) -> bool:
        return isinstance(verdict, Ready | NotSent) or self.resolution_of(verdict) in CHOSEN

    def ready(self, kind: DocumentKind | None = None) -> tuple[Verdict, ...]:
        """The Ready pane, in retrieval order: checked Ready, invoices without lines, and conflicts chosen to send."""
        return tuple(verdict for verdict in self.preparation.of_kind(kind) if self.is_ready(verdict))

    def errors(self, kind: DocumentKind | None = None) -> tuple[Blocked, ...]:
        """The Errors pane: everything blocked that the user has not chosen to link or update."""
        return tuple(
            verdict
            for verdict in self.preparation.of_kind(kind)
            if isinstance(verdict, Blocked) and not self.is_ready(verdict)
        )

    def ready_figures(self, kind: DocumentKind | None = None) -> PaneFigures:
        return PaneFigures.of(self.ready(kind))

    def error_figures(self, kind: DocumentKind | None = None) -> PaneFigures:
        return PaneFigures.of(self.errors(kind))

    def groups(self, kind: DocumentKind | None = None) -> tuple[ProblemGroup, ...]:
        """The Errors pane's groups by kind of error, with counts, in a fixed order (seed 004)."""
        return group_problems(self.errors(kind), self.package)

    def breakdown(self, verdicts: Iterable[Verdict]) -> ReadyBreakdown:
        counts = {"send": 0, "link": 0, "update": 0, "not_sent": 0}
        for verdict in verdicts:
            resolution = self.resolution_of(verdict)
            if resolution is Resolution.UPDATE:
                counts["update"] += 1
            elif resolution is Resolution.LINK or verdict.outcome is Outcome.LINK:
                counts["link"] += 1
            elif verdict.outcome is Outcome.NOT_SENT:
                counts["not_sent"] += 1
            else:
                counts["send"] += 1
        return ReadyBreakdown(**counts)

    def summary(self, selected: Iterable[Verdict]) -> SelectionSummary:
        """Counts, totals and creations of a selection, per document type in the order they were retrieved."""
        chosen = list(selected)
        kinds = tuple(
            KindSelection(kind, PaneFigures.of(of_kind), self.breakdown(of_kind))
            for kind in self.kinds
            if (of_kind := [verdict for verdict in chosen if verdict.document.kind is kind])
        )
        return SelectionSummary(self.target, self.package, kinds, self.creations(chosen))

    def creations(self, selected: Iterable[Verdict]) -> PlannedCreations:
        """The customers, suppliers and products the selection needs created first."""
        return self.preparation.creations_for(selected)

    def resolutions_for(self, selected: Iterable[Verdict]) -> dict[DocumentKey, Resolution]:
        """The choices the run needs for the selected conflicting documents."""
        chosen: dict[DocumentKey, Resolution] = {}
        for verdict in selected:
            resolution = self.resolution_of(verdict)
            if resolution in CHOSEN:
                chosen[document_key(verdict.document)] = resolution
        return chosen

    def choose(self, verdict: Verdict, resolution: Resolution) -> CheckedDocuments:
        """The same documents with the user's choice for one conflicting document (SKIP clears an earlier one)."""
        if not resolvable(verdict):
            raise ValueError("only a document already in the package with different content takes a choice")
        chosen = dict(self.resolutions)
        chosen[document_key(verdict.document)] = resolution
        return replace(self, resolutions=chosen)

    def moved_to_ready(self, before: CheckedDocuments) -> tuple[Verdict, ...]:
        """Documents that were under Errors in `before` and are Ready now (fixed elsewhere, then Refresh)."""
        earlier = {document_key(verdict.document) for verdict in before.errors()}
        return tuple(verdict for verdict in self.ready() if document_key(verdict.document) in earlier)
