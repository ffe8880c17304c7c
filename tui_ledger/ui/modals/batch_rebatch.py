"""Putting edited records back (seed 001's last step): into the original batch without pushing to the package, or
through the export into a new batch — one key each, with why a way is not possible when it is not.

The original batch: invoices and expenses tui-ledger unbatched get their deleted batch re-created under the same
identifier from exactly their GL entries; PO records go back through the PO rebatch endpoint. Nothing is sent, so
the package keeps the old amount (the dialog warns when it differs, and reconcile will list it). A new batch:
the export sends the record now and updates a kept copy in place, so the package ends with one copy.
"""

from __future__ import annotations

from tui_ledger.domain.batches.refusals import Refusal
from tui_ledger.services.batches import RebatchMode, RebatchProposal
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_dialog import BatchDialog, Choice, DialogPart, PartKind, command_named
from tui_ledger.ui.screens.batches_keys import REBATCH_CHOICE_COMMANDS


class RebatchChoiceScreen(BatchDialog[RebatchMode | None]):
    """Answers with the `RebatchMode` chosen, or None (`n` / `escape`)."""

    LEDGER_COMMANDS = REBATCH_CHOICE_COMMANDS
    BINDINGS = bindings_for(REBATCH_CHOICE_COMMANDS)
    HELP = """\
## Rebatch

- `o` puts the records back into their original batch; nothing is sent to the accounting package, so its copy
  keeps what it had (seed 001: MORE > Rebatch).
- `e` sends them through the export into a new batch; a copy kept when they were unbatched is updated in place.

`n` or `escape` changes nothing.
"""

    def __init__(self, labels: str, proposal: RebatchProposal, package: str | None) -> None:
        parts: list[DialogPart] = []
        choices: list[Choice] = []
        plan = proposal.plan
        if isinstance(plan, Refusal):
            parts.append(DialogPart(f"Not into the original batch: {plan.text}", PartKind.REASON))
        else:
            parts.append(DialogPart(plan.summary))
            parts += [DialogPart(warning, PartKind.NOTES) for warning in plan.warnings]
            choices.append(
                Choice(command_named(REBATCH_CHOICE_COMMANDS, "rebatch.original"), "back into the original batch")
            )
        if package is None:
            parts.append(
                DialogPart("Not in a new batch: no accounting company is connected to export to.", PartKind.REASON)
            )
        else:
            choices.append(
                Choice(
                    command_named(REBATCH_CHOICE_COMMANDS, "rebatch.new_batch"),
                    f"export into a new batch now; a kept copy in {package} is updated in place",
                )
            )
        choices.append(Choice(command_named(REBATCH_CHOICE_COMMANDS, "rebatch.cancel"), "cancel: nothing changes"))
        super().__init__(f"Rebatch {labels}", f"Rebatch {labels}?", parts, choices)

    def action_pick(self, choice: str) -> None:
        self.dismiss(RebatchMode(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
