"""Benchmark of the Mapping screen over a million-line period: what a user feels per key.

    .venv/bin/python bench/mapping.py                    # 1,000,000 lines (the build takes about half a minute)
    .venv/bin/python bench/mapping.py --lines 200000     # a quicker look
    .venv/bin/python bench/mapping.py --keep /tmp/m.db   # build once into /tmp/m.db, measure it again next time

A million-line month names about 25,000 organizations and 1,200 offers. The period is built by bench/grid.py's
builder (bench/grid_lines.py's synthetic lines through the store's bulk loader). The screen is measured on its
own: a small host (the desk's App with its profile already open, nothing else pushed) shows the MappingScreen at
160x48 headless, over an InvoiceLinesService whose ConnectWise directory is a fixed list of companies (about a
third named exactly like an organization, a third nearly: no legal suffix, one letter changed; the rest
unrelated) and catalog items (half of the offers named exactly, a quarter nearly), so that every kind of
suggestion is worked out as in a real tenant.

Timed, wall clock and this process's CPU (time.process_time) beside it:
- open: from pushing the screen to the first painted frame showing organizations. The first open of a period
  builds the two group indexes (`store/line_groups.py`) unless the load made them; both opens are printed;
- move: `down` in the organizations list, to the painted frame;
- search keystroke: one letter typed into the list's `/` search, to the painted frame;
- map one organization: `enter` on the agreement picker (after `a` accepted the exact suggestion), to the frame
  showing the organization mapped: the picker closing, the mapping recorded and the row read again. The fill of
  its loaded lines runs after, in a worker thread (`services/invoice_lines/mapping_fill.py`), and is waited for
  between keys (see `settle_around_dialogue`), so it weighs on the next key only through the shared CPU;
- accept offer suggestion: `a` on an offer with a suggestion, to the frame showing it mapped: the mapping
  recorded and the row read again; the fill of its ~800 loaded lines follows in a worker thread, as above;
- for comparison, what the dialogues cost by themselves: `e` to the company picker showing every company of the
  tenant, and `escape` closing it (Textual redraws the screen under a closed modal: "map one organization"
  includes one such close).
Between two keys the bench lets the app finish what it does after a frame (bench/grid.py's `settle`), as the
time between a user's keys would. Goals (issue 6): first frame <= 1 s; each action median <= 50 ms, p95 <= 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from textual import events

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import parts  # noqa: E402
from bench.frame_table import goal_rows, memory_row  # noqa: E402
from bench.grid import PERIOD, TODAY, Samples, build, key_frame, memory, settle  # noqa: E402
from bench.lines_screen import BenchClock, IdlePsa  # noqa: E402

SIZE = (160, 48)
SEARCHES = ("harbor", "dental", "c1012")
DIALOGUE_TASK = "mapping-edit"
"""The name of the App task a Mapping dialogue runs as (`MappingScreen._run`)."""
EXTRA_COMPANIES = 2_000
"""Companies no organization is named like: a tenant holds more companies than one platform bills."""


# -- a ConnectWise tenant that matches the synthetic period ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BenchCompanies:
    listed: list[Any]

    async def companies(self) -> list[Any]:
        return self.listed


@dataclass(frozen=True, slots=True)
class BenchCatalog:
    listed: list[Any]

    async def catalog_items(self) -> list[Any]:
        return self.listed


class BenchAgreements:
    """No company has an agreement yet: the picker offers "new (default type)" and "none"."""

    async def agreements(self, company_id: int) -> list[Any]:
        return []


@dataclass(frozen=True, slots=True)
class BenchBilling:
    """What the Mapping screen reads from ConnectWise (through `PsaDirectory`), and nothing else."""

    companies: BenchCompanies
    catalog: BenchCatalog
    agreements: BenchAgreements

    async def aclose(self) -> None:
        return None


def near(name: str) -> str:
    """A name as another system spells it: the legal suffix dropped and one letter doubled."""
    words = name.split()
    core = " ".join(words[:-1]) if len(words) > 2 else name
    middle = len(core) // 2
    return core[:middle] + core[middle] + core[middle:]


def tenant(database_path: Path) -> BenchBilling:
    """Companies and catalog items named after the period's organizations and offers (see the module docstring)."""
    from tui_ledger.connectors.connectwise.catalog import CatalogItem
    from tui_ledger.connectors.connectwise.companies import Company
    from tui_ledger.store import Database
    from tui_ledger.store.invoice_lines import InvoiceLineStore
    from tui_ledger.store.line_schema import LineShard

    database = Database.open(database_path)
    loaded = InvoiceLineStore(database).loaded(PERIOD)
    text_table = LineShard(loaded.period, loaded.generation).text

    def texts(field: str) -> list[str]:
        """Read from the dictionary, not through `groups()`: that would build the group indexes before the open."""
        rows = database.query(f"SELECT value FROM {text_table} WHERE field = ? AND value != '' ORDER BY code", (field,))
        return [str(row[0]) for row in rows]

    organization_names, offer_names = texts("organization_name"), texts("offer_name")
    database.close()
    names = [
        name if number % 3 == 0 else near(name) for number, name in enumerate(organization_names) if number % 3 != 2
    ]
    names += [f"Unrelated Customer {number:05d} Pty" for number in range(EXTRA_COMPANIES)]
    companies = [Company(10_000 + number, f"C{number:06d}", name, None) for number, name in enumerate(names)]
    items = [
        CatalogItem(
            20_000 + number,
            f"SKU-{number:05d}",
            name if number % 4 < 2 else near(name),
            Decimal("10"),
            Decimal("7"),
            recurring=True,
            taxable=False,
            inactive=False,
        )
        for number, name in enumerate(offer_names)
        if number % 4 != 3
    ]
    return BenchBilling(BenchCompanies(companies), BenchCatalog(items), BenchAgreements())


