"""One life of the export process in the chaos test: resume what is unfinished, then export what is ready.

Run as `python -m tests.chaos.chaos_child STATE_DIR DATA_DIR FAULT_SEED` by the chaos test, which SIGKILLs it at a
random event. It does what `tui-ledger export --all-valid` does (headless.py), against the sandbox services kept in
STATE_DIR (their SQLite files outlive this process, as a real service outlives its client) with faults at 10%, and
prints one line per event so the parent can choose where to kill it:

    event <section> <status> <done>/<total>     progress of the run
    call xero create <n>                         a create call of n documents is about to go out to Xero
    call connectwise batch <identifier>          a GL batch create is about to go out to ConnectWise
    finished <run id> <status>                   a run finished
    stopped <message>                            the run stopped resumably (a connection problem)
    idle                                         nothing left to export
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.services.export.export_world import EVERYTHING, PROFILE, make_world
from tui_ledger.connectors.errors import ConnectorError
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.services.export import (
    ExportEvent,
    ExportRunner,
    QuotaReported,
    RunOutcome,
    RunStarted,
    prepare_export,
)
from tui_ledger.store import open_profile_database

FAULT_RATE = 0.10
CLOCK_SPEEDUP = 60.0
"""A Xero minute lasts one real second: the 60-calls-a-minute limit is kept without slowing the test down."""


def say(line: str) -> None:
    print(line, flush=True)


def show(event: ExportEvent) -> None:
    if isinstance(event, RunStarted):
        say(f"run {event.run_id} {'resumed' if event.resumed else 'started'} {event.documents}")
    elif not isinstance(event, QuotaReported):
        say(f"event {event.section.value} {type(event).__name__} {event.done}/{event.total}")


class Announced:
    """Passes every call through, printing a line just before the calls that write (the kill points)."""

    def __init__(self, inner: Any, writes: dict[str, Callable[..., str]]) -> None:
        self.inner = inner
        self.writes = writes

    def __getattr__(self, name: str) -> Any:
        call = getattr(self.inner, name)
        describe = self.writes.get(name)
        if describe is None:
            return call

        def announced(*args: Any, **kwargs: Any) -> Any:
            say(describe(*args))
            return call(*args, **kwargs)

        return announced


def report(outcome: RunOutcome) -> bool:
    if outcome.finished:
        say(f"finished {outcome.run_id} {outcome.status.value}")
        return True
    say(f"stopped {outcome.stopped_because}")
    return False


async def live(state_dir: Path, data_dir: Path, fault_seed: int) -> int:
    knobs = SandboxKnobs(clock_speedup=CLOCK_SPEEDUP, fault_rate=FAULT_RATE, random_seed=fault_seed)
    world = make_world(state_dir, "xero", knobs=knobs, seed=False)
    database = open_profile_database(data_dir, PROFILE)
    runner = ExportRunner(database, PROFILE, data_dir, clock=world.hub.clock, events=show, event_interval=0.0)
    try:
        async with world.connected() as (psa, plain_xero):
            xero = Announced(plain_xero, {"create_documents": lambda drafts: f"call xero create {len(drafts)}"})
            batches = Announced(
                psa.batches, {"create_batch": lambda identifier, *_: f"call connectwise batch {identifier}"}
            )
            unfinished = runner.unfinished()
            if unfinished is not None and not report(await runner.resume(unfinished, connector=xero, batches=batches)):
                return 2
            preparation = await prepare_export(psa, xero, EVERYTHING, world.plans(xero))
            sendable = preparation.sendable()
            if not sendable:
                say("idle")
                return 0
            outcome = await runner.export(sendable, connector=xero, batches=batches, target=world.target)
            return 0 if report(outcome) else 2
    except ConnectorError as problem:
        say(f"stopped {problem}")
        return 2
    finally:
        database.close()


if __name__ == "__main__":
    state, data, seed = sys.argv[1:4]
    sys.exit(asyncio.run(live(Path(state), Path(data), int(seed))))
