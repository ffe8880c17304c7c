"""Helpers for the export pilot tests: a sandbox of their own, fixes made in Xero as a bookkeeper makes them, and
the sandbox's own state files as the truth an export is judged against.

Every test that exports gets a fresh data folder (the shared session sandbox of the other UI tests only reads), so
what one test sends never shows in another's lists or snapshots.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import settle
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.store import Collection, XeroStore
from tui_ledger.ui.screens.export import ExportScreen


def sandbox_home(tmp_path: Path, config: str = "") -> dict[str, str]:
    """The environment of a desk with its own config file (`config` is its text) and its own sandbox."""
    home = tmp_path / "tui-ledger"
    home.mkdir(parents=True, exist_ok=True)
    config_file = home / "config.toml"
    if config:
        config_file.write_text(config, encoding="utf-8")
    return {"TUI_LEDGER_CONFIG": str(config_file), "TUI_LEDGER_DATA_DIR": str(home / "data")}


@dataclass(frozen=True)
class SandboxState:
    """The state files of a desk's sandbox, read the way tests/services/export/sandbox_truth reads a world's."""

    hub: SandboxHub
    package: str


def sandbox_state(environ: dict[str, str], package: str = "xero") -> SandboxState:
    return SandboxState(SandboxHub(Path(environ["TUI_LEDGER_DATA_DIR"]) / "sandbox", SandboxKnobs()), package)


def xero_store(environ: dict[str, str]) -> XeroStore:
    """The Xero sandbox's records, as a bookkeeper's changes in Xero would leave them."""
    return sandbox_state(environ).hub.app("xero").app.state.xero.store  # type: ignore[no-any-return]


def add_xero_tax_rate(environ: dict[str, str], tax_type: str, name: str) -> None:
    """Add a sales tax rate in Xero (what "Fix in Xero: add tax rate 'MA'" asks the user to do)."""
    store = xero_store(environ)
    sales = next(rate for rate in store.all(MAIN_TENANT_ID, Collection.TAX_RATES) if rate["TaxType"] == "OUTPUT")
    store.put(
        MAIN_TENANT_ID, Collection.TAX_RATES, tax_type, {**sales, "TaxType": tax_type, "Name": name}, number=tax_type
    )


def set_xero_account_status(environ: dict[str, str], code: str, status: str) -> None:
    """Archive or restore an account in Xero's chart of accounts."""
    store = xero_store(environ)
    account = next(record for record in store.all(MAIN_TENANT_ID, Collection.ACCOUNTS) if record.get("Code") == code)
    store.put(
        MAIN_TENANT_ID,
        Collection.ACCOUNTS,
        account["AccountID"],
        {**account, "Status": status},
        number=code,
        name=account["Name"],
    )


def export_screen(app: object) -> ExportScreen:
    for screen in app.screen_stack:  # type: ignore[attr-defined]
        if isinstance(screen, ExportScreen):
            return screen
    raise AssertionError("the Export screen is not open")


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys one by one, then let every started task finish and the screen catch up."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    await settle(pilot)


async def until(pilot: Pilot[None], condition: Callable[[], bool], *, seconds: float = 20.0) -> None:
    """Wait (letting the app run) until `condition` holds; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {seconds} s")
        await pilot.pause(0.02)
