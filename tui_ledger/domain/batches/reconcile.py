"""Do ConnectWise's batches and the accounting package agree? (competitors.md §3.5)

Per document (an invoice, an expense, a purchase order), ConnectWise says batched or unposted and gives an
amount; the package holds zero, one or more copies under the document's target number. The comparison sorts
each document into a standing, and each disagreement into a kind with the fixes that make both sides agree:

| kind                    | ConnectWise          | package                                 | fixes                   |
|-------------------------|----------------------|-----------------------------------------|-------------------------|
| MISSING_IN_PACKAGE      | batched (or partly)  | no live copy                            | RESEND, ACCEPT          |
| ALREADY_IN_PACKAGE      | unposted (or partly) | one copy, same amount                   | LINK                    |
| AMOUNT_DIFFERS          | batched              | one copy, another amount                | RESEND (update), ACCEPT |
| AMOUNT_DIFFERS          | unposted (or partly) | one copy, another amount                | MARK_UPDATE             |
| NUMBER_TAKEN            | any                  | copy of another customer/supplier       | none (renumber or fix)  |
| DUPLICATED_IN_PACKAGE   | any                  | two or more live copies                 | none (remove extras)    |

- LINK: put the document in a batch in ConnectWise without sending it (the package has it already);
- RESEND: take it out of its batch (its own batch deleted, or the PO unbatch endpoint) so the next export sends
  it — as a new copy, or as an update in place of the differing one;
- MARK_UPDATE: mark it so the next export updates the differing copy instead of refusing or duplicating it;
- ACCEPT: record that this exact difference is known and right (e.g. adjusted in the package on purpose); it is
  shown as accepted until either amount changes.

Not disagreements: unposted and not in the package (waiting for the export), an open "update in place" mark
(waiting for the export to update), a zero-amount document (an invoice without lines is batched without being
sent, seed 002), and accepted differences. Closed batches are read-only: only ACCEPT is offered there.
Pure rules: no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.batches.package import PackageCopy, PackageSide
from tui_ledger.domain.batches.records import DocumentRef, RecordKey
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import ZERO, format_money


class LedgerState(StrEnum):
    BATCHED = "batched"
    UNPOSTED = "unposted"
    PARTLY = "partly batched"
    """Some records of the document batched, others back on the Unposted tabs (a PO line being edited)."""


@dataclass(frozen=True, slots=True)
class LedgerDocument:
    """ConnectWise's side of one document."""

    document: DocumentRef
    amount: Decimal
    currency: str | None = None
    party: str | None = None
    batched: tuple[RecordKey, ...] = ()
    unposted: tuple[RecordKey, ...] = ()
    batches: tuple[str, ...] = ()
    """Identifiers of the batches holding its batched records."""
    closed: bool = False
    """One of its batches is closed (read-only)."""
    alone_in_batch: bool = True
    """Its batched records are alone in their batch (tui-ledger's one batch per document), so deleting that
    batch touches nothing else. Purchase orders have their own unbatch endpoint and need not be alone."""

    @property
    def state(self) -> LedgerState:
        if self.batched and self.unposted:
            return LedgerState.PARTLY
        return LedgerState.BATCHED if self.batched else LedgerState.UNPOSTED

    @property
    def releasable(self) -> bool:
        """Can be taken out of its batch through the API without touching other documents."""
        return not self.closed and (self.alone_in_batch or self.document.kind is DocumentKind.PROCUREMENT)


class Standing(StrEnum):
    AGREES = "agrees"
    WAITING_FOR_EXPORT = "waiting for export"
    WAITING_FOR_UPDATE = "marked: update in place on next export"
    NOT_SENT_BY_DESIGN = "zero amount, not sent"
    ACCEPTED = "difference accepted"
    DISAGREES = "disagrees"


class DiscrepancyKind(StrEnum):
    MISSING_IN_PACKAGE = "batched but missing in the package"
    ALREADY_IN_PACKAGE = "unposted but already in the package"
    AMOUNT_DIFFERS = "amounts differ"
    NUMBER_TAKEN = "number taken by another document in the package"
    DUPLICATED_IN_PACKAGE = "duplicated in the package"