def lines_service(database_path: Path) -> Any:
    from tui_ledger.services.invoice_lines import InvoiceLinesService
    from tui_ledger.store import Database

    billing = tenant(database_path)

    def no_platform(csv_file: Path | None) -> Any:
        raise RuntimeError("the benchmark loads nothing from a platform")

    return InvoiceLinesService(Database.open(database_path), no_platform, billing, clock=BenchClock())  # type: ignore[arg-type]


def workspace_for(lines: Any, data_dir: Path) -> Any:
    from tui_ledger.services.workspace import UiPreferences, Workspace, WorkspacePaths

    return Workspace(
        profile="bench",
        is_sandbox=True,
        psa=IdlePsa(),
        connected_systems=("ConnectWise",),
        target_companies=(),
        preferences=UiPreferences(),
        paths=WorkspacePaths(config_file=None, data_dir=data_dir),
        lines=lines,
    )


def mapping_host(workspace: Any) -> Any:
    """The desk's App with the profile already open and no screen of its own: the bench pushes the Mapping screen.

    The MappingScreen runs its reads and dialogues as the desk's tasks (`TuiLedgerApp.run_task`), so the host is
    the desk's App class; only opening the profile (and the Export screen it would show) is left out.
    """
    from tui_ledger.ui.app import TuiLedgerApp

    class MappingHost(TuiLedgerApp):
        async def _workspace_opened(self, opened: Any) -> None:
            self.workspace = opened

    async def open_workspace() -> Any:
        return workspace

    return MappingHost(open_workspace, clock=BenchClock(), cursor_blink=False)


# -- measuring ----------------------------------------------------------------------------------------------------


async def settle_around_dialogue(app: Any, pilot: Any) -> None:
    """bench/grid.py's `settle`, except that a mapping dialogue's task (waiting for the user's answer in a picker)
    is not waited for: it ends only when the next key answers it."""
    from textual.worker import WorkerCancelled

    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    await app.screen._invoke_and_clear_callbacks()
    for worker in list(app.workers):
        if worker.name == DIALOGUE_TASK:
            continue
        try:
            await worker.wait()
        except WorkerCancelled:
            continue
    await pilot._wait_for_screen()


async def until_painted(
    app: Any, pilot: Any, post: Callable[[], None], done: Callable[[], bool]
) -> tuple[float, float]:
    """Milliseconds (wall, CPU) from `post` (a key, a screen push) until `done()` holds and that frame is painted.

    Used where the repaint that matters is not the first one asked for: a mapping runs as a task after its
    dialogue closes, so the frame that counts is the one showing the row mapped.
    """
    await settle_around_dialogue(app, pilot)
    start, cpu = time.perf_counter(), time.process_time()
    post()
    while not done():  # each pass yields to the app; a timed sleep would add to the figure
        await asyncio.sleep(0)
        if time.perf_counter() - start > 120:
            raise RuntimeError("the screen did not get there within two minutes")
    await pilot._wait_for_screen()
    app.screen._on_timer_update()
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def press(app: Any, key: str) -> Callable[[], None]:
    return lambda: app.post_message(events.Key(key, key if len(key) == 1 else None))


def measure(database_path: Path, trials: int) -> dict[str, Any]:
    return asyncio.run(_measure(database_path, trials))


