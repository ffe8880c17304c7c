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
            keystroke. Median and p95 in ms, and resident memory (VmRSS, peak VmHWM). Between two keys the
            bench lets the app finish what it does after a frame (the table's warm-up, a background count,
            after the first frame the read-ahead of the period's texts), as the time between a user's keys
            would; that work is not inside any measured frame.
3. fastdatatable - the same operations on textual-fastdatatable holding the same lines in an Arrow table: open
            (a DataTable reading the lines from a Parquet file, to its first frame),
            move, page, jump to end, sort (DataTable.sort), one search keystroke (filtering the Arrow table on
            the five searched columns and mounting a table of the result, the way its users filter). It has no
            marks, so "mark" has no comparison.
4. floor  - the framework floor: a bare Textual line-API widget (a ScrollView whose render_line returns Strips
            built before the clock starts, same size, same key_frame timing) doing the least any Textual widget
            must do for each operation: repaint the two changed lines (move, mark), repaint every visible line
            from its cache (page, jump to end, and a full repaint standing for sort and search, whose frames
            redraw every line). Its figures are what no Textual table can beat, so "fastdatatable / floor" is
            the best ratio any Textual widget could reach against fastdatatable.

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
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual import events

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import parts  # noqa: E402
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


class Samples:
    """Frame times per operation: wall-clock ms (what the user waits) and this process's CPU ms beside it.

    The machine is shared, so wall time includes waiting for a core; CPU time says how much of it was ours.
    """

    def __init__(self) -> None:
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}

    def add(self, name: str, frame: tuple[float, float]) -> None:
        self.wall.setdefault(name, []).append(frame[0])
        self.cpu.setdefault(name, []).append(frame[1])

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            name: {**summarise(walls), "cpu_median": statistics.median(self.cpu[name])}
            for name, walls in self.wall.items()
        }


_CHARACTERS = {"left_square_bracket": "[", "right_square_bracket": "]", "slash": "/", "space": " "}


async def settle(app: Any, pilot: Any) -> None:
    """Let every pending message be handled, paint what is dirty, and run what waits for the paint.

    A user's next key comes tens of milliseconds after a frame at the fastest (key repeat); what a widget does
    after its frame is painted (`call_after_refresh`, workers: the virtual table reads and draws ahead then)
    happens in that gap, so the next timing starts once it is done, as it would for the user.
    """
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    await app.screen._invoke_and_clear_callbacks()
    await workers_done(app)
    await pilot._wait_for_screen()


async def workers_done(app: Any) -> None:
    """Wait for every worker of the app to finish (a cancelled one counts as finished)."""
    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        try:
            await worker.wait()
        except WorkerCancelled:
            continue


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


async def key_frame(app: Any, pilot: Any, widget: Any, key: str) -> tuple[float, float]:
    """Milliseconds (wall, and this process's CPU) from a key arriving at the app to the next frame painted.

    The key is posted as the terminal driver posts it; the clock stops once the widget has asked to be
    repainted, its pending messages are handled and the compositor has painted the frame (what the screen's
    refresh timer does at most 1/60 s later in a live terminal). `Pilot.press` is not used: it sleeps at
    least 40 ms per key waiting for the CPU to go idle, which would swamp what is measured.
    """
    asked = getattr(widget, "bench_refresh_asked", None) or watch_refresh(widget)
    await settle(app, pilot)
    asked[0] = False
    character = _CHARACTERS.get(key, key if len(key) == 1 else None)
    start, cpu = time.perf_counter(), time.process_time()
    app.post_message(events.Key(key, character))
    while not asked[0]:
        await asyncio.sleep(0)
        if time.perf_counter() - start > 60:
            raise RuntimeError(f"the key {key!r} did not repaint the widget within a minute")
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


async def call_frame(app: Any, pilot: Any, action: Callable[[], Awaitable[None]]) -> tuple[float, float]:
    """Milliseconds (wall, CPU) from calling `action` (no key binds it) to the next frame painted."""
    await settle(app, pilot)
    start, cpu = time.perf_counter(), time.process_time()
    await action()
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


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

    results = Samples()
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
                fetches = table.window.fetches
        database.close()
    return {"open_ms": opened, "ops": results.summary(), "window_fetches": fetches, **memory()}


def _count_rendered_rows(table: Any) -> Callable[[], int]:
    """Wrap the table's render_line to count rows drawn, so each timed frame is known to have drawn the grid."""
    drawn = [0]
    render_line = table.render_line

    def counted(y: int) -> Any:
        drawn[0] += 1
        return render_line(y)

    table.render_line = counted
    return lambda: drawn[0]


