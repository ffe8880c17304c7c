"""Start-up time of `tui-ledger`: process start to the first frame, against a bare Textual app in the same run.

Each measurement spawns a fresh Python process in a pseudo-terminal (120x40, so Textual's real Linux driver
runs, as in a user's terminal) and takes the time from just before the spawn to Textual's `Ready` event,
which Textual sends once the first frame has been written. Both processes report on the same monotonic clock
through a pipe. The app runs exactly as `tui-ledger` does on the built-in sandbox profile: through the console
script's entry point `tui_ledger.cli:main` (click and every command group's imports included), in a process
(bench/startup_probe.py) that imports nothing else; no config file; a throw-away data folder, seeded by one
warm-up run that is not counted. For tui-ledger a second figure is printed: until the Export screen is up and
usable (profile opened, ConnectWise locations loaded).

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
PROBE = Path(__file__).with_name("startup_probe.py")
"""The measured process (see startup_probe.py): it imports only what the real one does."""


def measure(child: str, env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Spawn `child` in a 120x40 pty; for each label it reports, seconds from the spawn (wall) and the CPU seconds
    the child had used by then (on this shared machine, wall above CPU is time spent waiting for a core)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    read_end, write_end = os.pipe()
    child_env = {**env, REPORT_FD_ENV: str(write_end), "TERM": "xterm-256color"}
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, str(PROBE), child],
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
    times = {
        label: (float(at) - started, float(cpu))
        for label, at, cpu in zip(lines[::3], lines[1::3], lines[2::3], strict=True)
    }
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
    options = parser.parse_args()

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

    def median(runs: list[dict[str, tuple[float, float]]], label: str) -> str:
        wall = statistics.median(run[label][0] for run in runs)
        cpu = statistics.median(run[label][1] for run in runs)
        return f"{wall:5.2f} s (CPU {cpu:4.2f} s)"

    first_frame = statistics.median(run["first-frame"][0] for run in ledger)
    print(f"start-up, process start to first frame (median of {options.runs}, 120x40 pty):")
    print(f"  bare Textual app            {median(bare, 'first-frame')}   (reference)")
    verdict = "meets" if first_frame <= GOAL_SECONDS else "MISSES"
    print(f"  tui-ledger, sandbox profile {median(ledger, 'first-frame')}   goal <= {GOAL_SECONDS:.1f} s: {verdict}")
    print(f"  tui-ledger, Export usable   {median(ledger, 'export-ready')}   (profile open, locations loaded)")


if __name__ == "__main__":
    main()
