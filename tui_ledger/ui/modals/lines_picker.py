"""Pick one entry of a long list (ConnectWise companies, agreements, catalog items) by typing a few letters.

A tenant has hundreds of companies and products; scrolling a drop-down through them is slow. The picker shows
a filter field over the list: typing narrows the list to entries containing the text (any case), `down` moves
into the list, `enter` takes the highlighted entry, `escape` closes without choosing. The suggested entry, when
there is one, is listed first and highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Generic, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_ledger.ui.keymap import bindings_for
from tui_ledger.ui.lines_keys import PICK_COMMANDS
from tui_ledger.ui.screens.invoice_lines_fields import match_cursor_blink

ValueT = TypeVar("ValueT")


class PickScreen(ModalScreen[ValueT | None], Generic[ValueT]):
    """Dismisses with the chosen value, or None."""

    CSS_PATH = Path(__file__).parent.parent / "styles" / "lines_dialogs.tcss"
    LEDGER_COMMANDS = PICK_COMMANDS
    BINDINGS = bindings_for(PICK_COMMANDS)
    HELP = """\
## Choose

Type to narrow the list, `down` to move into it, `enter` to choose, `escape` to close without choosing.
"""

    def __init__(
        self,
        title: str,
        prompt: str,
        options: Sequence[tuple[str, ValueT]],
        *,
        suggested: ValueT | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        first = [option for option in options if option[1] == suggested]
        self.options = [*first, *(option for option in options if option[1] != suggested)]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(self.prompt, id="pick-prompt", markup=False)
            yield Input(placeholder="type to filter", id="pick-filter", compact=True)
            yield OptionList(*self._shown(""), id="pick-options")
        yield Footer()

    def on_mount(self) -> None:
        match_cursor_blink(self)
        self.query_one("#dialog").border_title = self.title_text
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
        self.query_one("#pick-filter").focus()

    def _shown(self, text: str) -> list[Option]:
        wanted = text.strip().casefold()
        return [
            Option(label, id=str(index))
            for index, (label, _) in enumerate(self.options)
            if not wanted or wanted in label.casefold()
        ]

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._shown(event.value))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Submitted, "#pick-filter")
    def _filter_submitted(self) -> None:
        self.action_choose()

    def on_key(self, event: events.Key) -> None:
        if event.key == "down" and self.query_one("#pick-filter").has_focus:
            self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        self._choose(options.get_option_at_index(options.highlighted))

    def _choose(self, option: Option) -> None:
        if option.id is not None:
            self.dismiss(self.options[int(option.id)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