async def _measure(database_path: Path, trials: int) -> dict[str, Any]:
    from tui_ledger.ui.screens.mapping import MappingScreen

    lines = lines_service(database_path)
    workspace = workspace_for(lines, database_path.parent)
    app = mapping_host(workspace)
    samples = Samples()
    opens: list[tuple[float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        for _ in range(2):
            screen = MappingScreen(workspace, lines, TODAY)

            def shown(screen: MappingScreen = screen) -> bool:
                return app.screen is screen and screen.overview is not None and screen.organization_table.row_count > 0

            opens.append(await until_painted(app, pilot, lambda screen=screen: app.push_screen(screen), shown))
            if len(opens) == 1:
                await settle(app, pilot)
                app.pop_screen()
        organizations = screen.organization_table
        organizations.focus()
        for _ in range(trials):
            samples.add("move", await key_frame(app, pilot, organizations, "down"))
        for word in SEARCHES:
            await key_frame(app, pilot, organizations, "slash")
            for character in word:
                samples.add("search keystroke", await key_frame(app, pilot, organizations, character))
            await key_frame(app, pilot, organizations, "escape")
        await _map_organizations(app, pilot, screen, samples, trials)
        await _accept_offers(app, pilot, screen, samples, trials)
    return {"opens": opens, "ops": samples.summary(), **memory()}


async def _map_organizations(app: Any, pilot: Any, screen: Any, samples: Samples, trials: int) -> None:
    """The company picker opened and closed on its own; then `a` on organizations with an exact suggestion and
    `enter` on the agreement picker (timed)."""
    from tui_ledger.ui.modals.lines_picker import PickScreen

    table = screen.organization_table
    table.focus()
    wanted = [
        position
        for position, item in enumerate(table.source.window(0, table.row_count))
        if not item.row.is_mapped and item.row.exact_suggestion is not None
    ][:trials]
    for position in wanted[: max(trials // 4, 3)]:
        table.move_cursor(position)
        picked = await until_painted(app, pilot, press(app, "e"), lambda: isinstance(app.screen, PickScreen))
        samples.add("open the company picker", picked)
        samples.add(
            "close a picker (escape)",
            await until_painted(app, pilot, press(app, "escape"), lambda: app.screen is screen),
        )
    for position in wanted:
        table.move_cursor(position)
        await until_painted(app, pilot, press(app, "a"), lambda: isinstance(app.screen, PickScreen))

        def mapped(position: int = position) -> bool:
            row = table.current_row
            return app.screen is screen and row is not None and row.row.is_mapped and table.cursor_row == position

        samples.add("map one organization", await until_painted(app, pilot, press(app, "enter"), mapped))


async def _accept_offers(app: Any, pilot: Any, screen: Any, samples: Samples, trials: int) -> None:
    """`a` on offers with a suggestion (exact or near), timed to the frame showing each mapped."""
    await key_frame(app, pilot, screen.offer_table, "f3")
    table = screen.offer_table
    wanted = [
        position
        for position, item in enumerate(table.source.window(0, table.row_count))
        if not item.row.is_mapped and item.row.suggestion is not None
    ][:trials]
    for position in wanted:
        table.move_cursor(position)

        def mapped() -> bool:
            row = table.current_row
            return row is not None and row.row.is_mapped

        samples.add("accept offer suggestion", await until_painted(app, pilot, press(app, "a"), mapped))


# -- orchestration ----------------------------------------------------------------------------------------------------


def run_part(part: str, arguments: list[str]) -> dict[str, Any]:
    return parts.run_part(__file__, part, arguments)


def report(lines: int, built: dict[str, Any] | None, measured: dict[str, Any]) -> str:
    out = [f"Mapping screen: {lines:,} lines, {SIZE[0]}x{SIZE[1]} terminal"]
    if built is not None:
        out.append(f"  store load {built['load_s']:.1f} s")
    (first_wall, first_cpu), (again_wall, again_cpu) = measured["opens"]
    out.append(f"  open to first frame: first {first_wall:.0f} ms (CPU {first_cpu:.0f}), ")
    out[-1] += f"again {again_wall:.0f} ms (CPU {again_cpu:.0f})   goal <= 1000 ms"
    out.extend(goal_rows(measured["ops"], "action", 26))
    out.append(memory_row(measured))
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build into this file if it is missing, and measure a copy of it")
    parser.add_argument("--part", choices=("build", "measure"), help=argparse.SUPPRESS)
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.part == "build":
        print(json.dumps(build(arguments.database, arguments.lines)))
        return
    if arguments.part == "measure":
        print(json.dumps(measure(arguments.database, arguments.trials)))
        return
    with tempfile.TemporaryDirectory(prefix="tui-ledger-mapping-bench-") as folder:
        database = Path(folder) / "bench.sqlite"
        built = None
        if arguments.keep is None or not arguments.keep.exists():
            print(f"building a period of {arguments.lines:,} lines ...", flush=True)
            target = arguments.keep or database
            built = run_part("build", ["--lines", str(arguments.lines), "--database", str(target)])
        if arguments.keep is not None:
            shutil.copyfile(arguments.keep, database)
        print("measuring the Mapping screen ...", flush=True)
        measured = run_part("measure", ["--trials", str(arguments.trials), "--database", str(database)])
        print(report(arguments.lines, built, measured))


if __name__ == "__main__":
    main()
