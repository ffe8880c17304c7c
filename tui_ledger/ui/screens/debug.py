"""F12: the debug report on screen, one key to copy it (as harlequin's debug info, for support tickets)."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.ui import debug_report
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.debug_report import Fact
from tui_ledger.ui.keymap import DEBUG_COMMANDS, bindings_for
from tui_ledger.ui.themes import bundled_themes_dir


def _path(path: Path | None, missing: str) -> str:
    return str(path) if path is not None else missing


class DebugScreen(ModalScreen[None]):
    """Versions, profile, paths, theme and terminal; secrets redacted; `c` copies it all."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "dialogs.tcss"
    LEDGER_COMMANDS = DEBUG_COMMANDS
    BINDINGS = bindings_for(DEBUG_COMMANDS)
    HELP = """\
## Debug info

What support needs to know about this installation. Secrets are never shown.
`c` copies the report to the clipboard (through the terminal, so it also works over SSH in most terminals).
"""

    def gather(self) -> list[Fact]:
        app = ledger_app(self)
        workspace = app.workspace
        facts = [Fact("Versions", label, value) for label, value in debug_report.runtime_versions()]
        session: list[tuple[str, str]] = []
        if workspace is not None:
            session += [
                ("Profile", workspace.profile),
                ("Sandbox", "yes (demo data)" if workspace.is_sandbox else "no"),
                ("Connected to", ", ".join(workspace.connected_systems) or "nothing"),
            ]
        else:
            session.append(("Profile", "not open"))
        session += [
            ("Theme", app.theme),
            ("Symbols", "unicode" if app.glyphs.is_unicode else "plain ASCII"),
            ("Terminal size", f"{app.size.width}x{app.size.height}"),
            ("Terminal", debug_report.terminal_description()),
        ]
        facts += [Fact("Session", label, value) for label, value in session]
        paths = [("Bundled themes", str(bundled_themes_dir()))]
        if workspace is not None:
            paths = [
                ("Config file", _path(workspace.paths.config_file, "none (built-in sandbox profile)")),
                ("Data folder", str(workspace.paths.data_dir)),
                ("Your themes", _path(workspace.paths.themes_dir, "none")),
                *paths,
            ]
        facts += [Fact("Paths", label, value) for label, value in paths]
        remapped = ", ".join(f"{binding_id} = {keys}" for binding_id, keys in sorted(app.key_overrides.items()))
        facts.append(Fact("Keys", "Remapped", remapped or "none"))
        if workspace is not None:
            facts += [Fact("Details", label, value) for label, value in debug_report.redacted(workspace.details)]
        facts += [Fact("Problems", "Note", note) for note in app.notes]
        return facts

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield Static(id="debug-facts")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dialog").border_title = "Debug info"
        self.query_one("#debug-facts", Static).update(self._table(self.gather()))
        self.query_one("#dialog").focus()

    def _table(self, facts: list[Fact]) -> Table:
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
        table.add_column("label", style="bold", no_wrap=True)
        table.add_column("value", overflow="fold")
        section = None
        for fact in facts:
            if fact.section != section:
                if section is not None:
                    table.add_row("", "")
                section = fact.section
                table.add_row(Text(section, style="underline"), "")
            table.add_row(fact.label, Text(fact.value))
        return table

    def action_copy_report(self) -> None:
        text = debug_report.report_text(self.gather())
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the debug report ({text.count(chr(10))} lines) to the clipboard.", title="Debug info")

    def action_close(self) -> None:
        self.dismiss()
