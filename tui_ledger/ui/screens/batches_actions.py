"""The actions of the Batches screen, each a proposal read fresh from ConnectWise, a one-key dialog, then the change.

Unbatch (seed 000/001): the service proposes the plan for the highlighted record; a closed batch explains why it
is read-only, a batch holding other documents offers its two ways out, anything else refused says why; otherwise
the dialog asks what happens to the copy in the package, and the unbatch runs. Afterwards the records pane looks
the document up again, so the now-unposted record stays in view for the rebatch.
Rebatch: into the original batch (nothing sent) or through the export into a new batch.
Delete batch: the dialog lists what returns to unposted and asks about the copies.
Every outcome — done, refused with the reason, failed with the message — ends up on the activity line.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from typing import Any, Protocol, TypeVar

from textual.screen import Screen

from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.records import Batch, BatchRecord
from tui_ledger.domain.batches.refusals import Alternative, Refusal, closed_batch_refusal
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.services.batches import (
    ActionOutcome,
    BatchDesk,
    DeleteProposal,
    Located,
    OutcomeStatus,
    RebatchMode,
    RebatchProposal,
    UnbatchProposal,
)
from tui_ledger.ui.modals.batch_closed import ClosedBatchScreen
from tui_ledger.ui.modals.batch_delete import DeleteConfirmScreen
from tui_ledger.ui.modals.batch_rebatch import RebatchChoiceScreen
from tui_ledger.ui.modals.batch_refusal import SharedBatchRefusalScreen
from tui_ledger.ui.modals.batch_unbatch import UnbatchChoiceScreen
from tui_ledger.ui.screens.batches_lookup import search_text

T = TypeVar("T")


class ActionHost(Protocol):
    """What the actions need from the screen they run on."""

    desk: BatchDesk | None

    def run_action(self, title: str, work: Coroutine[Any, Any, T], done: Callable[[T], None]) -> None: ...

    def ask(self, dialog: Screen[T], answered: Callable[[T | None], None]) -> None: ...

    def show_outcome(self, outcome: ActionOutcome, *, find: str | None) -> None: ...

    def tell(self, text: str, *, problem: bool = False) -> None: ...


def refused(action: str, refusal: Refusal) -> ActionOutcome:
    """A refusal the screen learned from a proposal, shown like any other refused outcome."""
    return ActionOutcome(action, OutcomeStatus.REFUSED, refusal.text, refusal=refusal)


def in_connectwise(located: Located) -> str:
    """Where seed 001 sends the user to unbatch one record by hand."""
    document = located.record.document
    where = {
        DocumentKind.INVOICE: f"Finance > Invoice Search > {document.number}",
        DocumentKind.EXPENSE: f"Time & Expense > Expense Entry Search > {document.title}",
    }.get(document.kind, f"Procurement > Purchase Orders > {document.number}")
    return f"In ConnectWise: {where} > MORE > Unbatch, then F5 here to read the batches again."


class BatchActions:
    """Unbatch, rebatch and delete for one screen (see the module docstring)."""

    def __init__(self, host: ActionHost) -> None:
        self.host = host

    @property
    def desk(self) -> BatchDesk:
        desk = self.host.desk
        assert desk is not None, "actions are offered once the desk is open"
        return desk

    def _closed(self, batch: Batch, wanted: str) -> None:
        reason = closed_batch_refusal(batch).reason
        self.host.ask(ClosedBatchScreen(batch.identifier, reason, wanted), lambda _: None)

    # -- unbatch ----------------------------------------------------------------------------------------------

    def unbatch(self, located: Located) -> None:
        if located.batch is not None and located.batch.closed:
            self._closed(located.batch, f"Unbatching {located.record.label}")
            return
        label = located.record.label
        self.host.run_action(
            f"Checking how to unbatch {label}", self.desk.propose_unbatch(located.record), self._proposed
        )

    def _proposed(self, proposal: UnbatchProposal) -> None:
        located, plan = proposal.located, proposal.plan
        if isinstance(plan, Refusal):
            batch = located.batch
            if batch is not None and batch.closed:
                self._closed(batch, f"Unbatching {located.record.label}")
            elif batch is not None and Alternative.DELETE_WHOLE_BATCH in plan.alternatives:
                dialog = SharedBatchRefusalScreen(located.record.label, batch.identifier, plan)
                self.host.ask(dialog, lambda chosen: self._shared(located, batch, chosen))
            else:
                self.host.show_outcome(refused("unbatch", plan), find=None)
            return
        if proposal.options is None or located.package is None:
            self.host.tell(f"{located.record.label}: {located.where}; nothing to unbatch.", problem=True)
            return
        dialog = UnbatchChoiceScreen(plan, located.package, proposal.options)
        self.host.ask(dialog, lambda action: self._unbatch_chosen(located, action))

    def _unbatch_chosen(self, located: Located, action: PackageAction | None) -> None:
        if action is None:
            self.host.tell(f"Not unbatched: {located.record.label} stays in its batch.")
            return
        record = located.record
        self.host.run_action(
            f"Unbatching {record.label}",
            self.desk.unbatch(record, action),
            lambda outcome: self.host.show_outcome(outcome, find=search_text(record.document)),
        )

    def _shared(self, located: Located, batch: Batch, chosen: Alternative | None) -> None:
        if chosen is Alternative.DELETE_WHOLE_BATCH:
            self.delete(batch)
        elif chosen is Alternative.UNBATCH_IN_CONNECTWISE:
            self.host.tell(in_connectwise(located))

    # -- rebatch ----------------------------------------------------------------------------------------------

    def rebatch(self, chosen: Sequence[Located]) -> None:
        closed = [located for located in chosen if located.batch is not None and located.batch.closed]
        if closed and len(closed) == len(chosen):
            batch = closed[0].batch
            assert batch is not None
            self._closed(batch, "Rebatching")
            return
        records = [located.record for located in chosen]
        labels = ", ".join(record.label for record in records)
        self.host.run_action(
            f"Checking how to rebatch {labels}",
            self.desk.propose_rebatch(records),
            lambda proposal: self._rebatch_proposed(labels, proposal),
        )

    def _rebatch_proposed(self, labels: str, proposal: RebatchProposal) -> None:
        context = self.desk.context
        package = context.package_name if context.package is not None else None
        records = [located.record for located in proposal.located]
        dialog = RebatchChoiceScreen(labels, proposal, package)
        self.host.ask(dialog, lambda mode: self._rebatch_chosen(labels, records, mode))

    def _rebatch_chosen(self, labels: str, records: list[BatchRecord], mode: RebatchMode | None) -> None:
        if mode is None:
            self.host.tell(f"Not rebatched: {labels}.")
            return
        how = "into the original batch" if mode is RebatchMode.ORIGINAL_BATCH else "through the export"
        self.host.run_action(
            f"Rebatching {labels} {how}",
            self.desk.rebatch(records, mode),
            lambda outcome: self.host.show_outcome(outcome, find=search_text(records[0].document)),
        )

    # -- delete -----------------------------------------------------------------------------------------------

    def delete(self, batch: Batch) -> None:
        if batch.closed:
            self._closed(batch, f"Deleting batch {batch.identifier!r}")
            return
        self.host.run_action(
            f"Reading batch {batch.identifier!r} and its copies",
            self.desk.propose_delete(batch.id),
            self._delete_proposed,
        )

    def _delete_proposed(self, proposal: DeleteProposal) -> None:
        plan = proposal.plan
        if isinstance(plan, Refusal):
            if proposal.batch.closed:
                self._closed(proposal.batch, f"Deleting batch {proposal.batch.identifier!r}")
            else:
                self.host.show_outcome(refused("delete", plan), find=None)
            return
        dialog = DeleteConfirmScreen(proposal, plan, self.desk.context.package_name)
        self.host.ask(dialog, lambda action: self._delete_chosen(proposal, action))

    def _delete_chosen(self, proposal: DeleteProposal, action: PackageAction | None) -> None:
        identifier = proposal.batch.identifier
        if action is None:
            self.host.tell(f"Not deleted: batch {identifier!r} stays as it is.")
            return
        self.host.run_action(
            f"Deleting batch {identifier!r}",
            self.desk.delete(proposal.batch.id, action),
            lambda outcome: self.host.show_outcome(outcome, find=None),
        )
