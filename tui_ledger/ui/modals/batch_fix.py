"""Reconcile's fixes for one difference, one key each, only those that make both sides agree for its kind.

Link (the package has it: batch it in ConnectWise without sending), re-send (take it out of its batch and send
it again, the copy updated in place), mark (the next export updates the differing copy) and accept (record the
difference as known and right). Which apply is decided by the comparison (domain/batches/reconcile.py).
"""

from __future__ import annotations

from tui_ledger.domain.batches.reconcile import Finding, Fix
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_dialog import BatchDialog, Choice, DialogPart, PartKind, command_named
from tui_ledger.ui.screens.batches_keys import FIX_CHOICE_COMMANDS

FIX_KEYS = {
    Fix.LINK: command_named(FIX_CHOICE_COMMANDS, "fix.link"),
    Fix.RESEND: command_named(FIX_CHOICE_COMMANDS, "fix.resend"),
    Fix.MARK_UPDATE: command_named(FIX_CHOICE_COMMANDS, "fix.mark"),
    Fix.ACCEPT: command_named(FIX_CHOICE_COMMANDS, "fix.accept"),
}


class FixChoiceScreen(BatchDialog[Fix | None]):
    """Answers with the `Fix` chosen, or None (`n` / `escape`)."""

    LEDGER_COMMANDS = FIX_CHOICE_COMMANDS
    BINDINGS = bindings_for(FIX_CHOICE_COMMANDS)
    HELP = """\
## Fix a difference

- `l` **link**: the package already has it; put it in a batch in ConnectWise without sending.
- `r` **re-send**: take it out of its batch and send it again (a differing copy is updated in place).
- `m` **mark**: the next export updates the package's copy in place.
- `a` **accept**: the difference is known and right; it stays accepted until either amount changes.

Only the fixes that apply to this kind of difference are offered. `n` or `escape` decides later.
"""

    def __init__(self, finding: Finding) -> None:
        kind = finding.kind.value if finding.kind is not None else finding.standing.value
        parts = [
            DialogPart(f"{kind}: {finding.message}."),
            DialogPart(f"Copy: {finding.package.summary}."),
        ]
        choices = [Choice(FIX_KEYS[fix], fix.title) for fix in finding.fixes]
        if not choices:
            parts.append(
                DialogPart(
                    "No fix here can make both sides agree: correct it in the package or ConnectWise.", PartKind.REASON
                )
            )
        choices.append(Choice(command_named(FIX_CHOICE_COMMANDS, "fix.cancel"), "decide later: nothing changes"))
        title = finding.document.title
        super().__init__(f"Fix {title}", f"Fix {title}?", parts, choices)

    def action_pick(self, choice: str) -> None:
        self.dismiss(Fix(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
