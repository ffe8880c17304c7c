"""The keys of the export workflow: Ready | Errors, details, confirmation, Batch Status, Export Log.

Kept apart from `keymap.py` (the shell's table) so the export screens own their actions; every command has an id
(`<scope>.<action>`) the user can remap in config.toml's `[keys]`, and `EXPORT_FLOW_COMMANDS` lists them all for
the keymap's registry. Default keys follow the desk's rules: letters, digits, F-keys, ctrl and named keys.
"""

from __future__ import annotations

from tui_ledger.ui.keymap import EXPORT_COMMANDS, Command

EXPORT_RUN_COMMANDS: tuple[Command, ...] = (
    Command(
        "export.refresh",
        "refresh",
        "Refresh",
        "Retrieve and check again with the filter and company of the lists shown; fixed documents move to Ready",
        "r",
    ),
    Command(
        "export.all_valid",
        "export_all_valid",
        "Export all valid",
        "Export every Ready document of every type, after a summary to confirm",
        "x",
    ),
    Command("export.log", "export_log", "Export Log", "What the latest export run did with every document", "l"),
    Command(
        "export.resume",
        "offer_unfinished",
        "Resume unfinished run",
        "Resume (or discard) an export run that did not finish",
    ),
)

EXPORT_SCREEN_COMMANDS: tuple[Command, ...] = (*EXPORT_COMMANDS, *EXPORT_RUN_COMMANDS)
"""The Export screen's actions: the shell's filter and retrieve keys, then refresh, export and log."""

RESULTS_COMMANDS: tuple[Command, ...] = (
    Command(
        "results.view_details",
        "view_details",
        "View details",
        "List the documents of this pane: Ready ones to mark and export, or the errors grouped by kind",
        "enter",
        show=False,
    ),
)

DETAILS_COMMANDS: tuple[Command, ...] = (
    Command(
        "details.lines", "toggle_lines", "Lines", "Show or hide the lines of the document under the cursor", "enter"
    ),
    Command(
        "details.export_selected",
        "export_selected",
        "Export selected",
        "Export the marked documents, after a summary to confirm",
        "x",
    ),
    Command("details.refresh", "refresh", "Refresh", "Retrieve and check again; fixed documents move to Ready", "r"),
    Command("details.close", "close", "Back", "Back to the Ready and Errors panes", "escape"),
)

ERRORS_COMMANDS: tuple[Command, ...] = (
    Command(
        "errors.choose",
        "choose",
        "Link / update / skip",
        "For a document already in the package with other content: link to it, update it, or skip it",
        "c",
    ),
    Command("errors.refresh", "refresh", "Refresh", "Retrieve and check again; fixed documents move to Ready", "r"),
    Command("errors.close", "close", "Back", "Back to the Ready and Errors panes", "escape"),
)

CONFIRM_COMMANDS: tuple[Command, ...] = (
    Command("confirm.yes", "confirm", "Yes", "Do it", "y"),
    Command("confirm.no", "refuse", "No", "Do not do it; nothing changes", "n"),
    Command("confirm.cancel", "refuse", "Cancel", "Do not do it; nothing changes", "escape", show=False),
)

CHOICE_COMMANDS: tuple[Command, ...] = (
    Command("choice.link", "pick('link')", "Link", "Treat the package's copy as this document's; mark it batched", "l"),
    Command("choice.update", "pick('update')", "Update", "Overwrite the package's copy from ConnectWise", "u"),
    Command("choice.skip", "pick('skip')", "Skip", "Leave both alone; the document stays unposted", "s"),
    Command("choice.cancel", "cancel", "Cancel", "Decide later; nothing changes", "escape"),
)

UNFINISHED_COMMANDS: tuple[Command, ...] = (
    Command("unfinished.resume", "resume", "Resume", "Continue the run from where each document stood", "r"),
    Command("unfinished.discard", "discard", "Discard", "Give up what the run has not sent yet", "d"),
    Command("unfinished.later", "later", "Later", "Decide later; new exports wait until then", "escape"),
)

BATCH_STATUS_COMMANDS: tuple[Command, ...] = (
    Command("batch.stop", "stop", "Stop", "Stop the export; it resumes from where each document stood", "escape"),
    Command("batch.back", "back", "Back", "Back to the Export screen (its lists are checked again)", "escape"),
    Command("batch.only_failed", "toggle_only_failed", "Only failed", "Show only failed sections, or all again", "f"),
    Command("batch.log", "export_log", "Export Log", "What this run did with every document", "l"),
    Command("batch.resume", "resume", "Resume", "Resume the stopped run from where each document stood", "r"),
)

EXPORT_LOG_COMMANDS: tuple[Command, ...] = (
    Command("log.filter", "next_filter", "Filter", "Show only the next status (Failed, Exported, ...)", "f"),
    Command("log.all", "show_all", "All", "Show every row again", "a"),
    Command("log.choose", "choose", "Link / update / skip", "Choose for a document the package held differently", "c"),
    Command("log.save", "save_csv", "Save CSV", "Save the rows shown as a CSV file, to a path you type", "w"),
    Command("log.previous_run", "other_run(-1)", "Older run", "Show the log of the run before this one", "p"),
    Command("log.next_run", "other_run(1)", "Newer run", "Show the log of the run after this one", "n"),
    Command("log.close", "close", "Back", "Back to where you were", "escape"),
)

SAVE_COMMANDS: tuple[Command, ...] = (Command("save.cancel", "cancel", "Cancel", "Save nothing", "escape"),)

EXPORT_FLOW_COMMANDS: tuple[Command, ...] = (
    *EXPORT_RUN_COMMANDS,
    *RESULTS_COMMANDS,
    *DETAILS_COMMANDS,
    *ERRORS_COMMANDS,
    *CONFIRM_COMMANDS,
    *CHOICE_COMMANDS,
    *UNFINISHED_COMMANDS,
    *BATCH_STATUS_COMMANDS,
    *EXPORT_LOG_COMMANDS,
    *SAVE_COMMANDS,
)
"""Every action of the export workflow beyond the shell's EXPORT_COMMANDS, for the keymap's registry."""
