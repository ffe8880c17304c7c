"""Errors grouped by kind with counts, for the Errors pane (seed 004: "grouped into all different types of errors").

Groups come in the fixed order of `CheckKind`, so the pane does not reshuffle on Refresh; documents within a
group keep the order they were retrieved in. A document with two kinds of problem appears in both groups;
its total counts once per group.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from tui_ledger.domain.checks.problems import CheckKind, Problem
from tui_ledger.domain.checks.verdicts import Blocked, Verdict
from tui_ledger.domain.documents import Document
from tui_ledger.domain.money import total


@dataclass(frozen=True, slots=True)
class GroupEntry:
    document: Document
    problems: tuple[Problem, ...]
    """This document's problems of the group's kind."""


@dataclass(frozen=True, slots=True)
class ProblemGroup:
    kind: CheckKind
    title: str
    entries: tuple[GroupEntry, ...]

    @property
    def document_count(self) -> int:
        return len(self.entries)

    @property
    def problem_count(self) -> int:
        return sum(len(entry.problems) for entry in self.entries)

    @property
    def total(self) -> Decimal:
        return total(entry.document.total for entry in self.entries)


def group_problems(
    verdicts: Iterable[Verdict], package: str, *, include_warnings: bool = False
) -> tuple[ProblemGroup, ...]:
    """The problems of Blocked documents grouped by kind, in `CheckKind` order; warnings only when asked."""
    by_kind: dict[CheckKind, list[GroupEntry]] = {}
    for verdict in verdicts:
        if not isinstance(verdict, Blocked):
            continue
        per_kind: dict[CheckKind, list[Problem]] = {}
        for problem in verdict.problems:
            if problem.blocking or include_warnings:
                per_kind.setdefault(problem.kind, []).append(problem)
        for kind, found in per_kind.items():
            by_kind.setdefault(kind, []).append(GroupEntry(verdict.document, tuple(found)))
    return tuple(
        ProblemGroup(kind=kind, title=kind.title(package), entries=tuple(by_kind[kind]))
        for kind in sorted(by_kind, key=lambda kind: kind.order)
    )
