"""The command palette's list: every action of the app and of the screen it was opened on, by name and key.

A user who forgot a key finds the action by typing a few letters of what it does; the hit shows the key
(as currently mapped, so remapped keys are taught too) and the action id to put in `[keys]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import partial

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

from tui_ledger.ui.keymap import APP_COMMANDS, Command

PALETTE_ID = "app.command_palette"


def screen_commands(node: DOMNode) -> tuple[Command, ...]:
    """The commands a screen or widget declares in its `LEDGER_COMMANDS` (none for Textual's own)."""
    commands = getattr(node, "LEDGER_COMMANDS", ())
    return tuple(command for command in commands if isinstance(command, Command))


class LedgerCommands(Provider):
    """Lists the commands of the focused control, the calling screen and the app that can run right now."""

    def _available(self) -> Iterator[tuple[Command, DOMNode]]:
        """The focused control's commands, then the screen's, then the app's; each run where it belongs."""
        targets: list[DOMNode] = [self.focused] if self.focused is not None else []
        targets += [self.screen, self.app]
        for target in targets:
            commands = APP_COMMANDS if target is self.app else screen_commands(target)
            for command in commands:
                if command.id != PALETTE_ID and target.check_action(command.action, ()) is not False:
                    yield command, target

    def _hit_label(self, command: Command) -> str:
        key = current_key_display(self.app, command)
        return f"{command.title}  ({key})" if key else command.title

    def _help(self, command: Command) -> str:
        return f"{command.help}  [id {command.id}]"

    async def discover(self) -> Hits:
        for command, target in self._available():
            yield DiscoveryHit(
                self._hit_label(command),
                partial(target.run_action, command.action),
                help=self._help(command),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, target in self._available():
            label = self._hit_label(command)
            score = max(matcher.match(label), matcher.match(command.id) * 0.8)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(label) if matcher.match(label) else Content(label),
                    partial(target.run_action, command.action),
                    text=label,
                    help=self._help(command),
                )


def current_key_display(app: App[object], command: Command) -> str:
    """The key that runs `command` now (after `[keys]` overrides), as the footer shows it; "" when unbound."""
    overrides: Mapping[str, str] = getattr(app, "key_overrides", {})
    keys = overrides.get(command.id, command.key)
    if not keys:
        return ""
    return app.get_key_display(command.binding().with_key(keys.split(",")[0]))
