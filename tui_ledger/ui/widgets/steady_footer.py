"""A Footer that rebuilds its keys only when the keys it would show changed.

Textual's Footer recomposes whenever its screen's bindings are refreshed: on every focus change, and whenever
the screen comes back from under a dialogue. Recomposing mounts some thirty key widgets, and each styles itself
as it mounts; on the Mapping screen that is about a hundred milliseconds of the frame after a picker closes,
to show the very keys that were there before. This Footer remembers what it composed and skips the rebuild
when the screen's shown bindings are what they were.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """Footer (see the module docstring); it looks and behaves as Textual's."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._bindings_known = False
        self._composed: Hashable | None = None

    def _shown_bindings(self) -> Hashable:
        """What the keys drawn depend on: each shown binding, whether it is enabled, its tooltip."""
        return tuple(
            (binding.key, binding.key_display, binding.description, binding.action, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        if self._bindings_known and screen is self.screen and self._composed == self._shown_bindings():
            return
        self._bindings_known = True
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_known:
            self._composed = self._shown_bindings()
        yield from super().compose()
