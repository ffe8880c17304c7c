"""Benchmark of the Invoices grid at a million lines, against textual-fastdatatable in the same run.

    .venv/bin/python bench/grid.py                 # 1,000,000 lines, about 3-5 minutes on 2 cores
    .venv/bin/python bench/grid.py --lines 200000  # a quicker look

What it does, each part in its own fresh process so that one side's memory never counts against the other:

1. build  - generates a period of synthetic lines (bench/grid_lines.py) and loads it into a temporary profile
            database with the store's bulk loader; prints the load's stages.
2. ours   - opens that database in the real widget (VirtualTable over the store's LineGrid) inside a Textual
            app run headless at a fixed size, and times each operation from the key press to the next frame
            (the frame is painted by the compositor right after the key is handled, as the screen's refresh
            timer would): open to first frame, move, page, jump to end, mark, sort by several columns, one search
            keystroke. Median and p95 in ms, and resident memory (VmRSS, peak VmHWM).
3. fastdatatable - the same operations on textual-fastdatatable holding the same lines in an Arrow table: open
            (a DataTable reading the lines from a Parquet file, to its first frame),
            move, page, jump to end, sort (DataTable.sort), one search keystroke (filtering the Arrow table on
            the five searched columns and mounting a table of the result, the way its users filter). It has no
            marks, so "mark" has no comparison.

textual-fastdatatable is a bench-only tool, not a dependency of tui-ledger. Install it with

    .venv/bin/pip install textual-fastdatatable

Without it, the third part is skipped with a message. Goals (issue 6): first frame <= 1 s; each operation median
<= 50 ms and p95 <= 100 ms; RSS <= 300 MB; at least 10x faster than fastdatatable per operation and at least 3x
less memory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from textual import events

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.grid_lines import synthetic_lines  # noqa: E402
from tui_ledger.store.line_periods import BillingPeriod  # noqa: E402

PERIOD = BillingPeriod(2026, 5)
TODAY = date(2026, 5, 18)
SIZE = (160, 48)
SORT_COLUMNS = ("organization_name", "cost", "invoice_date", "charge_type", "psa_status", "offer_id")
SEARCHES = ("harbor", "premium", "c1001")
SEARCH_ORDERS = (
    ("search keystroke", None, ""),
    ("search, cost sort", "cost", "left_square_bracket"),
    ("search, offer-id sort", "offer_id", "right_square_bracket"),
)
"""Searches typed in load order, then under a sort unrelated to the search, then under one that is related
(Offer ID descending while typing an offer name: the matches sit together far from the top of the sort)."""
FASTDATATABLE_HINT = ".venv/bin/pip install textual-fastdatatable"


# -- shared measurement helpers -------------------------------------------------------------------------------


def memory() -> dict[str, float]:
    """Resident memory now and at its peak, in MB, from /proc (Linux)."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return {"rss_mb": fields.get("VmRSS", 0.0), "peak_mb": fields.get("VmHWM", 0.0)}


def summarise(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "n": len(ordered), "max": ordered[-1]}


_CHARACTERS = {"left_square_bracket": "[", "right_square_bracket": "]", "slash": "/", "space": " "}


async def settle(app: Any, pilot: Any) -> None:
    """Let every pending message be handled and paint what is dirty, so the next timing starts clean."""
    await pilot._wait_for_screen()
    app.screen._on_timer_update()


def watch_refresh(widget: Any) -> list[bool]:
    """Wrap the widget's `refresh` so the bench sees the moment a key's effect asks for a repaint."""
    asked = [False]
    refresh = widget.refresh

    def recorded(*args: Any, **kwargs: Any) -> Any:
        asked[0] = True
        return refresh(*args, **kwargs)

    widget.refresh = recorded
    widget.bench_refresh_asked = asked
    return asked


async def key_frame(app: Any, pilot: Any, widget: Any, key: str) -> float:
    """Milliseconds from a key arriving at the app to the next frame painted with its effect.

    The key is posted as the terminal driver posts it; the clock stops once the widget has asked to be
    repainted, its pending messages are handled and the compositor has painted the frame (what the screen's
    refresh timer does at most 1/60 s later in a live terminal). `Pilot.press` is not used: it sleeps at
    least 40 ms per key waiting for the CPU to go idle, which would swamp what is measured.
    """
    asked = getattr(widget, "bench_refresh_asked", None) or watch_refresh(widget)
    await settle(app, pilot)
    asked[0] = False
    character = _CHARACTERS.get(key, key if len(key) == 1 else None)
    start = time.perf_counter()
    app.post_message(events.Key(key, character))
    while not asked[0]:
        await asyncio.sleep(0)
        if time.perf_counter() - start > 60:
            raise RuntimeError(f"the key {key!r} did not repaint the widget within a minute")
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - start) * 1000


