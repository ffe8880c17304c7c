"""The copy of a document in the accounting package, and what may happen to it when its batch is undone.

Unbatching or deleting a batch in ConnectWise does not touch the accounting package (seed 000); re-exporting the
corrected record then creates a second copy. Every tool today tells the user to delete the copy by hand first
(competitors.md §3.1). tui-ledger asks once, per document, before it unbatches:

- `VOID` / `DELETE`: take the copy out of the books now, the way the package does for its status
  (`PackageCapabilities.removal_by_status`: Xero voids an authorised invoice and deletes a draft; QuickBooks
  deletes). A status the package cannot remove (paid) is not offered, and the note says why;
- `UPDATE_IN_PLACE`: keep the copy, and mark the document so the next export updates that copy instead of
  creating another (the mark lives in the store, `BatchReleases`);
- `NOTHING`: there is no live copy to care about (never sent, or already voided or deleted there).

There is no other choice, so no path leaves an unmarked duplicate. Pure rules: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tui_ledger.domain.accounting import DocumentType, PackageCapabilities, RemoteStatus, Removal
from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.money import format_money, total


class PackageAction(StrEnum):
    VOID = "void"
    DELETE = "delete"
    UPDATE_IN_PLACE = "update"
    NOTHING = "nothing"

    @property
    def removes(self) -> bool:
        return self in (PackageAction.VOID, PackageAction.DELETE)

    def describe(self, package: str) -> str:
        return {
            PackageAction.VOID: f"void the copy in {package} now",
            PackageAction.DELETE: f"delete the copy in {package} now",
            PackageAction.UPDATE_IN_PLACE: f"keep the copy in {package} and update it in place on the next export",
            PackageAction.NOTHING: f"nothing to do in {package}",
        }[self]


_ACTION_OF_REMOVAL = {Removal.VOID: PackageAction.VOID, Removal.DELETE: PackageAction.DELETE}


@dataclass(frozen=True, slots=True)
class PackageCopy:
    """A document in the package carrying the document's number, as `find_documents` reported it."""

    document_type: DocumentType
    target_id: str
    number: str | None
    status: RemoteStatus
    total: Decimal
    currency: str | None = None
    contact: str | None = None

    @property
    def live(self) -> bool:
        """Counts in the books: neither voided nor deleted."""
        return not self.status.is_gone

    @property
    def signed_total(self) -> Decimal:
        """What it adds to the PSA document's total: credits count negative (packages keep them positive)."""
        return -self.total if self.document_type.is_credit else self.total

    def describe(self, package: str) -> str:
        kind = self.document_type.value.replace("_", " ")
        amount = format_money(self.total, self.currency)
        return f"{package} {kind} {self.number or self.target_id} ({self.status.value}, {amount})"


@dataclass(frozen=True, slots=True)
class PackageSide:
    """What the package holds for one document. `looked_up` False: no package was asked (none connected)."""

    document: DocumentRef
    looked_up: bool
    package: str = "the accounting package"
    copies: tuple[PackageCopy, ...] = ()

    @property
    def live_copies(self) -> tuple[PackageCopy, ...]:
        return tuple(copy for copy in self.copies if copy.live)

    @property
    def live_total(self) -> Decimal | None:
        """The signed total of the live copies (an invoice minus its returns credit), None when there are none."""
        live = self.live_copies
        return total(copy.signed_total for copy in live) if live else None

    @property
    def summary(self) -> str:
        if not self.looked_up:
            return f"not looked up (no {self.package} connected)"
        if not self.copies:
            return f"not in {self.package}"
        return "; ".join(copy.describe(self.package) for copy in self.copies)


@dataclass(frozen=True, slots=True)
class PackageOptions:
    """The choices offered for one document's copy, in the order a screen lists them, with why others are not."""

    document: DocumentRef
    actions: tuple[PackageAction, ...]
    notes: tuple[str, ...] = ()

    def allows(self, action: PackageAction) -> bool:
        return action in self.actions

    @property
    def default(self) -> PackageAction | None:
        """The choice a screen puts the cursor on: the first one (removal before update, when both exist)."""
        return self.actions[0] if self.actions else None


def removal_for(copy: PackageCopy, capabilities: PackageCapabilities) -> PackageAction | None:
    removal = capabilities.removal_for(copy.status)
    return _ACTION_OF_REMOVAL[removal] if removal is not None else None


def package_options(side: PackageSide, capabilities: PackageCapabilities | None) -> PackageOptions:
    """What may happen to the document's copy in the package before its record leaves its batch."""
    package = side.package
    if not side.looked_up or capabilities is None:
        return PackageOptions(
            side.document,
            (PackageAction.UPDATE_IN_PLACE,),
            (
                f"No {package} is connected, so its copy cannot be checked: it is kept, and the next export "
                "updates it in place instead of creating a second one.",
            ),
        )
    live = side.live_copies
    if not live:
        gone = [copy for copy in side.copies if not copy.live]
        note = f"Already {gone[0].status.value} in {package}." if gone else f"Not in {package}: nothing to undo there."
        return PackageOptions(side.document, (PackageAction.NOTHING,), (note,))
    notes: list[str] = []
    removals = [removal_for(copy, capabilities) for copy in live]
    actions: list[PackageAction] = []
    if all(removal is not None for removal in removals):
        actions.extend(dict.fromkeys(removal for removal in removals if removal is not None))
    else:
        for copy, removal in zip(live, removals, strict=True):
            if removal is None:
                notes.append(
                    f"{copy.describe(package)} cannot be voided or deleted through the API while it is "
                    f"{copy.status.value}: keep it and update it in place, or undo its {copy.status.value} "
                    f"state in {package} first."
                )
    if len(live) == 1:
        if PackageAction.VOID in actions and live[0].document_type in capabilities.unique_number_types:
            notes.append(
                f"{package} keeps the number of a voided {live[0].document_type.value.replace('_', ' ')}: the "
                "corrected document cannot be sent again under the same number. Updating in place keeps it."
            )
            actions.insert(0, PackageAction.UPDATE_IN_PLACE)
        else:
            actions.append(PackageAction.UPDATE_IN_PLACE)
    else:
        notes.append(
            f"{len(live)} live copies of {side.document.label} are already in {package} (a duplicate): "
            "only removing them is offered; an update in place needs exactly one copy."
        )
    if not actions:
        notes.append(f"Nothing can be done in {package} through the API: fix the copies there by hand first.")
    return PackageOptions(side.document, tuple(actions), tuple(notes))
