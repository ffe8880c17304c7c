"""The keys of the Batches workflow: the screen, its record marks, its one-key dialogs and Reconcile.

Kept apart from `keymap.py` (the shell's table) so the Batches screens own their actions. Every command has an id
(`<scope>.<action>`) the user can remap in config.toml's `[keys]`; `BATCHES_FLOW_COMMANDS` lists them all for the
keymap's registry. Destructive actions are answered in a dialog with one key per choice, and the dialog only
binds the choices that are possible for the copy in the package (never a "close batch": seed 000).
"""

from __future__ import annotations

from tui_ledger.ui.keymap import Command

BATCHES_SCREEN_COMMANDS: tuple[Command, ...] = (
    Command(
        "batches.find",
        "focus_search",
        "Find",
        "Find a record's batch: invoice, expense or PO number, 'po 984 freight', 'po 984 line 2', a batch identifier",
        "slash",
    ),
    Command("batches.unbatch", "unbatch", "Unbatch", "Take the highlighted record out of its batch", "b"),
    Command(
        "batches.rebatch",
        "rebatch",
        "Rebatch",
        "Put the marked (or highlighted) records back into their original batch, or send them in a new batch",
        "r",
    ),
    Command(
        "batches.delete",
        "delete_batch",
        "Delete batch",
        "Delete the highlighted batch: every record returns to unposted, the package copies kept in step",
        "d",
    ),
    Command(
        "batches.reconcile",
        "reconcile",
        "Reconcile",
        "Compare ConnectWise's batches with the accounting package and fix the differences",
        "c",
    ),
    Command(
        "batches.filter", "next_filter", "Open/closed", "Show all batches, only open ones, or only closed ones", "f"
    ),
    Command("batches.refresh", "refresh", "Refresh", "Read the batches from ConnectWise again", "f5"),
    Command(
        "batches.company",
        "next_company",
        "Company",
        "Look the copies up in the profile's next accounting company",
        "t",
        show=False,
    ),
    Command("batches.stop", "stop", "Stop", "Stop the running action between two of its steps", "escape"),
    Command("batches.clear_lookup", "clear_lookup", "Clear find", "Show the highlighted batch again", "escape"),
    Command("batches.back", "back", "Back", "Back to where you were", "escape"),
)

RECORDS_COMMANDS: tuple[Command, ...] = (
    Command("records.toggle_mark", "toggle_mark", "Mark", "Mark or unmark the highlighted record", "space"),
    Command("records.mark", "mark", "Mark", "Mark the highlighted record", "s", show=False),
    Command("records.unmark", "unmark", "Unmark", "Unmark the highlighted record", "u", show=False),
)

UNBATCH_CHOICE_COMMANDS: tuple[Command, ...] = (
    Command(
        "unbatch.keep",
        "pick('update')",
        "Keep, update in place",
        "Keep the copy; the next export updates it in place",
        "k",
    ),
    Command("unbatch.void", "pick('void')", "Void copy", "Void the copy in the package now", "v"),
    Command("unbatch.delete", "pick('delete')", "Delete copy", "Delete the copy in the package now", "d"),
    Command("unbatch.go", "pick('nothing')", "Unbatch", "Unbatch; there is nothing to do in the package", "y"),
    Command("unbatch.cancel", "cancel", "Cancel", "Do not unbatch; nothing changes", "n,escape"),
)

DELETE_CONFIRM_COMMANDS: tuple[Command, ...] = (
    Command(
        "delete.keep",
        "pick('update')",
        "Delete, keep copies",
        "Delete the batch; keep the copies and update them in place on the next export",
        "k",
    ),
    Command("delete.void", "pick('void')", "Delete, void copies", "Delete the batch and void the copies now", "v"),
    Command(
        "delete.delete", "pick('delete')", "Delete, delete copies", "Delete the batch and delete the copies now", "d"
    ),
    Command("delete.go", "pick('nothing')", "Delete batch", "Delete the batch; nothing is in the package", "y"),
    Command("delete.cancel", "cancel", "Cancel", "Do not delete; nothing changes", "n,escape"),
)

SHARED_REFUSAL_COMMANDS: tuple[Command, ...] = (
    Command(
        "shared.delete_batch",
        "delete_whole_batch",
        "Delete whole batch",
        "Delete the whole batch here: every record of it returns to unposted",
        "d",
    ),
    Command(
        "shared.in_connectwise",
        "in_connectwise",
        "In ConnectWise",
        "Unbatch this one record in ConnectWise itself (MORE > Unbatch)",
        "c",
    ),
    Command("shared.close", "close", "Close", "Do nothing now", "escape"),
)

CLOSED_BATCH_COMMANDS: tuple[Command, ...] = (
    Command("closed.close", "close", "Close", "Back to the batch, read-only", "escape,enter"),
)

REBATCH_CHOICE_COMMANDS: tuple[Command, ...] = (
    Command(
        "rebatch.original",
        "pick('original')",
        "Original batch",
        "Back into the original batch; nothing is sent to the package (seed 001)",
        "o",
    ),
    Command(
        "rebatch.new_batch",
        "pick('new')",
        "New batch (export)",
        "Send through the export into a new batch; a kept copy is updated in place",
        "e",
    ),
    Command("rebatch.cancel", "cancel", "Cancel", "Do not rebatch; nothing changes", "n,escape"),
)

RECONCILE_COMMANDS: tuple[Command, ...] = (
    Command("reconcile.fix", "choose_fix", "Fix", "Choose a fix for the highlighted difference (or enter)", "x"),
    Command("reconcile.filter", "toggle_filter", "All/differences", "Show only differences, or every document", "f"),
    Command(
        "reconcile.save", "save_summary", "Save summary", "Save the summary as .csv or .json, to a path you type", "w"
    ),
    Command("reconcile.again", "run_again", "Compare again", "Compare ConnectWise and the package again", "f5"),
    Command("reconcile.stop", "stop", "Stop", "Stop the running comparison or fix", "escape"),
    Command("reconcile.back", "back", "Back", "Back to the Batches screen", "escape"),
)

FIX_CHOICE_COMMANDS: tuple[Command, ...] = (
    Command("fix.link", "pick('link')", "Link", "Batch it in ConnectWise without sending (the package has it)", "l"),
    Command("fix.resend", "pick('resend')", "Re-send", "Take it out of its batch and send it again", "r"),
    Command("fix.mark", "pick('mark')", "Mark", "The next export updates the package copy in place", "m"),
    Command("fix.accept", "pick('accept')", "Accept", "Record this difference as known and right", "a"),
    Command("fix.cancel", "cancel", "Cancel", "Decide later; nothing changes", "n,escape"),
)

SUMMARY_SAVE_COMMANDS: tuple[Command, ...] = (Command("summary.cancel", "cancel", "Cancel", "Save nothing", "escape"),)

BATCHES_FLOW_COMMANDS: tuple[Command, ...] = (
    *BATCHES_SCREEN_COMMANDS,
    *RECORDS_COMMANDS,
    *UNBATCH_CHOICE_COMMANDS,
    *DELETE_CONFIRM_COMMANDS,
    *SHARED_REFUSAL_COMMANDS,
    *CLOSED_BATCH_COMMANDS,
    *REBATCH_CHOICE_COMMANDS,
    *RECONCILE_COMMANDS,
    *FIX_CHOICE_COMMANDS,
    *SUMMARY_SAVE_COMMANDS,
)
"""Every action of the Batches workflow, for the keymap's registry (`[keys]` overrides, palette, help)."""
