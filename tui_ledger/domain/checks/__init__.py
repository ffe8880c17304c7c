"""Checks: each retrieved PSA document → Ready, NotSent (no lines) or Blocked with typed problems (issue 4 part 1).

Entry points: `check_documents` for a run, `check_document` with a `CheckContext` for one document (Refresh),
`group_problems` for the Errors pane. `PackageSnapshot.of(...)` holds the package's reference data.
One module per family of checks; `registry.CHECKS` lists them in order.
"""

from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.creations import PlannedCreations, planned_creations
from tui_ledger.domain.checks.findings import Check, Findings, Link
from tui_ledger.domain.checks.grouping import GroupEntry, ProblemGroup, group_problems
from tui_ledger.domain.checks.problems import CheckKind, Fix, FixPlace, Problem, Resolution
from tui_ledger.domain.checks.registry import CHECKS, check_document, check_documents
from tui_ledger.domain.checks.snapshot import PackageSnapshot
from tui_ledger.domain.checks.verdicts import Blocked, NotSent, Outcome, Ready, Verdict, no_lines_log_text

__all__ = [
    "CHECKS",
    "Blocked",
    "Check",
    "CheckContext",
    "CheckKind",
    "Findings",
    "Fix",
    "FixPlace",
    "GroupEntry",
    "Link",
    "NotSent",
    "Outcome",
    "PackageSnapshot",
    "PlannedCreations",
    "Problem",
    "ProblemGroup",
    "Ready",
    "Resolution",
    "Verdict",
    "check_document",
    "check_documents",
    "group_problems",
    "no_lines_log_text",
    "planned_creations",
]