async def call_frame(app: Any, pilot: Any, action: Callable[[], Awaitable[None]]) -> float:
    """Milliseconds from calling `action` (no key binds it) to the next frame painted."""
    await settle(app, pilot)
    start = time.perf_counter()
    await action()
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - start) * 1000


# -- part 1: build ----------------------------------------------------------------------------------------------


def build(database_path: Path, lines: int) -> dict[str, Any]:
    from tui_ledger.store import Database
    from tui_ledger.store.invoice_lines import InvoiceLineStore
    from tui_ledger.store.line_loader import LoadStage

    started = time.perf_counter()
    period_lines = list(synthetic_lines(lines, PERIOD))
    generated = time.perf_counter() - started
    stages: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def progress(stage: LoadStage) -> None:
        now = time.perf_counter()
        if last[1]:
            stages[str(last[1])] = now - float(last[0])
        last[0], last[1] = now, stage.value

    database = Database.open(database_path)
    load_started = time.perf_counter()
    InvoiceLineStore(database).load_period(
        PERIOD, period_lines, today=TODAY, loaded_at=datetime.now(UTC), progress=progress
    )
    loaded = time.perf_counter() - load_started
    database.close()
    return {"lines": lines, "generate_s": generated, "load_s": loaded, "stages_s": stages}


# -- part 2: ours -------------------------------------------------------------------------------------------------


def measure_ours(database_path: Path, trials: int) -> dict[str, Any]:
    return asyncio.run(_measure_ours(database_path, trials))


async def _measure_ours(database_path: Path, trials: int) -> dict[str, Any]:
    from tui_ledger.store import Database
    from tui_ledger.store.invoice_lines import InvoiceLineStore
    from tui_ledger.ui.widgets.virtual_host import VirtualTableHost
    from tui_ledger.ui.widgets.virtual_line_columns import INVOICE_LINE_COLUMNS
    from tui_ledger.ui.widgets.virtual_table import VirtualTable

    results: dict[str, list[float]] = {}
    opened: list[float] = []
    for attempt in range(3):
        start = time.perf_counter()
        database = Database.open(database_path)
        grid = InvoiceLineStore(database).grid(PERIOD)
        table = VirtualTable(grid, INVOICE_LINE_COLUMNS)
        app = VirtualTableHost(table)
        painted = _count_rendered_rows(table)
        async with app.run_test(size=SIZE) as pilot:
            app.screen._on_timer_update()
            opened.append((time.perf_counter() - start) * 1000)
            if painted() == 0:
                raise RuntimeError("the first frame drew no rows")
            if attempt == 2:
                results = await _operations(app, pilot, table, trials, painted)
                results["_rows_fetched_per_window"] = [float(table.window.fetches)]
        database.close()
    return {"open_ms": opened, "ops": {name: summarise(samples) for name, samples in results.items()}, **memory()}


def _count_rendered_rows(table: Any) -> Callable[[], int]:
    """Wrap the table's render_line to count rows drawn, so each timed frame is known to have drawn the grid."""
    drawn = [0]
    render_line = table.render_line

    def counted(y: int) -> Any:
        drawn[0] += 1
        return render_line(y)

    table.render_line = counted
    return lambda: drawn[0]


