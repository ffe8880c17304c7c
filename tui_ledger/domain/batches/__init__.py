"""GL batch management (issue 5): the batch model, the guards of seeds 000 and 001, and reconcile — pure rules.

records          Batch, BatchRecord, RecordKey, DocumentRef — what a batch holds
search           parse_search: one box for invoice / expense / PO / freight / product / batch identifier
package          the copy in the accounting package and the void / delete / update-in-place choice
unbatch_rules    plan_unbatch: delete its own batch, or the PO endpoint; refusals for shared and closed ones
delete_rules     plan_delete: rebatch unbatched records first, never mix in pending ones, closed refused
rebatch_rules    plan_rebatch: re-create the original batch, or the PO endpoint
releases         what tui-ledger took out of a batch and decided about its copy
reconcile        compare ConnectWise with the package: kinds, standings, fixes
"""

from tui_ledger.domain.batches.delete_rules import DeletePlan, plan_delete
from tui_ledger.domain.batches.package import PackageAction, PackageCopy, PackageOptions, PackageSide, package_options
from tui_ledger.domain.batches.rebatch_rules import RebatchCandidate, RebatchMethod, RebatchPlan, plan_rebatch
from tui_ledger.domain.batches.reconcile import (
    Acceptance,
    DiscrepancyKind,
    Finding,
    Fix,
    LedgerDocument,
    LedgerState,
    ReconcileReport,
    Standing,
    reconcile,
)
from tui_ledger.domain.batches.records import Batch, BatchRecord, DocumentRef, RecordKey, RecordKind, RecordState
from tui_ledger.domain.batches.refusals import Alternative, Refusal
from tui_ledger.domain.batches.releases import CopyRef, Release, ReleaseWay, Settlement
from tui_ledger.domain.batches.search import PurchaseOrderPart, SearchError, SearchQuery, SearchTarget, parse_search
from tui_ledger.domain.batches.unbatch_rules import UnbatchMethod, UnbatchPlan, plan_unbatch

__all__ = [
    "Acceptance",
    "Alternative",
    "Batch",
    "BatchRecord",
    "CopyRef",
    "DeletePlan",
    "DiscrepancyKind",
    "DocumentRef",
    "Finding",
    "Fix",
    "LedgerDocument",
    "LedgerState",
    "PackageAction",
    "PackageCopy",
    "PackageOptions",
    "PackageSide",
    "PurchaseOrderPart",
    "RebatchCandidate",
    "RebatchMethod",
    "RebatchPlan",
    "ReconcileReport",
    "RecordKey",
    "RecordKind",
    "RecordState",
    "Refusal",
    "Release",
    "ReleaseWay",
    "SearchError",
    "SearchQuery",
    "SearchTarget",
    "Settlement",
    "Standing",
    "UnbatchMethod",
    "UnbatchPlan",
    "package_options",
    "parse_search",
    "plan_delete",
    "plan_rebatch",
    "plan_unbatch",
    "reconcile",
]
