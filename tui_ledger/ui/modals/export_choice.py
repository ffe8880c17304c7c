"""Link, update or skip: the one-key choice for a document the package already holds with other content.

DESIGN.md §5 step 2: a document found in the package under its number but with different content is never
overwritten or duplicated silently. The user compares the two and chooses; the run applies the choice.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui_ledger.domain.checks import CheckKind, Resolution, Verdict
from tui_ledger.domain.checks.labels import document_label
from tui_ledger.ui.export_keys import CHOICE_COMMANDS
from tui_ledger.ui.keymap import bindings_for


def conflict_message(verdict: Verdict) -> str:
    """What the check said about the copy in the package (numbers and totals on both sides)."""
    return next(
        (problem.message for problem in verdict.problems if problem.kind is CheckKind.ALREADY_IN_PACKAGE),
        f"{document_label(verdict.document)} is already in the package with different content",
    )


class ResolutionChoiceScreen(ModalScreen[Resolution | None]):
    """`l` link, `u` update, `s` skip, `escape` decide later."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "export_dialogs.tcss"
    LEDGER_COMMANDS = CHOICE_COMMANDS
    BINDINGS = bindings_for(CHOICE_COMMANDS)
    HELP = """\
## Already in the package

A document with this number is in the accounting package, but with other content.

- `l` **Link**: the package's copy is this document; it is only marked batched in ConnectWise.
- `u` **Update**: overwrite the package's copy with this document from ConnectWise.
- `s` **Skip**: leave both alone; the document stays unposted and under Errors.
- `escape` decides later.
"""

    def __init__(self, label: str, message: str, package: str) -> None:
        super().__init__()
        self.label = label
        self.message = message
        self.package = package

    @classmethod
    def for_verdict(cls, verdict: Verdict, package: str) -> ResolutionChoiceScreen:
        return cls(document_label(verdict.document), conflict_message(verdict), package)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -choice"):
            yield Static(self.message, id="choice-message", markup=False)
            yield Static(
                f"l  Link: the copy in {self.package} is this document; only mark it batched\n"
                f"u  Update the copy in {self.package} from ConnectWise\n"
                "s  Skip: leave both alone; it stays unposted\n"
                "escape  Decide later",
                id="choice-keys",
                markup=False,
            )
        yield Footer()

    def on_mount(self) -> None:
        dialog = self.query_one("#dialog")
        dialog.border_title = f"{self.label} is already in {self.package}"

    def action_pick(self, choice: str) -> None:
        self.dismiss(Resolution(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
