"""The checked results of one document type: Ready on the left, Errors on the right (seed 004's two groups).

Counts sit in the border titles and totals in the border subtitles, so the numbers a finance user checks first
stay in view (as k9s and harlequin put state in titles). The Ready pane says what its documents will become and
what is created first; the Errors pane lists the kinds of error with how many documents each holds. `enter`
opens the details behind either pane.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import format_money
from tui_ledger.services.export_checked import CheckedDocuments, PaneFigures, ReadyBreakdown
from tui_ledger.ui.context import ledger_app
from tui_ledger.ui.export_keys import RESULTS_COMMANDS
from tui_ledger.ui.keymap import bindings_for


def totals_text(figures: PaneFigures) -> str:
    """`284,506.61 USD + 21,712.81 CAD`: one total per currency, never added across them."""
    return " + ".join(format_money(part.total, part.currency) for part in figures.by_currency) or "0.00"


def breakdown_text(breakdown: ReadyBreakdown, separator: str) -> str:
    """`86 to send · 1 to link · 3 not sent (no lines)`: what Export All Valid will do with them."""
    parts = [
        f"{breakdown.send} to send" if breakdown.send else "",
        f"{breakdown.link} to link" if breakdown.link else "",
        f"{breakdown.update} to update" if breakdown.update else "",
        f"{breakdown.not_sent} not sent (no lines)" if breakdown.not_sent else "",
    ]
    return f" {separator} ".join(part for part in parts if part)


def creations_text(checked: CheckedDocuments, kind: DocumentKind) -> str:
    """`Creates first: 1 customer, 10 suppliers` — what the package gets before these documents."""
    creations = checked.creations(checked.ready(kind))
    counted = [
        (len(creations.customers), "customer"),
        (len(creations.suppliers), "supplier"),
        (len(creations.items), "product"),
    ]
    named = [f"{count} {noun}{'s' if count != 1 else ''}" for count, noun in counted if count]
    return f"Creates first in {checked.package}: {', '.join(named)}" if named else "Nothing to create first"


class ReadyPane(Widget, can_focus=True):
    """The Ready documents of one type: count, totals, what happens to them; `enter` lists them."""

    LEDGER_COMMANDS = RESULTS_COMMANDS
    BINDINGS = bindings_for(RESULTS_COMMANDS)
    HELP = """\
## Ready for export

The documents of this type with no errors: they go with **Export All Valid** (`x`).

- The title shows how many, the bottom line their total (one total per currency).
- "to link": already in the package with the same content; they are only marked batched.
- "not sent (no lines)": invoices without lines are marked batched in ConnectWise and not sent (seed 002).
- `enter` lists them, to look at their lines or to mark some and **Export Selected**.
"""

    class ViewDetails(Message):
        def __init__(self, kind: DocumentKind) -> None:
            super().__init__()
            self.kind = kind

    def __init__(self, checked: CheckedDocuments, kind: DocumentKind) -> None:
        super().__init__(id=f"ready-{kind.value}", classes="ready-pane")
        self.checked = checked
        self.kind = kind

    def on_mount(self) -> None:
        self.watch(ledger_app(self), "glyphs", self._retitle)

    def _retitle(self) -> None:
        figures = self.checked.ready_figures(self.kind)
        separator = ledger_app(self).glyphs.separator
        self.border_title = f"{self.kind.plural_title} ready {separator} {figures.count}"
        self.border_subtitle = totals_text(figures)
        self.refresh()

    def render(self) -> Text:
        ready = self.checked.ready(self.kind)
        if not ready:
            return Text(f"No {self.kind.plural_title.lower()} ready for export.", style="italic")
        separator = ledger_app(self).glyphs.separator
        return Text.assemble(
            (breakdown_text(self.checked.breakdown(ready), separator), "bold"),
            "\n",
            creations_text(self.checked, self.kind),
            "\n",
            ("enter View Details", "dim"),
        )

    def action_view_details(self) -> None:
        self.post_message(self.ViewDetails(self.kind))


class ErrorsPane(OptionList):
    """The documents of one type that cannot go, grouped by kind of error with counts; `enter` opens a group."""

    HELP = """\
## With errors

The documents of this type that cannot be exported until their problems are fixed, grouped by the kind of
error, with how many documents each group holds.

- `up` / `down` choose a group, `enter` opens the list of errors at that group: each document with what is
  wrong and where to fix it (ConnectWise, the accounting package, or Settings).
- After fixing, **Refresh** (`r`) until the documents move to Ready.
"""

    class ViewGroup(Message):
        def __init__(self, kind: DocumentKind, group: int) -> None:
            super().__init__()
            self.kind = kind
            self.group = group

    def __init__(self, checked: CheckedDocuments, kind: DocumentKind) -> None:
        super().__init__(id=f"errors-{kind.value}", classes="errors-pane", compact=True)
        self.checked = checked
        self.kind = kind

    def on_mount(self) -> None:
        groups = self.checked.groups(self.kind)
        if groups:
            self.add_options(
                Option(Text.assemble((f"{group.document_count:>4}", "bold"), "  ", group.title), id=str(index))
                for index, group in enumerate(groups)
            )
            self.highlighted = 0
        else:
            self.add_option(Option(Text("No errors", style="italic"), disabled=True))
        self.set_class(not groups, "-clean")
        self.watch(ledger_app(self), "glyphs", self._retitle)

    def _retitle(self) -> None:
        figures = self.checked.error_figures(self.kind)
        separator = ledger_app(self).glyphs.separator
        self.border_title = f"{self.kind.plural_title} with errors {separator} {figures.count}"
        self.border_subtitle = totals_text(figures) if figures.count else ""

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.ViewGroup(self.kind, int(event.option.id)))


class KindResults(Horizontal):
    """Ready and Errors side by side for one document type."""

    def __init__(self, checked: CheckedDocuments, kind: DocumentKind) -> None:
        super().__init__(id=f"checked-{kind.value}", classes="kind-results")
        self.checked = checked
        self.kind = kind

    def compose(self) -> ComposeResult:
        yield ReadyPane(self.checked, self.kind)
        yield ErrorsPane(self.checked, self.kind)
