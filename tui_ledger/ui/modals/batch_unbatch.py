"""Before a record leaves its batch: what ConnectWise will do, and one key for what happens to the package's copy.

Every tool today tells the user to delete the copy in QuickBooks or Xero by hand before unbatching, or get a
duplicate (competitors.md §3). Here the choice is part of the confirmation: void or delete the copy now, or keep
it and have the next export update it in place — only the choices the copy's status allows are offered, in the
order the package advises (Xero keeps a voided invoice's number, so keeping comes first there). There is no
choice that leaves an unmarked copy behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tui_ledger.domain.batches.package import PackageAction, PackageOptions, PackageSide
from tui_ledger.domain.batches.unbatch_rules import UnbatchPlan
from tui_ledger.ui.keymap import Command, bindings_for
from tui_ledger.ui.modals.batch_dialog import BatchDialog, Choice, DialogPart, PartKind, command_named
from tui_ledger.ui.screens.batches_keys import UNBATCH_CHOICE_COMMANDS

UNBATCH_KEYS = {
    PackageAction.UPDATE_IN_PLACE: command_named(UNBATCH_CHOICE_COMMANDS, "unbatch.keep"),
    PackageAction.VOID: command_named(UNBATCH_CHOICE_COMMANDS, "unbatch.void"),
    PackageAction.DELETE: command_named(UNBATCH_CHOICE_COMMANDS, "unbatch.delete"),
    PackageAction.NOTHING: command_named(UNBATCH_CHOICE_COMMANDS, "unbatch.go"),
}


def package_choices(
    actions: Iterable[PackageAction], package: str, keys: Mapping[PackageAction, Command], *, then: str = ""
) -> list[Choice]:
    """One choice per possible action, in the package's advised order; `then` says what else happens first."""
    return [Choice(keys[action], f"{then}{action.describe(package)}") for action in actions]


class UnbatchChoiceScreen(BatchDialog[PackageAction | None]):
    """Answers with the chosen `PackageAction`, or None (`n` / `escape`): nothing changes."""

    LEDGER_COMMANDS = UNBATCH_CHOICE_COMMANDS
    BINDINGS = bindings_for(UNBATCH_CHOICE_COMMANDS)
    HELP = """\
## Unbatch

What ConnectWise will do (its own batch deleted for an invoice or expense; the purchase-order endpoint for PO
freight and products, which takes the whole PO out of its batch), and what happens to the copy in the
accounting package, with one key each:

- `k` keep the copy and update it in place on the next export (one copy, the updated one);
- `v` / `d` void or delete the copy now, as the package allows for its status;
- `y` when the package holds no copy: just unbatch.

`n` or `escape` changes nothing.
"""

    def __init__(self, plan: UnbatchPlan, side: PackageSide, options: PackageOptions) -> None:
        parts = [DialogPart(plan.summary), DialogPart(f"Copy: {side.summary}.")]
        parts += [DialogPart(note, PartKind.NOTES) for note in options.notes]
        choices = package_choices(options.actions, side.package, UNBATCH_KEYS, then="unbatch; ")
        choices.append(Choice(command_named(UNBATCH_CHOICE_COMMANDS, "unbatch.cancel"), "cancel: nothing changes"))
        super().__init__(f"Unbatch {plan.record.label}", f"Unbatch {plan.record.label}?", parts, choices)
        self.options = options

    def action_pick(self, choice: str) -> None:
        self.dismiss(PackageAction(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
