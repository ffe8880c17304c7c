"""Running the checks on one document the way a run does, and reading the result."""

from __future__ import annotations

from collections.abc import Sequence

from tests.domain.plans.builders import context, snapshot
from tui_ledger.domain.checks import CheckKind, PackageSnapshot, Problem, Verdict, check_documents
from tui_ledger.domain.documents import Document
from tui_ledger.domain.plans import PlanContext


def verdict(
    document: Document,
    package: PackageSnapshot | None = None,
    plans: PlanContext | None = None,
    *,
    alongside: Sequence[Document] = (),
) -> Verdict:
    """The verdict of `document`, checked in one run with `alongside`."""
    chosen = package or snapshot()
    return check_documents([document, *alongside], chosen, plans or context(chosen.capabilities))[0]


def problems_of(result: Verdict, kind: CheckKind) -> tuple[Problem, ...]:
    return tuple(problem for problem in result.problems if problem.kind is kind)


def kinds(result: Verdict) -> list[CheckKind]:
    return [problem.kind for problem in result.problems]
