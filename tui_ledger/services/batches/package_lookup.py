"""Where each document is in the accounting package: its copies, found by number (seed 000).

One `find_documents` call per document type and chunk of numbers (the package's `numbers_per_lookup`), whatever
the number of documents, so reconcile over a month of batches stays within Xero's 60 calls a minute.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tui_ledger.domain.accounting import DocumentType, RemoteDocument
from tui_ledger.domain.batches.package import PackageCopy, PackageSide
from tui_ledger.domain.batches.package_numbers import package_lookups
from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.services.batches.context import BatchContext


def package_copy(remote: RemoteDocument) -> PackageCopy:
    return PackageCopy(
        document_type=remote.document_type,
        target_id=remote.target_id,
        number=remote.number,
        status=remote.status,
        total=remote.total,
        currency=remote.currency,
        contact=remote.contact.label or None,
    )


def _key(number: str | None) -> str:
    return (number or "").strip().casefold()


async def package_sides(context: BatchContext, documents: Sequence[DocumentRef]) -> dict[DocumentRef, PackageSide]:
    """Every document's copies in the package; not looked up (and said so) when no package is connected."""
    package, capabilities = context.package, context.capabilities
    name = context.package_name
    if package is None or capabilities is None:
        return {document: PackageSide(document, looked_up=False, package=name) for document in documents}
    wanted: dict[DocumentType, dict[str, None]] = defaultdict(dict)
    lookups = {document: package_lookups(document, context.options, capabilities) for document in documents}
    for found in lookups.values():
        for document_type, number in found:
            wanted[document_type][number] = None
    copies: dict[tuple[DocumentType, str], list[PackageCopy]] = defaultdict(list)
    step = max(capabilities.numbers_per_lookup, 1)
    for document_type, numbers in wanted.items():
        chosen = list(numbers)
        for start in range(0, len(chosen), step):
            for remote in await package.find_documents(document_type, chosen[start : start + step]):
                copies[(remote.document_type, _key(remote.number))].append(package_copy(remote))
    sides: dict[DocumentRef, PackageSide] = {}
    for document, found in lookups.items():
        held: dict[str, PackageCopy] = {}
        for document_type, number in found:
            for copy in copies.get((document_type, _key(number)), []):
                held.setdefault(copy.target_id, copy)
        sides[document] = PackageSide(document, looked_up=True, package=name, copies=tuple(held.values()))
    return sides


async def package_side(context: BatchContext, document: DocumentRef) -> PackageSide:
    return (await package_sides(context, [document]))[document]
