"""What every check reads: the package snapshot, the plan context, the run's parties, and how to say "fix it there"."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui_ledger.domain.checks.parties_index import RunParties
from tui_ledger.domain.checks.problems import Fix, FixPlace
from tui_ledger.domain.checks.snapshot import PackageSnapshot
from tui_ledger.domain.documents import Document
from tui_ledger.domain.plans import PlanContext

CONNECTWISE = "ConnectWise"
SETTINGS = "Settings"


@dataclass(frozen=True, slots=True)
class CheckContext:
    snapshot: PackageSnapshot
    plans: PlanContext
    parties: RunParties

    @classmethod
    def for_run(cls, documents: Iterable[Document], snapshot: PackageSnapshot, plans: PlanContext) -> CheckContext:
        """A context for checking `documents` together (name collisions are looked for across all of them)."""
        separate = snapshot.capabilities.suppliers_separate_from_customers
        return cls(snapshot, plans, RunParties.of(documents, suppliers_separate_from_customers=separate))

    @property
    def package(self) -> str:
        return self.snapshot.package_name

    def in_connectwise(self, instruction: str) -> Fix:
        return Fix(FixPlace.CONNECTWISE, CONNECTWISE, instruction)

    def in_package(self, instruction: str) -> Fix:
        return Fix(FixPlace.PACKAGE, self.package, instruction)

    def in_settings(self, instruction: str) -> Fix:
        return Fix(FixPlace.SETTINGS, SETTINGS, instruction)
