"""Start-up time of `tui-ledger`: process start to the first frame, against a bare Textual app in the same run.

Each measurement spawns a fresh Python process in a pseudo-terminal (120x40, so Textual's real Linux driver
runs, as in a user's terminal) and takes the time from just before the spawn to Textual's `Ready` event,
which Textual sends once the first frame has been written. Both processes report on the same monotonic clock
through a pipe. The app runs exactly as `tui-ledger` does on the built-in sandbox profile (no config file; a
throw-away data folder, seeded by one warm-up run that is not counted). For tui-ledger a second figure is
printed: until the Export screen is up and usable (profile opened, ConnectWise locations loaded).

Goal: first frame <= 1.0 s on the 2-core reference machine (a bare Textual app takes about 0.4 s there).
Not a test: run it.

    .venv/bin/python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

GOAL_SECONDS = 1.0
REPORT_FD_ENV = "BENCH_REPORT_FD"
TIMEOUT_SECONDS = 60.0


def _report(label: str) -> None:
    os.write(int(os.environ[REPORT_FD_ENV]), f"{label} {time.monotonic()}\n".encode())


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
            _report("first-frame")
            self.exit()

    Bare().run()


def run_tui_ledger() -> None:
    """The real app as `tui-ledger` builds it, reporting its first frame and when the Export screen is usable."""
    from functools import partial

    from tui_ledger.ui.app import TuiLedgerApp
    from tui_ledger.ui.launch import open_profile

    class Measured(TuiLedgerApp):
        # Textual calls every class's own `on_ready`, so TuiLedgerApp still opens the profile.
        def on_ready(self) -> None:
            _report("first-frame")
            self.set_interval(0.005, self._when_usable)

        def _when_usable(self) -> None:
            from tui_ledger.ui.screens.export import ExportScreen

            screen = self.screen
            if isinstance(screen, ExportScreen) and screen.query_one("#location").is_mounted and not self.workers:
                _report("export-ready")
                self.exit()
            elif type(screen).__name__ == "FailureScreen":
                _report("failed")
                self.exit(return_code=1)

    Measured(partial(open_profile, None)).run()


def measure(child: str, env: dict[str, str]) -> dict[str, float]:
    """Spawn `child` in a 120x40 pty; seconds from spawn to each label it reports."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    read_end, write_end = os.pipe()
    child_env = {**env, REPORT_FD_ENV: str(write_end), "TERM": "xterm-256color"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", child],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=child_env,
        pass_fds=(write_end,),
        start_new_session=True,
    )
    os.close(slave)
    os.close(write_end)
    drain = threading.Thread(target=_drain, args=(master,), daemon=True)
    drain.start()
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
        with os.fdopen(read_end) as reports:
            lines = reports.read().split()
        os.close(master)
    times = {label: float(at) - started for label, at in zip(lines[::2], lines[1::2], strict=True)}
    if "failed" in times or "first-frame" not in times:
        raise SystemExit(f"{child} did not start cleanly (reports: {sorted(times)})")
    return times


def _drain(master: int) -> None:
    """Read the child's terminal output so it never blocks on a full pty buffer."""
    try:
        while os.read(master, 65536):
            pass
    except OSError:
        return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measurements per app (median is reported)")
    parser.add_argument("--child", choices=("bare", "tui-ledger"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child == "bare":
        run_bare_app()
        return
    if options.child == "tui-ledger":
        run_tui_ledger()
        return

    with tempfile.TemporaryDirectory(prefix="tui-ledger-startup-") as home:
        env = {
            **os.environ,
            "TUI_LEDGER_CONFIG": str(Path(home) / "config.toml"),
            "TUI_LEDGER_DATA_DIR": str(Path(home) / "data"),
        }
        measure("tui-ledger", env)  # warm-up: seeds the sandbox and fills the OS file cache
        measure("bare", env)
        bare, ledger = [], []
        for _ in range(options.runs):
            bare.append(measure("bare", env))
            ledger.append(measure("tui-ledger", env))

    def median(runs: list[dict[str, float]], label: str) -> float:
        return statistics.median(run[label] for run in runs)

    first_frame = median(ledger, "first-frame")
    print(f"start-up, process start to first frame (median of {options.runs}, 120x40 pty):")
    print(f"  bare Textual app            {median(bare, 'first-frame'):5.2f} s   (reference)")
    verdict = "meets" if first_frame <= GOAL_SECONDS else "MISSES"
    print(f"  tui-ledger, sandbox profile {first_frame:5.2f} s   goal <= {GOAL_SECONDS:.1f} s: {verdict}")
    print(f"  tui-ledger, Export usable   {median(ledger, 'export-ready'):5.2f} s   (profile open, locations loaded)")


if __name__ == "__main__":
    main()
