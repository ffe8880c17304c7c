"""What a simulated service gives the hub, and what the hub gives it (the sandbox contract).

Kept apart from the registry (`services.py`) so a service package can import these types without
importing every other service: the registry imports the packages, the packages import only this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from starlette.responses import Response
from starlette.types import ASGIApp

from tui_ledger.domain.clock import Clock
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.knobs import SandboxKnobs


@dataclass(frozen=True)
class SandboxContext:
    """Shared by every service of one hub."""

    state_dir: Path
    """The service keeps its SQLite file(s) here: `state_dir / f"{name}.sqlite"`."""
    knobs: SandboxKnobs
    clock: Clock
    """The hub's one `ScaledClock`: rate-limit windows and token expiry use it."""

    def state_file(self, name: str) -> Path:
        return self.state_dir / f"{name}.sqlite"


@dataclass(frozen=True)
class ServiceSpec:
    """One simulated service, registered with one line in `services.SERVICES`."""

    name: str
    """`connectwise`, `xero`, `quickbooks`, `appxite` or `pax8`: the mount name and the in-process host."""
    api_root: str
    """Path of the API inside the service app, e.g. `/v4_6_release/apis/3.0`."""
    build_app: Callable[[SandboxContext], ASGIApp]
    """The service's Starlette app with all its routes, token endpoints included."""
    seed: Callable[[SandboxContext, DemoCompany], None]
    """(Re)create the service's state from the demo company."""
    render_error: Callable[[int], Response]
    """The service's own 5xx / 429 body, for `FaultMiddleware`."""
    credentials: Mapping[str, str]
    """The demo credentials a client needs (not secret: sandbox only)."""
