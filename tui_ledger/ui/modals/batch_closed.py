"""A closed batch is read-only, and the dialog says why (seed 000: closing is irreversible).

ConnectWise has no API to close, reopen, delete or unbatch anything in a closed batch; only ConnectWise consulting
can restore one. tui-ledger never offers Close, and when the user tries to change a closed batch it explains
instead of failing with the API's error.
"""

from __future__ import annotations

from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_dialog import BatchDialog, Choice, DialogPart, PartKind, command_named
from tui_ledger.ui.screens.batches_keys import CLOSED_BATCH_COMMANDS

NO_CLOSE = (
    "tui-ledger shows closed batches so their records can be found, and never offers to close one: "
    "a closed batch cannot be reopened."
)


class ClosedBatchScreen(BatchDialog[None]):
    """`escape` or `enter` closes it."""

    LEDGER_COMMANDS = CLOSED_BATCH_COMMANDS
    BINDINGS = bindings_for(CLOSED_BATCH_COMMANDS)
    HELP = """\
## A closed batch

Closing a batch in ConnectWise is irreversible: its records stay posted, its API can neither delete nor unbatch
anything in it, and only ConnectWise consulting can restore it. The batch is shown read-only.
"""

    def __init__(self, identifier: str, reason: str, wanted: str) -> None:
        parts = [DialogPart(reason, PartKind.REASON), DialogPart(NO_CLOSE)]
        choices = [Choice(command_named(CLOSED_BATCH_COMMANDS, "closed.close"), "back to the batch, read-only")]
        super().__init__(
            f"Batch {identifier} is closed", f"{wanted} is not possible: the batch is closed", parts, choices
        )

    def action_close(self) -> None:
        self.dismiss(None)
