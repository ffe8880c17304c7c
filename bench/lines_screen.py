"""Benchmark of the Invoice Lines screen (not only its grid) over a large period: what a user feels per key.

    .venv/bin/python bench/lines_screen.py                 # 200,000 lines
    .venv/bin/python bench/lines_screen.py --lines 1000000 # the issue's million (the build takes minutes)

bench/grid.py measures the virtual table alone against textual-fastdatatable. The screen adds work around it on
every key: the seed's summary lines ("Showing X of Y", "Total | Mapped | Unmapped"), the Bulk Update (N) label,
the pager (range, page input, page count), the note on the cursor's column, the search field. This script opens
the desk itself (TuiLedgerApp, the Invoice Lines screen on a profile database holding a synthetic period, built
by bench/grid.py's builder) and times, from the key to the next painted frame:
open the screen (ctrl+l, to the first frame showing rows), move, page, next page (`n`), mark (`space`, which
recounts), sort, and one search keystroke typed in the search field. Median and p95 in ms, and resident memory.
The same goals as the grid: each operation median <= 50 ms and p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import parts  # noqa: E402
from bench.frame_table import goal_rows, memory_row  # noqa: E402
from bench.grid import PERIOD, TODAY, Samples, build, key_frame, memory, settle  # noqa: E402

SIZE = (120, 40)


class IdlePsa:
    """The PsaReader the Export screen under the lines screen asks for locations; nothing else is read."""

    async def count_unposted_invoices(self, unposted: Any) -> int:
        return 0

    async def count_unposted_expenses(self, unposted: Any) -> int:
        return 0

    async def count_unposted_procurement(self, unposted: Any) -> int:
        return 0

    async def _nothing(self) -> AsyncIterator[list[Any]]:
        for page in ():
            yield page

    def unposted_invoices(self, unposted: Any) -> AsyncIterator[list[Any]]:
        return self._nothing()

    def unposted_expenses(self, unposted: Any) -> AsyncIterator[list[Any]]:
        return self._nothing()

    def unposted_purchases(self, unposted: Any) -> AsyncIterator[list[Any]]:
        return self._nothing()

    async def locations(self) -> list[Any]:
        return []

    async def companies(self, name_contains: str | None = None) -> list[Any]:
        return []

    async def aclose(self) -> None:
        return None


class BenchClock:
    """Today is the benchmark period's day, so Show invoices offers it."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> Any:
        from datetime import UTC, datetime

        return datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def workspace_on(database_path: Path) -> Any:
    from tui_ledger.connectors.connectwise.agreement_billing import ConnectWiseAgreementBilling
    from tui_ledger.connectors.connectwise.settings import ConnectWiseSettings
    from tui_ledger.services.invoice_lines import InvoiceLinesService
    from tui_ledger.services.workspace import UiPreferences, Workspace, WorkspacePaths
    from tui_ledger.store import Database

    database = Database.open(database_path)
    unused = ConnectWiseSettings("https://connectwise.invalid/apis/3.0", "bench", "bench", "unused", "bench")

    def no_platform(csv_file: Path | None) -> Any:
        raise RuntimeError("the benchmark loads nothing from a platform")

    lines = InvoiceLinesService(database, no_platform, ConnectWiseAgreementBilling.open(unused), clock=BenchClock())
    return Workspace(
        profile="bench",
        is_sandbox=True,
        psa=IdlePsa(),
        connected_systems=("ConnectWise",),
        target_companies=(),
        preferences=UiPreferences(),
        paths=WorkspacePaths(config_file=None, data_dir=database_path.parent),
        lines=lines,
    )


def measure(database_path: Path, trials: int) -> dict[str, Any]:
    return asyncio.run(_measure(database_path, trials))


async def _measure(database_path: Path, trials: int) -> dict[str, Any]:
    from textual import events

    from tui_ledger.ui.app import TuiLedgerApp
    from tui_ledger.ui.screens.invoice_lines import InvoiceLinesScreen

    workspace = workspace_on(database_path)

    async def open_workspace() -> Any:
        return workspace

    app = TuiLedgerApp(open_workspace, clock=BenchClock(), cursor_blink=False)
    samples = Samples()
    async with app.run_test(size=SIZE) as pilot:
        while app.workspace is None:
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        start = time.perf_counter()
        app.post_message(events.Key("ctrl+l", None))
        # Poll without sleeping: an Event would need a hook in the screen, and a timed sleep would add to the figure.
        while not (isinstance(app.screen, InvoiceLinesScreen) and app.screen.grid is not None):  # noqa: ASYNC110
            await asyncio.sleep(0)
        await settle(app, pilot)
        opened = (time.perf_counter() - start) * 1000
        screen = app.screen
        grid = screen.grid
        assert grid is not None
        assert grid.row_count == workspace.lines.store.loaded(PERIOD).line_count

        async def timed(name: str, key: str) -> None:
            samples.add(name, await key_frame(app, pilot, grid, key))

        for _ in range(trials):
            await timed("move", "down")
        for _ in range(trials):
            await timed("page", "pagedown")
        for _ in range(trials):
            await timed("next page (n)", "n")
        for _ in range(trials):
            await timed("mark (recount)", "space")
        for column in ("organization_name", "cost", "psa_status"):
            grid.move_to_column(column)
            for _ in range(max(trials // 5, 2)):
                await timed("sort", "left_square_bracket")
                await timed("sort", "right_square_bracket")
        grid.sort_by(None)
        search = screen.query_one("#lines-search")
        for word in ("harbor", "premium", "cloud", "annual", "backup", "monthly"):
            search.focus()
            await settle(app, pilot)
            for character in word:
                samples.add("search keystroke", await key_frame(app, pilot, grid, character))
            search.value = ""
            await settle(app, pilot)
    return {"open_ms": opened, "ops": samples.summary(), **memory()}


def run_part(part: str, arguments: list[str]) -> dict[str, Any]:
    return parts.run_part(__file__, part, arguments)


def report(built: dict[str, Any], measured: dict[str, Any]) -> str:
    out = [f"Invoice Lines screen: {built['lines']:,} lines, {SIZE[0]}x{SIZE[1]} terminal"]
    out.append(
        f"  store load {built['load_s']:.1f} s; open the screen (ctrl+l) to first frame {measured['open_ms']:.0f} ms"
    )
    out.extend(goal_rows(measured["ops"], "operation", 18))
    out.append(memory_row(measured))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=200_000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--part", choices=("build", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.part == "build":
        print(json.dumps(build(arguments.database, arguments.lines)))
        return
    if arguments.part == "measure":
        print(json.dumps(measure(arguments.database, arguments.trials)))
        return
    with tempfile.TemporaryDirectory(prefix="tui-ledger-lines-screen-bench-") as folder:
        database = Path(folder) / "bench.sqlite"
        shared = ["--lines", str(arguments.lines), "--trials", str(arguments.trials), "--database", str(database)]
        print(f"building a period of {arguments.lines:,} lines ...", flush=True)
        built = run_part("build", shared)
        print("measuring the Invoice Lines screen ...", flush=True)
        print(report(built, run_part("measure", shared)))


if __name__ == "__main__":
    main()
