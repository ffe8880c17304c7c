"""The measured process of bench/startup.py: a bare Textual app, or `tui-ledger` through its real entry point.

Kept apart from the bench so that the measured process imports nothing the real one would not: only `os`,
`sys` and `time` here, then exactly what the console script imports. The parent passes a pipe (environment
variable `BENCH_REPORT_FD`); each milestone is written there as `<label> <time.monotonic()> <CPU seconds>`.

    python bench/startup_probe.py bare|tui-ledger
"""

from __future__ import annotations

import os
import sys
import time

REPORT_FD_ENV = "BENCH_REPORT_FD"


def report(label: str) -> None:
    os.write(int(os.environ[REPORT_FD_ENV]), f"{label} {time.monotonic()} {time.process_time()}\n".encode())


def run_bare_app() -> None:
    """The reference: a Textual app with a header, a line of text and a footer; exits on its first frame."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("A bare Textual app")
            yield Footer()

        def on_ready(self) -> None:
            report("first-frame")
            self.exit()

    Bare().run()


def run_tui_ledger() -> None:
    """`tui-ledger` with no arguments, as the console script runs it (`tui_ledger.cli:main`), with the App class
    swapped for one that reports its first frame and when the Export screen is usable, then quits."""
    import tui_ledger.ui.app
    from tui_ledger.ui.app import TuiLedgerApp

    class Measured(TuiLedgerApp):
        # Textual calls every class's own `on_ready`, so TuiLedgerApp still opens the profile.
        def on_ready(self) -> None:
            report("first-frame")
            self.set_interval(0.005, self._when_usable)

        def _when_usable(self) -> None:
            from tui_ledger.ui.screens.export import ExportScreen

            screen = self.screen
            if isinstance(screen, ExportScreen) and screen.query_one("#location").is_mounted and not self.workers:
                report("export-ready")
                self.exit()
            elif type(screen).__name__ == "FailureScreen":
                report("failed")
                self.exit(return_code=1)

    tui_ledger.ui.app.TuiLedgerApp = Measured  # type: ignore[misc]
    from tui_ledger.cli import main

    main(args=[], prog_name="tui-ledger")


if __name__ == "__main__":
    {"bare": run_bare_app, "tui-ledger": run_tui_ledger}[sys.argv[1]]()
