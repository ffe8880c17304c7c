"""`tui-ledger sandbox seed | reset | serve`: the embedded demo world from the command line.

The state lives in the user data directory (`…/tui-ledger/sandbox/`, or under `TUI_LEDGER_DATA_DIR`), the
same place the app uses, so a world seeded here is the one the app and `serve` show. `serve` binds
127.0.0.1 only: the sandbox holds demo data and demo credentials and has no business on a network.
Heavy imports happen inside the commands so `tui-ledger --help` stays instant.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tui_ledger.sandbox.hub import SandboxHub
    from tui_ledger.sandbox.knobs import SandboxKnobs

DEFAULT_PORT = 8765


def _default_state_dir() -> Path:
    from tui_ledger.config.paths import AppPaths

    return AppPaths.resolve().sandbox_dir


def _hub(state_dir: Path | None, knobs: SandboxKnobs | None = None) -> SandboxHub:
    from tui_ledger.sandbox.hub import SandboxHub

    return SandboxHub(state_dir or _default_state_dir(), knobs)


def _anchor(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-10-31", param_hint="--anchor") from None


_state_dir_option = click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the sandbox keeps its SQLite files (default: the user data directory).",
)


@click.group("sandbox")
def sandbox() -> None:
    """The embedded demo world: ConnectWise, Xero, QuickBooks, AppXite and Pax8 simulators."""


def _seed(hub: SandboxHub, *, seed: int, scale: int, anchor: date, discrepancies: bool = False) -> None:
    from tui_ledger.sandbox.demo import DemoCompany

    company = DemoCompany.generate(seed=seed, scale=scale, anchor=anchor)
    hub.seed(company, discrepancies=discrepancies)
    click.echo(
        f"Seeded {company.name} (seed {seed}, scale {scale}, today {anchor.isoformat()}) in {hub.state_dir}:\n"
        f"  {len(company.customers)} customers, {len(company.vendors)} vendors, {len(company.products)} products\n"
        f"  {len(company.invoices)} invoices ({len(company.unposted_invoices())} unposted), "
        f"{len(company.expenses)} expenses ({len(company.unposted_expenses())} unposted), "
        f"{len(company.purchase_orders)} purchase orders "
        f"({len(company.unposted_purchase_orders())} with unposted items)\n"
        f"  {len(company.batches)} GL batches, {len(company.organizations)} marketplace organizations"
    )


@sandbox.command("seed")
@click.option("--scale", type=click.IntRange(min=1), default=1, show_default=True, help="Multiplies the documents.")
@click.option("--seed", "seed_value", type=int, default=None, help="Another seed, another company (default 2026).")
@click.option("--anchor", default=None, help="The demo world's today, YYYY-MM-DD (default: today).")
@click.option(
    "--discrepancies",
    is_flag=True,
    help="Make ConnectWise drift from the packages, for `tui-ledger batches reconcile`.",
)
@_state_dir_option
def seed_command(
    scale: int, seed_value: int | None, anchor: str | None, discrepancies: bool, state_dir: Path | None
) -> None:
    """Create the demo company from scratch, replacing any sandbox state."""
    from tui_ledger.sandbox.demo import DEFAULT_SEED

    seed = DEFAULT_SEED if seed_value is None else seed_value
    _seed(_hub(state_dir), seed=seed, scale=scale, anchor=_anchor(anchor), discrepancies=discrepancies)


@sandbox.command("reset")
@_state_dir_option
def reset_command(state_dir: Path | None) -> None:
    """Throw away every change made in the sandbox and seed the same demo company again, dated today."""
    from tui_ledger.sandbox.demo import DEFAULT_SEED

    hub = _hub(state_dir)
    previous = hub.seed_record
    hub.reset()
    _seed(
        hub,
        seed=previous.seed if previous else DEFAULT_SEED,
        scale=previous.scale if previous else 1,
        anchor=date.today(),
    )


def quiet_simulated_disconnects(record: logging.LogRecord) -> bool:
    """Injected connection drops are the point of `--fault-rate`, not server errors worth a traceback."""
    from tui_ledger.sandbox.chaos import SimulatedDisconnect

    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, SimulatedDisconnect)


@sandbox.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option("--latency-ms", type=click.FloatRange(min=0), default=0.0, show_default=True, help="Added per request.")
@click.option(
    "--fault-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True, help="Share of requests that fail."
)
@click.option(
    "--clock-speedup",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Sandbox time runs this many times faster (rate limits, token expiry).",
)
@_state_dir_option
def serve_command(
    port: int, latency_ms: float, fault_rate: float, clock_speedup: float, state_dir: Path | None
) -> None:
    """Serve every simulated service on 127.0.0.1 (seeding the demo company first if there is none)."""
    import uvicorn

    from tui_ledger.sandbox.hub import LOOPBACK
    from tui_ledger.sandbox.knobs import SandboxKnobs

    hub = _hub(state_dir, SandboxKnobs(latency_ms=latency_ms, fault_rate=fault_rate, clock_speedup=clock_speedup))
    record = hub.ensure_seeded(anchor=date.today())
    click.echo(f"Sandbox state: {hub.state_dir} (seed {record.seed}, scale {record.scale}, today {record.anchor})")
    click.echo("Demo credentials below are for the sandbox only; they open nothing real.")
    for name in hub.names:
        click.echo(f"\n{name}: {hub.served_base_url(name, port)}")
        for key, value in hub.credentials(name).items():
            click.echo(f"  {key}: {value}")
    click.echo(f"\nListening on http://{LOOPBACK}:{port} (Ctrl+C stops).")
    logging.getLogger("uvicorn.error").addFilter(quiet_simulated_disconnects)
    try:
        uvicorn.run(hub.served_app(), host=LOOPBACK, port=port, log_level="warning")
    except OSError as error:
        raise click.ClickException(f"cannot listen on {LOOPBACK}:{port}: {error.strerror or error}") from None