class Fix(StrEnum):
    LINK = "link"
    RESEND = "resend"
    MARK_UPDATE = "mark"
    ACCEPT = "accept"

    @property
    def title(self) -> str:
        return {
            Fix.LINK: "link: batch it in ConnectWise without sending (the package has it)",
            Fix.RESEND: "re-send: take it out of its batch so the next export sends it",
            Fix.MARK_UPDATE: "mark: the next export updates the package copy in place",
            Fix.ACCEPT: "accept: record this difference as known and right",
        }[self]


@dataclass(frozen=True, slots=True)
class Acceptance:
    """A difference the user accepted, valid while both amounts stay exactly these."""

    document: DocumentRef
    kind: DiscrepancyKind
    ledger_amount: Decimal
    package_amount: Decimal | None
    accepted_at: datetime | None = None

    def covers(self, kind: DiscrepancyKind, ledger_amount: Decimal, package_amount: Decimal | None) -> bool:
        return self.kind is kind and self.ledger_amount == ledger_amount and self.package_amount == package_amount


@dataclass(frozen=True, slots=True)
class Finding:
    ledger: LedgerDocument
    package: PackageSide
    standing: Standing
    kind: DiscrepancyKind | None = None
    fixes: tuple[Fix, ...] = ()
    message: str = ""

    @property
    def document(self) -> DocumentRef:
        return self.ledger.document

    @property
    def package_amount(self) -> Decimal | None:
        return self.package.live_total

    @property
    def is_discrepancy(self) -> bool:
        return self.standing is Standing.DISAGREES

    @property
    def difference(self) -> Decimal | None:
        amount = self.package_amount
        return None if amount is None else self.ledger.amount - amount


_LEGAL = re.compile(r"\b(inc|llc|ltd|limited|corp|corporation|co|plc|gmbh|pty|us|usa)\b")


def _name_key(name: str) -> str:
    return " ".join(_LEGAL.sub(" ", re.sub(r"[^\w\s]", " ", name.casefold())).split())


def same_party(ledger: LedgerDocument, copy: PackageCopy) -> bool:
    """The copy's contact is the document's customer or supplier, allowing another legal form ("Acme Inc." for
    "Acme") as packages often spell them; unknown names never count as different. An expense's number already
    names its member (`4351bbastine`), and packages spell members every which way, so it is not compared."""
    ledger_party = ledger.party
    if ledger.document.kind is DocumentKind.EXPENSE or not ledger_party or not copy.contact:
        return True
    ours, theirs = _name_key(ledger_party), _name_key(copy.contact)
    return not ours or not theirs or ours in theirs or theirs in ours


