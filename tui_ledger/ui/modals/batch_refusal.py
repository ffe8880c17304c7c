"""Unbatching one invoice or expense of a batch that holds other documents: refused, with the two ways out.

ConnectWise's API cannot take one invoice or expense out of a batch, only delete the whole batch (DESIGN.md §3).
A batch made by another tool often holds many documents, so tui-ledger says so truthfully instead of deleting
them all behind the user's back, and offers the two real choices: delete the whole batch here (its own dialog
then lists everything that returns to unposted), or unbatch the one record in ConnectWise itself.
"""

from __future__ import annotations

from tui_ledger.domain.batches.refusals import Alternative, Refusal
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_dialog import BatchDialog, Choice, DialogPart, PartKind, command_named
from tui_ledger.ui.screens.batches_keys import SHARED_REFUSAL_COMMANDS


class SharedBatchRefusalScreen(BatchDialog[Alternative | None]):
    """Answers with the alternative chosen, or None (`escape`)."""

    LEDGER_COMMANDS = SHARED_REFUSAL_COMMANDS
    BINDINGS = bindings_for(SHARED_REFUSAL_COMMANDS)
    HELP = """\
## This batch holds other documents

It was not made one batch per document, and ConnectWise's API cannot take a single invoice or expense out of a
batch. `d` deletes the whole batch here (the next dialog lists every record that returns to unposted and asks
about the package copies); `c` shows where to unbatch the one record in ConnectWise; `escape` does nothing.
"""

    def __init__(self, label: str, batch: str, refusal: Refusal) -> None:
        choices = [Choice(command_named(SHARED_REFUSAL_COMMANDS, "shared.close"), "do nothing now")]
        if Alternative.UNBATCH_IN_CONNECTWISE in refusal.alternatives:
            choices.insert(
                0,
                Choice(
                    command_named(SHARED_REFUSAL_COMMANDS, "shared.in_connectwise"),
                    Alternative.UNBATCH_IN_CONNECTWISE.title,
                ),
            )
        if Alternative.DELETE_WHOLE_BATCH in refusal.alternatives:
            choices.insert(
                0,
                Choice(
                    command_named(SHARED_REFUSAL_COMMANDS, "shared.delete_batch"), Alternative.DELETE_WHOLE_BATCH.title
                ),
            )
        parts = [DialogPart(refusal.reason, PartKind.REASON)]
        super().__init__(f"Batch {batch}", f"{label} cannot be unbatched alone", parts, choices)

    def action_delete_whole_batch(self) -> None:
        self.dismiss(Alternative.DELETE_WHOLE_BATCH)

    def action_in_connectwise(self) -> None:
        self.dismiss(Alternative.UNBATCH_IN_CONNECTWISE)

    def action_close(self) -> None:
        self.dismiss(None)
