"""Before a whole batch is deleted: every record that returns to unposted, the guards of seed 001, and one key for
what happens to the copies in the package.

Seed 001 asks the user to rebatch unbatched items first, to make sure nothing pending gets mixed in, and then to
note which records came back; the dialog shows all of it before anything happens: the purchase orders rebatched
first, each returning record with its amount, how many pending records stay untouched, and each document's copy
in the package. One choice applies to every copy, so only the choices every copy allows are offered.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text

from tui_ledger.domain.batches.delete_rules import DeletePlan
from tui_ledger.domain.batches.package import PackageAction, PackageOptions
from tui_ledger.domain.batches.records import RecordState
from tui_ledger.domain.money import format_money
from tui_ledger.services.batches import DeleteProposal
from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.modals.batch_dialog import BatchDialog, Choice, DialogPart, PartKind, command_named
from tui_ledger.ui.modals.batch_unbatch import package_choices
from tui_ledger.ui.screens.batches_keys import DELETE_CONFIRM_COMMANDS

DELETE_KEYS = {
    PackageAction.UPDATE_IN_PLACE: command_named(DELETE_CONFIRM_COMMANDS, "delete.keep"),
    PackageAction.VOID: command_named(DELETE_CONFIRM_COMMANDS, "delete.void"),
    PackageAction.DELETE: command_named(DELETE_CONFIRM_COMMANDS, "delete.delete"),
    PackageAction.NOTHING: command_named(DELETE_CONFIRM_COMMANDS, "delete.go"),
}


def common_actions(options: Iterable[PackageOptions]) -> tuple[PackageAction, ...]:
    """The choices every document with a copy allows (one key answers for all); updating in place comes first
    when any package advises it (Xero's voided numbers). Documents without a copy take NOTHING whatever is chosen,
    so when no document has a copy NOTHING is the one choice."""
    with_copies = [option for option in options if option.actions != (PackageAction.NOTHING,)]
    if not with_copies:
        return (PackageAction.NOTHING,)
    common = [action for action in with_copies[0].actions if all(option.allows(action) for option in with_copies)]
    if PackageAction.UPDATE_IN_PLACE in common and any(
        option.default is PackageAction.UPDATE_IN_PLACE for option in with_copies
    ):
        common.remove(PackageAction.UPDATE_IN_PLACE)
        common.insert(0, PackageAction.UPDATE_IN_PLACE)
    return tuple(common)


def returning_table(plan: DeletePlan) -> Table:
    """Each record that will be on the Unposted tabs afterwards, with its amount and how it gets there."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("record", no_wrap=True)
    table.add_column("amount", justify="right", no_wrap=True)
    table.add_column("how")
    for record in plan.returning:
        how = "rebatched first, returns" if record.state is RecordState.UNBATCHED else "returns"
        table.add_row(record.label, format_money(record.amount, record.currency), how)
    return table


def copies_text(proposal: DeleteProposal) -> Text:
    text = Text()
    for index, (document, side) in enumerate(proposal.sides.items()):
        if index:
            text.append("\n")
        text.append(f"{document.label}: ", style="bold")
        text.append(side.summary)
    return text


class DeleteConfirmScreen(BatchDialog[PackageAction | None]):
    """Answers with the `PackageAction` for every copy, or None (`n` / `escape`): nothing changes."""

    LEDGER_COMMANDS = DELETE_CONFIRM_COMMANDS
    BINDINGS = bindings_for(DELETE_CONFIRM_COMMANDS)
    HELP = """\
## Delete the batch

Everything in the batch returns to the Unposted tabs, ready to be edited and exported again. Purchase orders
unbatched from it are rebatched first (ConnectWise needs that to know what belonged to the batch), and records
already waiting on the Unposted tabs are never mixed in.

One key deletes the batch and says what happens to the copies in the accounting package: `k` keep them and
update them in place on the next export, `v` / `d` void or delete them now, `y` when the package holds none.
`n` or `escape` changes nothing. There is no Close here: closing a batch cannot be undone (seed 000).
"""

    def __init__(self, proposal: DeleteProposal, plan: DeletePlan, package: str) -> None:
        parts = [
            DialogPart(plan.summary),
            DialogPart(returning_table(plan)),
            DialogPart(copies_text(proposal)),
        ]
        notes = dict.fromkeys(note for options in proposal.options.values() for note in options.notes)
        parts += [DialogPart(note, PartKind.NOTES) for note in notes]
        actions = common_actions(proposal.options.values())
        choices = package_choices(actions, package, DELETE_KEYS, then="delete the batch; ")
        if not actions:
            parts.append(
                DialogPart(
                    f"The copies in {package} allow no one choice for all of them: fix them there first, "
                    "or unbatch the documents one by one.",
                    PartKind.REASON,
                )
            )
        choices.append(Choice(command_named(DELETE_CONFIRM_COMMANDS, "delete.cancel"), "cancel: nothing changes"))
        identifier = plan.batch.identifier
        super().__init__(f"Delete batch {identifier}", f"Delete batch {identifier!r}?", parts, choices)

    def action_pick(self, choice: str) -> None:
        self.dismiss(PackageAction(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
