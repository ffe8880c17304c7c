"""Seed 003's pagination bar: Items per page (default 20), the current range, previous / next, the page input.

Paging is laid over smooth scrolling rather than replacing it: a page is a run of `per_page` lines of the view
the grid shows, "next" puts the cursor on the first line of the next page at the top of the grid, and the page
shown is the page the cursor is on. So the seed's controls all work and nothing is lost by scrolling a million
lines line by line. The bar draws a `Paging` and asks for a page with `PageRequested`; the screen moves the grid.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Select, Static

ITEMS_PER_PAGE = (10, 20, 50, 100, 200)
DEFAULT_PER_PAGE = 20
"""Seed 003: "Items per page (default 20)"."""


@dataclass(frozen=True, slots=True)
class Paging:
    """Where the cursor is, in pages of `per_page` lines of a view of `count` lines. While `counting`, `count` is
    only the lines known so far (a search whose matches the grid is still counting): totals read "…"."""

    count: int
    per_page: int
    cursor: int
    counting: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def page(self) -> int:
        """1-based page of the cursor."""
        return min(self.cursor // self.per_page + 1, self.pages)

    def first_of(self, page: int) -> int:
        """Position of the first line of `page`, clamped to the pages there are (while counting, not clamped
        above: the grid counts at once when asked for a line past those it knows)."""
        last = page if self.counting else min(page, self.pages)
        return (max(1, last) - 1) * self.per_page

    @property
    def range_text(self) -> str:
        """`21-40 of 412`: the lines of the cursor's page (`of …` while counting)."""
        if self.count == 0 and not self.counting:
            return "0 of 0"
        first = self.first_of(self.page)
        total = "…" if self.counting else f"{self.count:,}"
        return f"{first + 1:,}-{min(first + self.per_page, self.count):,} of {total}"

    @property
    def pages_text(self) -> str:
        """`of 21` after the page input (`of …` while counting)."""
        return "of …" if self.counting else f"of {self.pages:,}"


class LinePager(Horizontal):
    """The pagination bar under the grid (see the module docstring)."""

    class PageRequested(Message):
        """The user asked for page `page` (1-based; the screen clamps it to the pages there are)."""

        def __init__(self, page: int) -> None:
            super().__init__()
            self.page = page

    class PerPageChanged(Message):
        """Items per page changed: the range and page count need drawing again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.per_page = DEFAULT_PER_PAGE
        self._paging = Paging(0, DEFAULT_PER_PAGE, 0)
        self._texts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("Items per page", classes="pager-label")
        yield Select[int](
            [(str(size), size) for size in ITEMS_PER_PAGE],
            value=DEFAULT_PER_PAGE,
            allow_blank=False,
            id="per-page",
            compact=True,
        )
        yield Static("", id="page-range", markup=False)
        yield Button("<", id="previous-page", compact=True)
        yield Static("Page", classes="pager-label")
        yield Input("1", id="page-input", restrict=r"[0-9]*", max_length=7, compact=True)
        yield Static("", id="page-count", markup=False)
        yield Button(">", id="next-page", compact=True)

    def paging(self, count: int, cursor: int, *, counting: bool = False) -> Paging:
        return Paging(count, self.per_page, cursor, counting)

    def show(self, paging: Paging) -> None:
        """Draw the range, page number and page count; only what changed, and never under the user's typing."""
        self._paging = paging
        self._set("#page-range", paging.range_text)
        self._set("#page-count", paging.pages_text)
        page_input = self.query_one("#page-input", Input)
        if not page_input.has_focus and page_input.value != str(paging.page):
            page_input.value = str(paging.page)

    def _set(self, selector: str, text: str) -> None:
        if self._texts.get(selector) != text:
            self._texts[selector] = text
            self.query_one(selector, Static).update(text, layout=False)

    def focus_page_input(self) -> None:
        page_input = self.query_one("#page-input", Input)
        page_input.focus()
        page_input.select_all()

    def next_page(self) -> None:
        self.post_message(self.PageRequested(self._paging.page + 1))

    def previous_page(self) -> None:
        self.post_message(self.PageRequested(self._paging.page - 1))

    @on(Select.Changed, "#per-page")
    def _per_page_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if isinstance(event.value, int) and event.value != self.per_page:
            self.per_page = event.value
            self.post_message(self.PerPageChanged())

    @on(Button.Pressed, "#next-page")
    def _next_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.next_page()

    @on(Button.Pressed, "#previous-page")
    def _previous_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.previous_page()

    @on(Input.Submitted, "#page-input")
    def _page_typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.PageRequested(int(event.value) if event.value.isdigit() else 1))
