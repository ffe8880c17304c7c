"""The target numbers a run looks up in the package before checking (DESIGN.md §5 step 2).

The duplicate check needs the package's documents carrying the plans' numbers, and those numbers exist only
once the plans are built (prefix, suffix, `-CR`). So a run plans first, asks the package for these numbers
per document type (the connector's `find_documents`), and hands what it found to the snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable

from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.plans.model import DocumentPlan


def numbers_to_look_up(plans: Iterable[DocumentPlan]) -> dict[DocumentType, tuple[str, ...]]:
    """Each document type's distinct target numbers, in order of first appearance."""
    numbers: dict[DocumentType, dict[str, None]] = {}
    for plan in plans:
        for part in plan.parts:
            if part.draft.number:
                numbers.setdefault(part.draft.document_type, {})[part.draft.number] = None
    return {document_type: tuple(found) for document_type, found in numbers.items()}
