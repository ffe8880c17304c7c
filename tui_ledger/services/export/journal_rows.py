"""From the user's selection to the journal rows written before anything is sent (DESIGN.md §5 step 1).

Everything a resume needs is decided here, once: the drafts with their deterministic idempotency keys, the
parts already linked by the checks, the entities to create and who depends on them, and the GL batch identifier
(seed 000: `I508:K3J9QX2A`), whose random part must never be drawn twice for one document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from tui_ledger.domain.accounting import PartyRole
from tui_ledger.domain.batch_identifier import BatchIdentifier, random_suffix
from tui_ledger.domain.checks import Blocked, CheckKind, NotSent, Ready, Resolution, Verdict, planned_creations
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.domain.documents import Document, DocumentKind, UnpostedExpense, UnpostedInvoice
from tui_ledger.domain.plans.parties import party_name
from tui_ledger.store.journal_records import EntityKind, NewDocument, NewEntity, NewPart

DocumentKey = tuple[DocumentKind, int]
"""A PSA document across runs: its kind and ConnectWise id."""


class SelectionError(ValueError):
    """A document was selected that the run cannot take (it has errors the user cannot resolve here)."""


def psa_id(document: Document) -> int:
    """The ConnectWise id the journal and the idempotency keys use: billing log, expense or PO id."""
    if isinstance(document, UnpostedInvoice):
        return document.invoice_id
    if isinstance(document, UnpostedExpense):
        return document.expense_id
    return document.po_id


def document_key(document: Document) -> DocumentKey:
    return (document.kind, psa_id(document))


def batch_identifier(document: Document, random: Callable[[int], str] = random_suffix) -> str:
    """`I<number>:…`, `E<expense><member>:…`, `P<PO>:…`: the label finds the document in the package (seed 000)."""
    if isinstance(document, UnpostedInvoice):
        return str(BatchIdentifier.build(DocumentKind.INVOICE, document.number, random=random))
    if isinstance(document, UnpostedExpense):
        built = BatchIdentifier.build(
            DocumentKind.EXPENSE, str(document.expense_id), document.member_identifier, random=random
        )
        return str(built)
    return str(BatchIdentifier.build(DocumentKind.PROCUREMENT, document.po_number, random=random))


@dataclass(frozen=True, slots=True)
class JournalRows:
    entities: tuple[NewEntity, ...]
    documents: tuple[NewDocument, ...]


def journal_rows(
    selected: Iterable[Verdict],
    resolutions: Mapping[DocumentKey, Resolution] | None = None,
    *,
    random: Callable[[int], str] = random_suffix,
) -> JournalRows:
    """Rows for the selected verdicts, in selection order.

    Ready and NotSent documents go as they are. A Blocked document goes only when its sole problem is a different
    document under its number in the package and the user chose link or update for it; anything else Blocked is
    refused with a `SelectionError` naming it, because sending it would only fail in the package.
    """
    chosen = dict(resolutions or {})
    verdicts = list(selected)
    documents: list[NewDocument] = []
    for verdict in verdicts:
        if isinstance(verdict, Blocked):
            documents.append(_resolved(verdict, chosen.get(document_key(verdict.document)), random))
        elif isinstance(verdict, NotSent):
            documents.append(_row(verdict.document, (), (), random, message=verdict.log_text))
        else:
            documents.append(_ready(verdict, random))
    creations = planned_creations(verdicts)
    entities = (
        *(NewEntity(EntityKind.CUSTOMER, draft) for draft in creations.customers),
        *(NewEntity(EntityKind.SUPPLIER, draft) for draft in creations.suppliers),
        *(NewEntity(EntityKind.PRODUCT, draft) for draft in creations.items),
    )
    return JournalRows(entities=entities, documents=tuple(documents))


def _ready(verdict: Ready, random: Callable[[int], str]) -> NewDocument:
    links = {link.part: link.remote for link in verdict.links}
    parts = tuple(
        NewPart(
            part=part.part,
            draft=part.draft,
            linked=(links[part.part].target_id, links[part.part].number) if part.part in links else None,
        )
        for part in verdict.plan.parts
    )
    depends_on = tuple(
        [draft.idempotency_key for draft in verdict.contacts_to_create]
        + [draft.idempotency_key for draft in verdict.items_to_create]
    )
    return _row(verdict.document, parts, depends_on, random)


def _resolved(verdict: Blocked, resolution: Resolution | None, random: Callable[[int], str]) -> NewDocument:
    label = document_label(verdict.document)
    if any(problem.kind is not CheckKind.ALREADY_IN_PACKAGE for problem in verdict.blocking):
        kinds = ", ".join(sorted({problem.kind.value for problem in verdict.blocking}))
        raise SelectionError(f"{label} has errors to fix before it can be exported ({kinds})")
    if resolution not in (Resolution.LINK, Resolution.UPDATE):
        raise SelectionError(f"{label} is already in the package with different content: choose link or update first")
    parts = tuple(NewPart(part=part.part, draft=part.draft) for part in verdict.plan.parts)
    return _row(verdict.document, parts, (), random, resolution=resolution)


def _row(
    document: Document,
    parts: tuple[NewPart, ...],
    depends_on: tuple[str, ...],
    random: Callable[[int], str],
    *,
    message: str = "",
    resolution: Resolution | None = None,
) -> NewDocument:
    role = PartyRole.CUSTOMER if isinstance(document, UnpostedInvoice) else PartyRole.SUPPLIER
    return NewDocument(
        kind=document.kind,
        psa_id=psa_id(document),
        number=document.document_number,
        counterparty=party_name(document.counterparty) or role.value,
        document_date=document.document_date,
        total=document.total,
        currency=document.currency,
        batch_identifier=batch_identifier(document, random),
        gl_entry_ids=tuple(document.gl_entry_ids),
        parts=parts,
        depends_on=depends_on,
        message=message,
        resolution=resolution,
    )