async def _operations(app: Any, pilot: Any, table: Any, trials: int, painted: Callable[[], int]) -> Samples:
    samples = Samples()

    async def timed(name: str, key: str) -> None:
        before = painted()
        samples.add(name, await key_frame(app, pilot, table, key))
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

    samples = Samples()
    start, cpu = time.perf_counter(), time.process_time()
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        samples.add("open", ((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
        table = app.query_one(data_table)
        table.focus()
        arrow = table.backend.data
        for _ in range(trials):
            samples.add("move", await key_frame(app, pilot, table, "down"))
        for _ in range(trials):
            samples.add("page", await key_frame(app, pilot, table, "pagedown"))
        for _ in range(max(trials // 3, 3)):
            samples.add("jump to end", await key_frame(app, pilot, table, "ctrl+end"))
            await key_frame(app, pilot, table, "ctrl+home")
        for column in _FDT_SORTS[:3]:

            async def sort(column: str = column) -> None:
                table.sort(column)

            samples.add("sort", await call_frame(app, pilot, sort))
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

            samples.add("search keystroke", await call_frame(app, pilot, search))
    return {
        "prepare_ms": prepared,
        "ops": samples.summary(),
        **memory(),
    }


# -- part 4: the framework floor -------------------------------------------------------------------------------------

FLOOR_FULL_REPAINT = "full repaint"
"""The floor of an operation whose frame redraws every visible line (sort, search keystroke)."""
FLOOR_FOR = {"sort": FLOOR_FULL_REPAINT, **{label: FLOOR_FULL_REPAINT for label, _, _ in SEARCH_ORDERS}}
"""Which floor operation each of ours compares with (move, page, jump to end and mark have their own)."""


def measure_floor(lines: int, trials: int) -> dict[str, Any]:
    return asyncio.run(_measure_floor(lines, trials))


def _floor_strips(lines: int, width: int) -> tuple[Any, list[Any], list[Any]]:
    """A header and, for a screenful of synthetic lines twice over, the plain and the cursor Strip of each.

    Each line is styled cell by cell like a grid row (one Segment per column, a separator between), so that
    the compositor meets lines of the same shape as a real table's.
    """
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    header_style = Style(bold=True, bgcolor="grey23")
    plain, cursor, muted = Style(bgcolor="grey11"), Style(bgcolor="dark_blue"), Style(color="grey50", bgcolor="grey11")

    def strip(cells: list[str], style: Style) -> Strip:
        segments = [Segment("[ ] ", style)]
        for index, text in enumerate(cells):
            segments.append(Segment(text[:14].ljust(14) + " ", muted if index % 3 == 2 else style))
        return Strip(segments).crop_extend(0, width, style)

    header = strip([name for name, _ in _FDT_COLUMNS], header_style)
    rows = [
        [str(value(line)) for _, value in _FDT_COLUMNS] for line in synthetic_lines(min(lines, 2 * SIZE[1]), PERIOD)
    ]
    return header, [strip(cells, plain) for cells in rows], [strip(cells, cursor) for cells in rows]


async def _measure_floor(lines: int, trials: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.geometry import Region, Size
    from textual.scroll_view import ScrollView

    header, plain, cursor = _floor_strips(lines, SIZE[0])

    class FloorTable(ScrollView, can_focus=True):
        """The least a line-API table can do: cursor bookkeeping, scrolling, and cached Strips per line."""

        BINDINGS: ClassVar = [
            Binding("down", "move(1)"),
            Binding("pagedown", "move(0)"),
            Binding("end", "jump(True)"),
            Binding("home", "jump(False)"),
            Binding("space", "move(1)"),
            Binding("r", "repaint_all"),
        ]

        def __init__(self) -> None:
            super().__init__()
            self.cursor = 0

        def on_mount(self) -> None:
            self.virtual_size = Size(SIZE[0], lines + 1)

        def render_line(self, y: int) -> Any:
            if y == 0:
                return header
            position = int(self.scroll_offset.y) + y - 1
            strips = cursor if position == self.cursor else plain
            return strips[position % len(strips)]

        def action_move(self, step: int) -> None:
            self.place(self.cursor + (step or self.size.height - 1))

        def action_jump(self, to_end: bool) -> None:
            self.place(lines - 1 if to_end else 0)

        def action_repaint_all(self) -> None:
            self.refresh()

        def place(self, position: int) -> None:
            previous, self.cursor = self.cursor, max(0, min(position, lines - 1))
            area = self.size.height - 1
            top = int(self.scroll_offset.y)
            if top <= self.cursor < top + area:
                self.refresh(*(Region(0, row - top + 1, self.size.width, 1) for row in {previous, self.cursor}))
            else:
                self.scroll_to(y=min(max(self.cursor - area + 1, 0), self.cursor), animate=False)

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield FloorTable()

    samples = Samples()
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        table = app.query_one(FloorTable)
        table.focus()
        for _ in range(trials):
            samples.add("move", await key_frame(app, pilot, table, "down"))
        for _ in range(trials):
            samples.add("page", await key_frame(app, pilot, table, "pagedown"))
        for _ in range(trials):
            samples.add("jump to end", await key_frame(app, pilot, table, "end"))
            await key_frame(app, pilot, table, "home")
        for _ in range(trials):
            samples.add("mark", await key_frame(app, pilot, table, "space"))
        for _ in range(trials):
            samples.add(FLOOR_FULL_REPAINT, await key_frame(app, pilot, table, "r"))
    return {"ops": samples.summary(), **memory()}


# -- orchestration ---------------------------------------------------------------------------------------------------


def run_part(part: str, arguments: list[str]) -> dict[str, Any]:
    return parts.run_part(__file__, part, arguments)


def report(build_result: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any], floor: dict[str, Any]) -> str:
    python = sys.version.split()[0]
    out = [f"Grid benchmark: {build_result['lines']:,} lines, {SIZE[0]}x{SIZE[1]} terminal, Python {python}"]
    out.append(f"  generate lines {build_result['generate_s']:.1f} s; store load {build_result['load_s']:.1f} s")
    for stage, seconds in build_result["stages_s"].items():
        out.append(f"    {stage:<32} {seconds:6.2f} s")
    opened = ours["open_ms"]
    out.append(f"  open to first frame: {', '.join(f'{value:.0f}' for value in opened)} ms (goal <= 1000 ms)")
    ops = ours["ops"]
    their_ops = theirs.get("ops", {})
    floor_ops = floor.get("ops", {})
    out.append("")
    out.append("  ms, key to painted frame; cpu = the process's CPU ms in it, all threads (median);")
    out.append("  fdt = textual-fastdatatable; floor = the framework floor (see below)")
    out.append(
        f"  {'operation':<22} {'median':>7} {'p95':>7} {'max':>7} {'cpu':>6} {'n':>4}  {'goal':<6}"
        f" {'fdt':>7} {'fdt/ours':>8}  {'floor':>6} {'fdt/floor':>9} {'ours/floor':>10}"
    )
    for name in ("move", "page", "jump to end", "mark", "sort", *(label for label, _, _ in SEARCH_ORDERS)):
        if name not in ops:
            continue
        mine = ops[name]
        goal = "ok" if mine["median"] <= 50 and mine["p95"] <= 100 else "MISSED"
        line = (
            f"  {name:<22} {mine['median']:7.1f} {mine['p95']:7.1f} {mine['max']:7.1f} {mine['cpu_median']:6.1f}"
            f" {mine['n']:4.0f}  {goal:<6}"
        )
        other = their_ops.get(name)
        line += f" {other['median']:7.1f} {other['median'] / mine['median']:7.1f}x" if other else f" {'-':>7} {'-':>8}"
        least = floor_ops.get(FLOOR_FOR.get(name, name))
        if least:
            best = f"{other['median'] / least['median']:8.1f}x" if other else f"{'-':>9}"
            line += f"  {least['median']:6.1f} {best} {mine['median'] / least['median']:9.1f}x"
        out.append(line)
    if "open" in their_ops:
        ratio = their_ops["open"]["median"] / max(statistics.median(opened), 1e-6)
        out.append(
            f"  {'open/load':<22} {statistics.median(opened):7.1f}{'':>36} {their_ops['open']['median']:7.1f}"
            f" {ratio:7.1f}x"
        )
    if floor_ops:
        out.append("")
        out.append("  floor: a bare line-API ScrollView returning cached Strips (move/mark: 2 lines repainted;")
        out.append("  page/jump/sort/search: every visible line repainted). fdt/floor is the best ratio any Textual")
        out.append("  widget could reach against fastdatatable on that operation.")
        for name, least in floor_ops.items():
            figures = f"median {least['median']:6.2f}  p95 {least['p95']:6.2f}  cpu {least['cpu_median']:6.2f}"
            out.append(f"    floor {name:<14} {figures}")
    out.append("")
    out.append(f"  window fetches from the store during the operations: {ours.get('window_fetches', 0)}")
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
    parser.add_argument("--part", choices=("build", "ours", "fastdatatable", "floor"), help=argparse.SUPPRESS)
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
    if arguments.part == "floor":
        print(json.dumps(measure_floor(arguments.lines, arguments.trials)))
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
        print("measuring the framework floor ...", flush=True)
        floor = run_part("floor", shared)
        print(report(built, ours, theirs, floor))


if __name__ == "__main__":
    main()