def compare(
    ledger: LedgerDocument,
    side: PackageSide,
    *,
    marked_for_update: bool = False,
    acceptance: Acceptance | None = None,
) -> Finding:
    """One document's standing: agreement, a wait that the next export settles, or a discrepancy with fixes."""
    live = side.live_copies
    batched = ledger.state is LedgerState.BATCHED
    if not live:
        if ledger.state is LedgerState.UNPOSTED:
            return Finding(ledger, side, Standing.WAITING_FOR_EXPORT, message=f"unposted; not in {side.package} yet")
        if ledger.amount == ZERO:
            return Finding(ledger, side, Standing.NOT_SENT_BY_DESIGN, message="zero amount: batched without sending")
        return _disagreement(
            ledger,
            side,
            DiscrepancyKind.MISSING_IN_PACKAGE,
            acceptance,
            _batched_fixes(ledger),
            f"batched in {', '.join(ledger.batches)} but not in {side.package}",
        )
    if len(live) > 1:
        return _disagreement(
            ledger,
            side,
            DiscrepancyKind.DUPLICATED_IN_PACKAGE,
            acceptance,
            (),
            f"{len(live)} live copies in {side.package}: void or delete the extra ones there",
        )
    copy = live[0]
    if not same_party(ledger, copy):
        return _disagreement(
            ledger,
            side,
            DiscrepancyKind.NUMBER_TAKEN,
            acceptance,
            (Fix.ACCEPT,) if batched else (),
            f"{side.package}'s {copy.number} belongs to {copy.contact}, not {ledger.party}: change one of the numbers",
        )
    package_amount = side.live_total
    if package_amount == ledger.amount:
        if batched:
            return Finding(ledger, side, Standing.AGREES, message=f"batched and in {side.package}")
        if marked_for_update:
            return Finding(ledger, side, Standing.WAITING_FOR_UPDATE, message="the next export updates the copy")
        return _disagreement(
            ledger,
            side,
            DiscrepancyKind.ALREADY_IN_PACKAGE,
            acceptance,
            (Fix.LINK,),
            f"{ledger.state.value} in ConnectWise but already in {side.package} with the same amount",
        )
    if not batched and marked_for_update:
        return Finding(ledger, side, Standing.WAITING_FOR_UPDATE, message="the next export updates the copy")
    differs = (
        f"ConnectWise {format_money(ledger.amount, ledger.currency)}, "
        f"{side.package} {format_money(package_amount or ZERO, copy.currency)}"
    )
    fixes = _batched_fixes(ledger) if batched else (Fix.MARK_UPDATE,)
    return _disagreement(ledger, side, DiscrepancyKind.AMOUNT_DIFFERS, acceptance, fixes, differs)


def _batched_fixes(ledger: LedgerDocument) -> tuple[Fix, ...]:
    return (Fix.RESEND, Fix.ACCEPT) if ledger.releasable else (Fix.ACCEPT,)


def _disagreement(
    ledger: LedgerDocument,
    side: PackageSide,
    kind: DiscrepancyKind,
    acceptance: Acceptance | None,
    fixes: tuple[Fix, ...],
    message: str,
) -> Finding:
    if acceptance is not None and acceptance.covers(kind, ledger.amount, side.live_total):
        return Finding(ledger, side, Standing.ACCEPTED, kind, (), f"accepted: {message}")
    return Finding(ledger, side, Standing.DISAGREES, kind, fixes, message)


@dataclass(frozen=True, slots=True)
class ReconcileReport:
    """Every document compared, in the order ConnectWise listed them, and when."""

    package: str
    findings: tuple[Finding, ...]
    at: datetime | None = None

    @property
    def discrepancies(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.is_discrepancy)

    def by_kind(self) -> dict[DiscrepancyKind, int]:
        counts = Counter(finding.kind for finding in self.discrepancies if finding.kind is not None)
        return {kind: counts[kind] for kind in DiscrepancyKind if counts[kind]}

    def by_standing(self) -> dict[Standing, int]:
        counts = Counter(finding.standing for finding in self.findings)
        return {standing: counts[standing] for standing in Standing if counts[standing]}

    def finding(self, document: DocumentRef) -> Finding | None:
        return next((finding for finding in self.findings if finding.document == document), None)

    @property
    def summary(self) -> str:
        if not self.discrepancies:
            return f"{len(self.findings)} document(s) compared with {self.package}: no discrepancy."
        kinds = ", ".join(f"{count} {kind.value}" for kind, count in self.by_kind().items())
        compared = f"{len(self.findings)} document(s) compared with {self.package}"
        return f"{compared}: {len(self.discrepancies)} discrepancies ({kinds})."


def reconcile(
    package: str,
    ledgers: Iterable[LedgerDocument],
    sides: Mapping[DocumentRef, PackageSide],
    *,
    marked_for_update: frozenset[DocumentRef] = frozenset(),
    acceptances: Mapping[DocumentRef, Acceptance] | None = None,
    at: datetime | None = None,
) -> ReconcileReport:
    accepted = acceptances or {}
    findings = tuple(
        compare(
            ledger,
            sides.get(ledger.document) or PackageSide(ledger.document, looked_up=True, package=package),
            marked_for_update=ledger.document in marked_for_update,
            acceptance=accepted.get(ledger.document),
        )
        for ledger in ledgers
    )
    return ReconcileReport(package, findings, at)
