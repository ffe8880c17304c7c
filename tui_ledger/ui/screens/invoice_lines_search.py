"""The search field above the Invoices grid: an Input whose typing never asks for a new screen layout.

Textual's Input sets its `virtual_size` to the text's width on every change (so it can scroll sideways), and
`Widget.virtual_size` is a layout reactive: each keystroke made Textual reflow the whole Invoice Lines screen
(about forty widgets), which was most of a search keystroke's frame. This field's box never depends on its text
(one line high, the screen's full width, invoice_lines.tcss), so the width of the text only matters for the
field's own sideways scrolling, which reads `virtual_size` directly: a repaint is enough.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchField(Input):
    """An Input of fixed size whose text changes repaint it without a layout of the screen."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
