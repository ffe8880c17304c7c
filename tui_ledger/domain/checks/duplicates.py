"""Documents already in the package: same content → link it; different → an Error offering link/update/skip.

DESIGN.md §5 step 2: before creating, the run looks each target number up in the package. A copy with the same
content is this document exported before (by a run that crashed before marking it batched, or by hand): it is
linked, never created twice. A different document under the number is shown with what differs, so the user
chooses to link it anyway, update it in place, or skip. Bills are not unique by number (one vendor's bill 984
says nothing about another's), so only bills to the same supplier count.

"Same content" is deliberately the part a reader of both systems would compare: the kind of document, the
contact, the date, the currency and the total to the cent; a voided or deleted copy is never the same. The
contact is the same when the package's document names the package contact this party resolves to (by id or
its current name, which may have been renamed there) or the party's ConnectWise name.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui_ledger.domain.accounting import RemoteDocument
from tui_ledger.domain.checks.context import CheckContext
from tui_ledger.domain.checks.findings import NOTHING, Findings, Link
from tui_ledger.domain.checks.labels import document_label, package_document_name
from tui_ledger.domain.checks.parties_index import party_of
from tui_ledger.domain.checks.party_match import MatchState, match_contact
from tui_ledger.domain.checks.problems import CheckKind, Problem, Resolution
from tui_ledger.domain.checks.snapshot import name_key
from tui_ledger.domain.money import format_money, to_money
from tui_ledger.domain.plans import DocumentPlan, PlannedDocument
from tui_ledger.domain.plans.parties import party_name

ALL_CHOICES = (Resolution.LINK, Resolution.UPDATE, Resolution.SKIP)


@dataclass(frozen=True, slots=True)
class Addressee:
    """Who the plan's documents go to, as a package document may name them: contact ids and names."""

    ids: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, plan: DocumentPlan, context: CheckContext) -> Addressee:
        _, reference = party_of(plan.document)
        names = {name_key(party_name(reference))}
        ids: set[str] = set()
        match = match_contact(plan, context.snapshot)
        if match.record is not None and match.state in (MatchState.FOUND, MatchState.FOUND_BY_NAME):
            ids.add(match.record.id)
            names.add(name_key(match.record.name))
        return cls(frozenset(ids), frozenset(names))

    def named_on(self, remote: RemoteDocument) -> bool:
        return (remote.contact.id is not None and remote.contact.id in self.ids) or (
            name_key(remote.contact.name) in self.names
        )


def differences(part: PlannedDocument, remote: RemoteDocument, addressee: Addressee) -> tuple[str, ...]:
    """What differs between the planned document and the package's, in words; empty when it is the same."""
    draft = part.draft
    found: list[str] = []
    if remote.status.is_gone:
        found.append(f"{remote.status.value} there")
    if not addressee.named_on(remote):
        found.append(f"contact '{remote.contact.label}' there, '{draft.contact.label}' here")
    if remote.issue_date is not None and remote.issue_date != draft.issue_date:
        found.append(f"dated {remote.issue_date.isoformat()} there, {draft.issue_date.isoformat()} here")
    if remote.currency and draft.currency and remote.currency.upper() != draft.currency.upper():
        found.append(f"in {remote.currency} there, {draft.currency} here")
    if to_money(remote.total) != part.total:
        found.append(f"total {format_money(remote.total)} there, {format_money(part.total)} here")
    return tuple(found)


def candidates(part: PlannedDocument, context: CheckContext, addressee: Addressee) -> tuple[RemoteDocument, ...]:
    draft = part.draft
    if not draft.number:
        return ()
    found = context.snapshot.documents_numbered(draft.document_type, draft.number)
    if draft.document_type in context.snapshot.capabilities.unique_number_types:
        return found
    return tuple(remote for remote in found if addressee.named_on(remote))


def already_there(
    part: PlannedDocument, remote: RemoteDocument, addressee: Addressee, label: str, context: CheckContext
) -> Problem:
    name = package_document_name(part.draft.document_type, context.snapshot.capabilities.sales_credit_name)
    number = part.draft.number
    if remote.status.is_gone:
        fix = context.in_package(
            f"{name} {number} is {remote.status.value} there and keeps its number: skip this document, or give it "
            "another number in ConnectWise"
        )
    else:
        fix = context.in_package(f"compare {name} {number} there, then link it, update it from ConnectWise, or skip")
    return Problem(
        kind=CheckKind.ALREADY_IN_PACKAGE,
        message=f"{label}: {name} {number} is already in {context.package} with different content "
        f"({'; '.join(differences(part, remote, addressee))})",
        fix=fix,
        value=number,
        choices=(Resolution.SKIP,) if remote.status.is_gone else ALL_CHOICES,
    )


def check_already_in_package(plan: DocumentPlan, context: CheckContext) -> Findings:
    if not any(context.snapshot.documents_numbered(p.draft.document_type, p.draft.number or "") for p in plan.parts):
        return NOTHING
    label = document_label(plan.document)
    addressee = Addressee.of(plan, context)
    links: list[Link] = []
    found: list[Problem] = []
    for part in plan.parts:
        remotes = candidates(part, context, addressee)
        if not remotes:
            continue
        same = next((remote for remote in remotes if not differences(part, remote, addressee)), None)
        if same is not None:
            links.append(Link(part.part, same))
            continue
        found.append(already_there(part, remotes[0], addressee, label, context))
    return Findings(problems=tuple(found), links=tuple(links))