async def _operations(app: Any, pilot: Any, table: Any, trials: int, painted: Callable[[], int]) -> dict[str, Any]:
    samples: dict[str, list[float]] = {}

    async def timed(name: str, key: str) -> None:
        before = painted()
        samples.setdefault(name, []).append(await key_frame(app, pilot, table, key))
        if painted() == before:
            raise RuntimeError(f"{name}: the key {key!r} did not redraw any line of the grid")

    for _ in range(trials):
        await timed("move", "down")
    for _ in range(trials):
        await timed("page", "pagedown")
    for _ in range(trials):
        await timed("jump to end", "end")
        await key_frame(app, pilot, table, "home")
    for _ in range(trials):
        await timed("mark", "space")
    for column in SORT_COLUMNS:
        table.move_to_column(column)
        for _ in range(max(trials // 5, 2)):
            await timed("sort", "left_square_bracket")
            await timed("sort", "right_square_bracket")
    for label, column, key in SEARCH_ORDERS:
        if column is None:
            table.sort_by(None)
        else:
            table.move_to_column(column)
            await key_frame(app, pilot, table, key)
        for word in SEARCHES:
            await key_frame(app, pilot, table, "slash")
            for character in word:
                await timed(label, character)
            await key_frame(app, pilot, table, "escape")
    return samples


# -- part 3: fastdatatable -----------------------------------------------------------------------------------------


def measure_fastdatatable(lines: int, trials: int) -> dict[str, Any]:
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
        from textual_fastdatatable import DataTable
    except ImportError:
        return {"skipped": f"textual-fastdatatable is not installed; install it with: {FASTDATATABLE_HINT}"}
    return asyncio.run(_measure_fastdatatable(lines, trials, pa, pc, DataTable))


_FDT_COLUMNS = (
    ("Invoice Date", lambda line: line.invoice_date),
    ("Organization Name", lambda line: line.organization_name),
    ("Organization Ref #", lambda line: line.organization_reference or ""),
    ("Contract ID", lambda line: line.contract_id or ""),
    ("Offer Name", lambda line: line.offer_name),
    ("Offer ID", lambda line: line.offer_id or ""),
    ("Vendor Name", lambda line: line.vendor_name or ""),
    ("Billing Cycle", lambda line: line.billing_cycle or ""),
    ("Commitment Term", lambda line: line.commitment_term or ""),
    ("Quantity", lambda line: float(line.quantity)),
    ("Cost", lambda line: float(line.cost)),
    ("Revenue", lambda line: float(line.revenue)),
    ("Charge Start Date", lambda line: line.charge_start_date),
    ("Charge End Date", lambda line: line.charge_end_date),
    ("Charge Type", lambda line: line.charge_type.label),
    ("PSA Organization Name", lambda line: ""),
    ("PSA Org ID", lambda line: None),
    ("PSA Agreement Name", lambda line: ""),
    ("PSA Product Name", lambda line: ""),
    ("PSA Product ID", lambda line: None),
    ("Mapping Status", lambda line: "Unmapped"),
    ("Status in PSA", lambda line: "Not Synced"),
)
_FDT_SORTS = ("Organization Name", "Cost", "Invoice Date", "Charge Type", "Status in PSA", "Offer ID")
_FDT_SEARCHED = ("Organization Name", "Organization Ref #", "Offer Name", "Billing Cycle", "Commitment Term")


async def _measure_fastdatatable(lines: int, trials: int, pa: Any, pc: Any, data_table: Any) -> dict[str, Any]:
    from textual.app import App, ComposeResult

    started = time.perf_counter()
    columns: dict[str, list[Any]] = {name: [] for name, _ in _FDT_COLUMNS}
    for line in synthetic_lines(lines, PERIOD):
        for name, value in _FDT_COLUMNS:
            columns[name].append(value(line))
    arrow = pa.table(columns)
    del columns
    prepared = (time.perf_counter() - started) * 1000
    import pyarrow.parquet as pq

    parquet = Path(tempfile.mkdtemp(prefix="tui-ledger-grid-bench-")) / "lines.parquet"
    pq.write_table(arrow, parquet)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield data_table(data=parquet, cursor_type="row")

    samples: dict[str, list[float]] = {}
    start = time.perf_counter()
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        samples["open"] = [(time.perf_counter() - start) * 1000]
        table = app.query_one(data_table)
        table.focus()
        arrow = table.backend.data
        for _ in range(trials):
            samples.setdefault("move", []).append(await key_frame(app, pilot, table, "down"))
        for _ in range(trials):
            samples.setdefault("page", []).append(await key_frame(app, pilot, table, "pagedown"))
        for _ in range(max(trials // 3, 3)):
            samples.setdefault("jump to end", []).append(await key_frame(app, pilot, table, "ctrl+end"))
            await key_frame(app, pilot, table, "ctrl+home")
        for column in _FDT_SORTS[:3]:

            async def sort(column: str = column) -> None:
                table.sort(column)

            samples.setdefault("sort", []).append(await call_frame(app, pilot, sort))
        for text in ("h", "ha", "har"):

            async def search(text: str = text) -> None:
                nonlocal table
                found = None
                for name in _FDT_SEARCHED:
                    hit = pc.match_substring(arrow[name], text, ignore_case=True)
                    found = hit if found is None else pc.or_(found, hit)
                filtered = arrow.filter(found)
                await table.remove()
                table = data_table(data=filtered, cursor_type="row")
                await app.mount(table)

            samples.setdefault("search keystroke", []).append(await call_frame(app, pilot, search))
    return {
        "prepare_ms": prepared,
        "ops": {name: summarise(values) for name, values in samples.items()},
        **memory(),
    }


# -- orchestration ---------------------------------------------------------------------------------------------------


def run_part(part: str, arguments: list[str]) -> dict[str, Any]:
    """Run one part in a fresh interpreter and read its JSON answer."""
    completed = subprocess.run(
        [sys.executable, __file__, "--part", part, *arguments], capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"part {part} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def report(build_result: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    python = sys.version.split()[0]
    out = [f"Grid benchmark: {build_result['lines']:,} lines, {SIZE[0]}x{SIZE[1]} terminal, Python {python}"]
    out.append(f"  generate lines {build_result['generate_s']:.1f} s; store load {build_result['load_s']:.1f} s")
    for stage, seconds in build_result["stages_s"].items():
        out.append(f"    {stage:<32} {seconds:6.2f} s")
    opened = ours["open_ms"]
    out.append(f"  open to first frame: {', '.join(f'{value:.0f}' for value in opened)} ms (goal <= 1000 ms)")
    ops = ours["ops"]
    their_ops = theirs.get("ops", {})
    out.append("")
    out.append(f"  {'operation':<18} {'median':>8} {'p95':>8} {'max':>8} {'n':>4}   goals        fastdatatable   ratio")
    for name in ("move", "page", "jump to end", "mark", "sort", *(label for label, _, _ in SEARCH_ORDERS)):
        if name not in ops:
            continue
        ours_op = ops[name]
        goal = "ok" if ours_op["median"] <= 50 and ours_op["p95"] <= 100 else "MISSED"
        other = their_ops.get(name)
        if other is None:
            comparison = "n/a (no such operation)" if "skipped" not in theirs else "skipped"
        else:
            ratio = other["median"] / max(ours_op["median"], 1e-6)
            comparison = f"{other['median']:9.1f} ms   {ratio:7.1f}x"
        out.append(
            f"  {name:<18} {ours_op['median']:8.1f} {ours_op['p95']:8.1f} {ours_op['max']:8.1f} {ours_op['n']:4.0f}"
            f"   {goal:<12} {comparison}"
        )
    if "open" in their_ops:
        ratio = their_ops["open"]["median"] / max(statistics.median(opened), 1e-6)
        theirs_open = their_ops["open"]["median"]
        out.append(
            f"  {'open/load':<18} {statistics.median(opened):8.1f}{'':>40} {theirs_open:9.1f} ms   {ratio:7.1f}x"
        )
    out.append("")
    out.append(f"  memory (ours): RSS {ours['rss_mb']:.0f} MB, peak {ours['peak_mb']:.0f} MB (goal <= 300 MB)")
    if "skipped" in theirs:
        out.append(f"  fastdatatable: {theirs['skipped']}")
    else:
        ratio = theirs["peak_mb"] / max(ours["peak_mb"], 1e-6)
        out.append(
            f"  memory (fastdatatable): RSS {theirs['rss_mb']:.0f} MB, peak {theirs['peak_mb']:.0f} MB"
            f" -> {ratio:.1f}x ours (goal >= 3x); its data preparation took {theirs['prepare_ms'] / 1000:.1f} s"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--skip-fastdatatable", action="store_true")
    parser.add_argument("--part", choices=("build", "ours", "fastdatatable"), help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.part == "build":
        print(json.dumps(build(arguments.database, arguments.lines)))
        return
    if arguments.part == "ours":
        print(json.dumps(measure_ours(arguments.database, arguments.trials)))
        return
    if arguments.part == "fastdatatable":
        print(json.dumps(measure_fastdatatable(arguments.lines, max(arguments.trials // 2, 6))))
        return
    with tempfile.TemporaryDirectory(prefix="tui-ledger-grid-bench-") as folder:
        database = Path(folder) / "bench.sqlite"
        shared = ["--lines", str(arguments.lines), "--trials", str(arguments.trials), "--database", str(database)]
        print(f"building a period of {arguments.lines:,} lines ...", flush=True)
        built = run_part("build", shared)
        print("measuring the virtual table ...", flush=True)
        ours = run_part("ours", shared)
        if arguments.skip_fastdatatable:
            theirs: dict[str, Any] = {"skipped": "skipped on request (--skip-fastdatatable)"}
        else:
            print("measuring textual-fastdatatable ...", flush=True)
            theirs = run_part("fastdatatable", shared)
        print(report(built, ours, theirs))


if __name__ == "__main__":
    main()
