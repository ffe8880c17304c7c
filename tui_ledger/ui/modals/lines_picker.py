"""Pick one entry of a long list (ConnectWise companies, agreements, catalog items) by typing a few letters.

A tenant has hundreds of companies and products; scrolling a drop-down through them is slow. The picker shows
a filter field over the list: typing narrows the list to entries containing the text (any case), `down` moves
into the list, `enter` takes the highlighted entry, `escape` closes without choosing. The suggested entry, when
there is one, is listed first and highlighted.

A tenant may also have tens of thousands of companies, and an OptionList given every one of them takes a second
to build. The list is therefore fed as it is used: the entries matching the filter are found in a list of
names folded once (a few milliseconds for twenty thousand), and only the first `PAGE` of them become options;
the next page is added when the highlight comes near the end of what is listed. A last, disabled line says how
many more match, so that nobody takes the list for complete.
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

PAGE = 100
"""Options added at a time: a few screens of the list, built in a few milliseconds."""
NEAR_END = 10
"""How close to the last listed entry the highlight comes before the next page is added."""
MORE_ID = "more"


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
        self._folded = [label.casefold() for label, _ in self.options]
        self._matches: list[int] = list(range(len(self.options)))
        self._listed = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -card"):
            yield Static(self.prompt, id="pick-prompt", markup=False)
            yield Input(placeholder="type to filter", id="pick-filter", compact=True)
            yield OptionList(*self._next_page(), id="pick-options")
        yield Footer()

    def on_mount(self) -> None:
        match_cursor_blink(self)
        self.query_one("#dialog").border_title = self.title_text
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = 0
        self.query_one("#pick-filter").focus()

    def _next_page(self) -> list[Option]:
        """The next `PAGE` matching entries as options, and the "more" line when some are still unlisted."""
        start, self._listed = self._listed, min(self._listed + PAGE, len(self._matches))
        page = [Option(self.options[index][0], id=str(index)) for index in self._matches[start : self._listed]]
        unlisted = len(self._matches) - self._listed
        if unlisted:
            page.append(Option(f"... {unlisted:,} more: type to narrow", id=MORE_ID, disabled=True))
        return page

    @on(Input.Changed, "#pick-filter")
    def _filter(self, event: Input.Changed) -> None:
        wanted = event.value.strip().casefold()
        self._matches = [index for index, folded in enumerate(self._folded) if wanted in folded]
        self._listed = 0
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._next_page())
        if options.option_count and self._matches:
            options.highlighted = 0

    @on(OptionList.OptionHighlighted, "#pick-options")
    def _list_more(self, event: OptionList.OptionHighlighted) -> None:
        """Near the end of what is listed: list the next page (replacing the "more" line)."""
        if self._listed == len(self._matches) or event.option_index < self._listed - NEAR_END:
            return
        options = self.query_one(OptionList)
        options.remove_option(MORE_ID)
        options.add_options(self._next_page())

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
        if option.id is not None and option.id != MORE_ID:
            self.dismiss(self.options[int(option.id)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
