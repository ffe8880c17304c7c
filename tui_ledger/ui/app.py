"""The tui-ledger App: the shell every screen lives in, and the owner of all long-running work.

Why the App owns the work: a retrieve or an export must survive the user opening help, the debug screen or
another screen, so workers are started on the App (never on a screen) through `run_task`, and one handler
(`on_worker_state_changed`) turns every failure into a message with what to do. Screens hand in callbacks
for success and for the end of the task, and stay free of error plumbing.

Start-up order matters for the one-second goal: the first frame is the Start screen, drawn before anything
heavy is imported; the profile is opened (config, store, connectors, sandbox) only once that frame is up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.worker import Worker, WorkerState

from tui_ledger.domain.clock import Clock, SystemClock
from tui_ledger.services.failures import explain
from tui_ledger.services.workspace import DEFAULT_THEME, Workspace, WorkspaceFactory
from tui_ledger.ui.commands import LedgerCommands
from tui_ledger.ui.glyphs import Glyphs, glyphs_for, terminal_speaks_unicode
from tui_ledger.ui.keymap import APP_COMMANDS, bindings_for, check_keymap
from tui_ledger.ui.screens.start import StartScreen
from tui_ledger.ui.themes import bundled_themes_dir, load_themes, semantic_variable

T = TypeVar("T")

STYLES = Path(__file__).parent / "styles"
FINISHED = frozenset({WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED})
ASCII_KEY_NAMES = {"↑": "up", "↓": "down", "←": "left", "→": "right", "⏎": "enter", "⌫": "backspace"}


@dataclass(slots=True)
class _TaskHooks:
    on_success: Callable[[Any], Awaitable[None] | None]
    on_end: Callable[[WorkerState], None] | None
    retry: Callable[[], None] | None


class TuiLedgerApp(App[None]):
    """The desk. `open_workspace` opens the profile; `clock` says what "today" is (Thru Date's default)."""

    TITLE = "tui-ledger"
    CSS_PATH = STYLES / "app.tcss"
    BINDINGS = bindings_for(APP_COMMANDS)
    COMMANDS = {LedgerCommands}
    ENABLE_COMMAND_PALETTE = True

    glyphs: reactive[Glyphs] = reactive(glyphs_for(True), init=False)

    def __init__(
        self,
        open_workspace: WorkspaceFactory,
        *,
        clock: Clock | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self._open_workspace = open_workspace
        self.clock: Clock = clock or SystemClock()
        self.cursor_blink = cursor_blink
        self.workspace: Workspace | None = None
        self.key_overrides: dict[str, str] = {}
        """The `[keys]` overrides in force (binding id -> keys), after validation."""
        self.notes: list[str] = []
        """Problems found in theme files and key overrides; shown once as notifications and on the debug screen."""
        self._tasks: dict[Worker[Any], _TaskHooks] = {}
        self._theme_names: set[str] = set()
        self._install_themes([bundled_themes_dir()])
        if DEFAULT_THEME in self.available_themes:
            self.theme = DEFAULT_THEME
        else:
            self.notes.append(
                f"tui-ledger's theme files are missing from {bundled_themes_dir()}: reinstall tui-ledger."
            )
        self.glyphs = glyphs_for(terminal_speaks_unicode())

    # -- start-up -------------------------------------------------------------------------------------------

    def get_default_screen(self) -> StartScreen:
        return StartScreen()

    def on_ready(self) -> None:
        self.open_profile()

    def open_profile(self) -> None:
        """Open the profile in a worker; on failure the message screen offers to try again."""
        if isinstance(self.screen, StartScreen):
            self.screen.show_opening()
        self.run_task(
            self._open_workspace(),
            name="workspace",
            on_success=self._workspace_opened,
            on_end=self._opening_ended,
            retry=self.open_profile,
        )

    def _opening_ended(self, state: WorkerState) -> None:
        start = next((screen for screen in self.screen_stack if isinstance(screen, StartScreen)), None)
        if state is not WorkerState.SUCCESS and start is not None:
            start.show_not_opened()

    async def _workspace_opened(self, workspace: Workspace) -> None:
        from tui_ledger.ui.screens.export import ExportScreen

        self._apply_preferences(workspace)
        self.workspace = workspace
        await self.push_screen(ExportScreen(workspace, today=self.today()))
        for note in self.notes:
            self.notify(note, title="Settings", severity="warning", timeout=10)

    def _apply_preferences(self, workspace: Workspace) -> None:
        """Theme, symbols and keys from the profile's settings; these are not choices to save back."""
        self._install_themes([workspace.paths.themes_dir])
        preferences = workspace.preferences
        if preferences.theme in self.available_themes:
            self.theme = preferences.theme
        else:
            self.notes.append(
                f"Theme {preferences.theme!r} is not installed; using {self.theme}. "
                f"Installed: {', '.join(sorted(self.available_themes))}."
            )
        if preferences.unicode is not None:
            self.glyphs = glyphs_for(preferences.unicode)
        checked = check_keymap(preferences.keys)
        self.notes.extend(checked.problems)
        self.key_overrides = checked.keymap
        self.set_keymap(checked.keymap)

    def _install_themes(self, directories: list[Path | None]) -> None:
        """Offer only themes from theme files: Textual's built-in ones lack the status colours screens use."""
        catalog = load_themes(directories)
        self.notes.extend(catalog.problems)
        for theme in catalog.themes.values():
            self.register_theme(theme)
            self._theme_names.add(theme.name)
        if DEFAULT_THEME in self._theme_names:
            for name in [name for name in self.available_themes if name not in self._theme_names]:
                self.unregister_theme(name)

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """Status colours for the case no theme file could be loaded, so the styles still parse."""
        fallback = {"ready": "green", "error": "red", "running": "yellow", "posted": "blue"}
        fallback |= {"user-updated": "magenta", "system-updated": "cyan"}
        return {semantic_variable(name): colour for name, colour in fallback.items()}

    def today(self) -> date:
        """The user's local date, from the injectable clock."""
        return self.clock.now().astimezone().date()

    async def on_unmount(self) -> None:
        if self.workspace is not None:
            try:
                await self.workspace.aclose()
            except Exception as error:
                self.log.error(f"closing the workspace failed: {error!r}")

    # -- long-running work ----------------------------------------------------------------------------------

    def run_task(
        self,
        work: Coroutine[Any, Any, T],
        *,
        name: str,
        on_success: Callable[[T], Awaitable[None] | None],
        on_end: Callable[[WorkerState], None] | None = None,
        retry: Callable[[], None] | None = None,
    ) -> Worker[T]:
        """Run `work` as an App worker; a new task of the same name cancels the previous one.

        `on_success` receives the result; `on_end` is told how the task ended (success, error or cancel),
        after any failure message is up; `retry` is offered on that message.
        """
        worker = self.run_worker(work, name=name, group=name, exclusive=True, exit_on_error=False)
        self._tasks[worker] = _TaskHooks(on_success, on_end, retry)
        return worker

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Judge by the state in the message, not the worker's current state: a fast task may already have
        # failed by the time its PENDING message is handled, and the failure must still be shown once.
        hooks = self._tasks.get(event.worker)
        if hooks is None or event.state not in FINISHED:
            return
        del self._tasks[event.worker]
        if event.state is WorkerState.SUCCESS:
            outcome = hooks.on_success(event.worker.result)
            if outcome is not None:
                await outcome
        elif event.state is WorkerState.ERROR and event.worker.error is not None:
            self.show_failure(event.worker.error, retry=hooks.retry)
        if hooks.on_end is not None:
            hooks.on_end(event.state)

    def show_failure(self, error: BaseException, *, retry: Callable[[], None] | None = None) -> None:
        """The one place failures reach the user: a message with the service's words and what to do."""
        from tui_ledger.ui.modals.failure import FailureScreen

        self.log.error(f"task failed: {error!r}")
        closable = self.workspace is not None
        self.push_screen(FailureScreen(explain(error), retry=retry, closable=closable))

    # -- actions reachable from keys and the command palette ------------------------------------------------

    def action_help(self) -> None:
        from tui_ledger.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_debug(self) -> None:
        from tui_ledger.ui.screens.debug import DebugScreen

        if isinstance(self.screen, DebugScreen):
            return
        self.push_screen(DebugScreen())

    def action_show_invoice_lines(self) -> None:
        from tui_ledger.ui.screens.lines_navigation import INVOICE_LINES, show_lines_screen

        show_lines_screen(self, INVOICE_LINES)

    def action_show_mapping(self) -> None:
        from tui_ledger.ui.screens.lines_navigation import MAPPING, show_lines_screen

        show_lines_screen(self, MAPPING)

    def action_show_system_logs(self) -> None:
        from tui_ledger.ui.screens.lines_navigation import SYSTEM_LOGS, show_lines_screen

        show_lines_screen(self, SYSTEM_LOGS)

    def action_show_export(self) -> None:
        from tui_ledger.ui.screens.lines_navigation import show_export

        show_export(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The invoice-lines screens are offered once a profile with invoice lines is open."""
        if action in ("show_invoice_lines", "show_mapping", "show_system_logs"):
            return self.workspace is not None and self.workspace.lines is not None
        return True

    def action_show_batches(self) -> None:
        from tui_ledger.ui.screens.batches_navigation import show_batches_screen

        show_batches_screen(self)

    def action_choose_theme(self) -> None:
        self.search_themes()

    def action_toggle_unicode(self) -> None:
        self.glyphs = glyphs_for(not self.glyphs.is_unicode)
        mode = "unicode symbols" if self.glyphs.is_unicode else "plain ASCII symbols"
        self.notify(f"Now showing {mode}.", title="Symbols")
        self._remember("app.unicode", self.glyphs.is_unicode)

    def get_key_display(self, binding: Binding) -> str:
        """Key names instead of arrow and return symbols in plain ASCII mode (footer, help, palette)."""
        shown = super().get_key_display(binding)
        if self.glyphs.is_unicode:
            return shown
        return "".join(ASCII_KEY_NAMES.get(character, character) for character in shown)

    def watch_theme(self, theme: str) -> None:
        self._remember("app.theme", theme)

    def watch_glyphs(self, glyphs: Glyphs) -> None:
        """Plain ASCII also means ASCII borders on our own panels and key names in the footer."""
        self.set_class(not glyphs.is_unicode, "-ascii")
        self.refresh_bindings()

    def _remember(self, key: str, value: str | bool) -> None:
        """Keep a choice the user made for the next start (once a profile is open; its settings come first)."""
        workspace = self.workspace
        if workspace is None or workspace.save_preference is None:
            return
        try:
            workspace.save_preference(key, value)
        except Exception as error:
            self.notify(f"Could not save {key} = {value!r}: {error}", title="Settings", severity="warning")
