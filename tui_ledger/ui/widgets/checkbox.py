"""A check box drawn from the glyph table, so it reads as a check box in plain ASCII terminals too."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox

from tui_ledger.ui.context import ledger_app


class GlyphCheckbox(Checkbox):
    """Textual's Checkbox (space or enter toggles) with the mark taken from the app's glyph table."""

    def on_mount(self) -> None:
        self.watch(ledger_app(self), "glyphs", self._redraw, init=False)

    def _redraw(self) -> None:
        self.refresh(layout=True)

    def _glyph(self) -> str:
        glyphs = ledger_app(self).glyphs
        return glyphs.checked if self.value else glyphs.unchecked

    def render(self) -> Content:
        mark = Content.styled(self._glyph(), self.get_visual_style("toggle--button"))
        label = self.label.pad(1, 0).stylize_before(self.get_visual_style("toggle--label"))
        return Content.assemble(mark, label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return len(self._glyph()) + 1 + self.label.cell_length
