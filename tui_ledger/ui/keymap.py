"""Every action of the desk, with a stable id, its default key and the words the footer, palette and help use.

One table is the source of truth: `BINDINGS` of the app and each screen are built from it, the command
palette lists it, and the user's `[keys]` overrides are checked against it. Ids are `<scope>.<action>`,
e.g. `export.retrieve`, and are what a user writes in config.toml to remap a key:

    [keys]
    "export.retrieve" = "ctrl+r"

Default keys are letters, digits, F-keys, ctrl and arrows only, so they work over any SSH session.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True, slots=True)
class Command:
    """One action. `key=None` means it has no default key and is reached from the command palette."""

    id: str
    action: str
    title: str
    help: str
    key: str | None = None
    show: bool = True
    priority: bool = False

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]

    def binding(self) -> Binding:
        assert self.key is not None, f"{self.id} has no key"
        return Binding(
            self.key,
            self.action,
            self.title,
            show=self.show,
            priority=self.priority,
            id=self.id,
            tooltip=self.help,
        )


APP_COMMANDS: tuple[Command, ...] = (
    Command("app.help", "help", "Help", "Explain the focused field or table and list the keys that work here", "f1"),
    Command("app.command_palette", "command_palette", "Commands", "Search every action by name", "ctrl+p", show=False),
    Command("app.theme", "choose_theme", "Theme", "Choose a colour theme", "ctrl+t", show=False),
    Command(
        "app.toggle_unicode",
        "toggle_unicode",
        "Toggle plain ASCII symbols",
        "Switch check boxes and status marks between unicode symbols and plain ASCII, for terminals without the fonts",
    ),
    Command("app.debug", "debug", "Debug", "Versions, paths, profile and theme, to copy for support", "f12"),
    Command("app.quit", "quit", "Quit", "Leave tui-ledger", "ctrl+q", priority=True),
    Command("app.export", "show_export", "Export", "Go to the Export screen", "ctrl+y", show=False),
    Command(
        "app.invoice_lines",
        "show_invoice_lines",
        "Invoice Lines",
        "Platform invoice lines: load, map, edit, bulk-update and sync them to ConnectWise",
        "ctrl+l",
        show=False,
    ),
    Command(
        "app.mapping",
        "show_mapping",
        "Mapping",
        "Map platform organizations to ConnectWise companies and offers to products",
        "ctrl+n",
        show=False,
    ),
    Command(
        "app.system_logs",
        "show_system_logs",
        "System Logs",
        "What went wrong or deserves attention, by severity, period and line",
        "ctrl+o",
        show=False,
    ),
    Command(
        "app.batches",
        "show_batches",
        "Batches",
        "GL batches: find a record's batch, unbatch, rebatch, delete a batch, reconcile with the package",
        "ctrl+b",
        show=False,
    ),
)

EXPORT_COMMANDS: tuple[Command, ...] = (
    Command(
        "export.retrieve",
        "retrieve",
        "Retrieve",
        "Fetch the closed, never-exported documents the filter asks for",
        "f5",
    ),
    Command("export.cancel", "cancel_retrieve", "Cancel", "Stop the running retrieve", "escape"),
    Command("export.focus_filter", "focus_filter", "Filter", "Move to the filter bar (Thru Date)", "f2"),
    Command("export.focus_results", "focus_results", "Results", "Move to the retrieved documents", "f3"),
)

FILTER_COMMANDS: tuple[Command, ...] = (
    Command("filter.date_later", "later", "Day later", "Move the Thru Date one day later", "up", show=False),
    Command("filter.date_earlier", "earlier", "Day earlier", "Move the Thru Date one day earlier", "down", show=False),
)

DEBUG_COMMANDS: tuple[Command, ...] = (
    Command("debug.copy", "copy_report", "Copy", "Copy the debug report to the clipboard", "c"),
    Command("debug.close", "close", "Close", "Back to where you were", "escape"),
)

HELP_COMMANDS: tuple[Command, ...] = (Command("help.close", "close", "Close", "Back to where you were", "escape"),)

FAILURE_COMMANDS: tuple[Command, ...] = (
    Command("failure.retry", "retry", "Try again", "Try the failed step again", "r"),
    Command("failure.copy", "copy_report", "Copy", "Copy the message to the clipboard", "c"),
    Command("failure.close", "close", "Close", "Close this message", "escape"),
    Command("failure.quit", "quit", "Quit", "Leave tui-ledger", "q"),
)

ALL_COMMANDS: tuple[Command, ...] = (
    *APP_COMMANDS,
    *EXPORT_COMMANDS,
    *FILTER_COMMANDS,
    *DEBUG_COMMANDS,
    *HELP_COMMANDS,
    *FAILURE_COMMANDS,
)

COMMANDS_BY_ID: dict[str, Command] = {command.id: command for command in ALL_COMMANDS}


def bindings_for(commands: Iterable[Command]) -> list[Binding]:
    """The Textual bindings of the commands that have a key."""
    return [command.binding() for command in commands if command.key is not None]


_MODIFIERS = ("ctrl", "shift", "alt")
_NAMED_KEYS = frozenset(
    {
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
        "insert",
        "delete",
        "backspace",
        "tab",
        "enter",
        "escape",
        "space",
    }
)
_FUNCTION_KEY = re.compile(r"^f([1-9]|1[0-9]|2[0-4])$")


def _key_problem(key: str) -> str | None:
    *modifiers, base = key.strip().lower().split("+")
    if not base:
        return "names no key"
    unknown = [modifier for modifier in modifiers if modifier not in _MODIFIERS]
    if unknown:
        return f"has an unknown modifier {unknown[0]!r} (use ctrl, shift or alt)"
    if len(base) == 1 and base.isascii() and base.isprintable():
        return None
    if base in _NAMED_KEYS or _FUNCTION_KEY.match(base):
        return None
    return f"has an unknown key {base!r} (use a letter, digit, f1-f24, an arrow or a named key such as pageup)"


@dataclass(frozen=True, slots=True)
class KeymapCheck:
    """The overrides that can be applied, and one sentence per override that cannot."""

    keymap: dict[str, str]
    problems: tuple[str, ...]


def check_keymap(overrides: Mapping[str, str]) -> KeymapCheck:
    """Validate `[keys]` overrides: known ids only, keys Textual can bind; several keys separated by commas."""
    from tui_ledger.ui.command_catalog import commands_by_id

    known = commands_by_id()
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in overrides.items():
        if binding_id not in known:
            problems.append(f"[keys] {binding_id!r} is not an action id (the command palette lists them all)")
            continue
        key_problems = [
            f"[keys] {binding_id!r}: {key.strip()!r} {problem}"
            for key in keys.split(",")
            if (problem := _key_problem(key)) is not None
        ]
        if key_problems:
            problems.extend(key_problems)
            continue
        keymap[binding_id] = ",".join(key.strip().lower() for key in keys.split(","))
    return KeymapCheck(keymap=keymap, problems=tuple(problems))
