"""SteadyFooter: the same keys as Textual's Footer, rebuilt only when they change (a dialogue closing over a
screen used to rebuild all of them)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets._footer import FooterKey

from tui_ledger.ui.widgets.steady_footer import SteadyFooter


class FooterHost(App[None]):
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [("x", "always", "Always"), ("y", "sometimes", "Sometimes")]

    def __init__(self) -> None:
        super().__init__()
        self.sometimes = True

    def compose(self) -> ComposeResult:
        yield SteadyFooter()

    def action_always(self) -> None:
        self.bell()

    def action_sometimes(self) -> None:
        self.bell()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """False hides a binding from the footer."""
        return self.sometimes or action != "sometimes"


def keys(app: App[None]) -> list[FooterKey]:
    return list(app.screen.query(FooterKey))


async def test_the_footer_keeps_its_keys_while_the_bindings_stay_and_rebuilds_them_when_they_change() -> None:
    app = FooterHost()
    async with app.run_test() as pilot:
        await pilot.pause()
        before = keys(app)
        assert [key.description for key in before] == ["Always", "Sometimes"]
        app.screen.refresh_bindings()
        await pilot.pause()
        assert keys(app) == before
        app.sometimes = False
        app.screen.refresh_bindings()
        await pilot.pause()
        after = keys(app)
        assert after != before
        assert [key.description for key in after] == ["Always"]
