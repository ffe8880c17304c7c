"""Is this planned document already in the package? The question §5 asks before every create.

The comparison is the checks' own (domain/checks/duplicates.py): same kind, contact, date, currency and total to the
cent is the same document, which is linked rather than created again. That is what makes a kill between "sent"
and "answer recorded" harmless: the resumed run finds its own earlier copy and links it. Anything else under the
number is a different document, reported with what differs and the choices the user has.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tui_ledger.domain.accounting import DocumentType, PackageCapabilities, RemoteDocument
from tui_ledger.domain.checks import Resolution
from tui_ledger.domain.checks.duplicates import ALL_CHOICES, Addressee, differences
from tui_ledger.domain.checks.labels import package_document_name
from tui_ledger.domain.checks.snapshot import code_key, name_key
from tui_ledger.domain.plans import PlannedDocument
from tui_ledger.store.journal_records import JournalPart


@dataclass(frozen=True, slots=True)
class SameDocument:
    """The package holds this very document: link it."""

    remote: RemoteDocument


@dataclass(frozen=True, slots=True)
class OtherDocument:
    """The package holds a different document under the number: the user links, updates or skips."""

    remote: RemoteDocument
    message: str
    choices: tuple[Resolution, ...]


Match = SameDocument | OtherDocument | None


def match_part(
    part: JournalPart,
    found: Iterable[RemoteDocument],
    capabilities: PackageCapabilities,
    contact_ids: frozenset[str] = frozenset(),
) -> Match:
    """What the package's documents (all carrying numbers the run asked for) say about `part`."""
    draft = part.draft
    if not draft.number:
        return None
    addressee = Addressee(ids=contact_ids, names=frozenset({name_key(draft.contact.name)}))
    numbered = [
        remote
        for remote in found
        if remote.document_type is draft.document_type and code_key(remote.number) == code_key(draft.number)
    ]
    if draft.document_type not in capabilities.unique_number_types:
        numbered = [remote for remote in numbered if addressee.named_on(remote)]
    if not numbered:
        return None
    planned = PlannedDocument(part=part.part, draft=draft, origins=())
    for remote in numbered:
        if not differences(planned, remote, addressee):
            return SameDocument(remote)
    remote = numbered[0]
    name = package_document_name(draft.document_type, capabilities.sales_credit_name)
    message = (
        f"{name} {draft.number} is already in {capabilities.display_name} with different content "
        f"({'; '.join(differences(planned, remote, addressee))})"
    )
    return OtherDocument(remote, message, (Resolution.SKIP,) if remote.status.is_gone else ALL_CHOICES)


def numbers_by_type(parts: Sequence[JournalPart]) -> dict[DocumentType, list[str]]:
    """The distinct numbers to look up, per document type, in part order."""
    wanted: dict[DocumentType, dict[str, None]] = {}
    for part in parts:
        if part.draft.number:
            wanted.setdefault(part.document_type, {})[part.draft.number] = None
    return {document_type: list(numbers) for document_type, numbers in wanted.items()}
