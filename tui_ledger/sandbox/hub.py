"""One place that owns the sandbox: its state directory, knobs and clock, and every simulated service.

The app, the tests and `tui-ledger sandbox serve` all go through a `SandboxHub`, so the in-process world
and the served one are the same world: the same SQLite files, the same fault plan, the same clock. In
process, each service is reached through its own `SandboxTransport` at `http://{name}.sandbox.invalid
{api_root}`: the host picks the service and the paths are the real ones. Served, one Starlette app mounts
every service under `/{name}` on a loopback port.

Service apps must not depend on lifespan events: neither `httpx.ASGITransport` nor a `Mount` forwards them.
They open their state lazily on the first request instead.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp

from tui_ledger.domain.clock import Clock, ScaledClock
from tui_ledger.sandbox.chaos import FaultMiddleware, SandboxTransport
from tui_ledger.sandbox.demo import DEFAULT_SEED, DemoCompany
from tui_ledger.sandbox.faults import FaultPlan
from tui_ledger.sandbox.knobs import SandboxKnobs
from tui_ledger.sandbox.service_spec import SandboxContext, ServiceSpec

IN_PROCESS_HOST_SUFFIX = ".sandbox.invalid"
LOOPBACK = "127.0.0.1"
SEED_RECORD = "demo.json"


class UnknownServiceError(KeyError):
    """A service name that is not registered with this hub."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        super().__init__(f"no sandbox service {name!r}; registered: {', '.join(known) or 'none'}")


@dataclass(frozen=True, slots=True)
class SeedRecord:
    """What the state directory was last seeded with, so `reset` and the app can seed the same world again."""

    seed: int
    scale: int
    anchor: date

    def to_json(self) -> str:
        return json.dumps({"seed": self.seed, "scale": self.scale, "anchor": self.anchor.isoformat()})

    @classmethod
    def from_json(cls, text: str) -> SeedRecord:
        data = json.loads(text)
        return cls(seed=int(data["seed"]), scale=int(data["scale"]), anchor=date.fromisoformat(data["anchor"]))


class SandboxHub:
    """The state directory, knobs, shared clock and registered services of one sandbox world."""

    def __init__(
        self,
        state_dir: Path,
        knobs: SandboxKnobs | None = None,
        *,
        services: Sequence[ServiceSpec] | None = None,
        clock: Clock | None = None,
    ) -> None:
        if services is None:
            from tui_ledger.sandbox.services import SERVICES

            services = SERVICES
        self.knobs = knobs or SandboxKnobs()
        self.clock: Clock = clock or ScaledClock(self.knobs.clock_speedup)
        self.state_dir = state_dir
        self.context = SandboxContext(state_dir=state_dir, knobs=self.knobs, clock=self.clock)
        self._services: dict[str, ServiceSpec] = {spec.name: spec for spec in services}
        self._apps: dict[str, ASGIApp] = {}

    # -- the services

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._services)

    def spec(self, name: str) -> ServiceSpec:
        try:
            return self._services[name]
        except KeyError:
            raise UnknownServiceError(name, self._services) from None

    def credentials(self, name: str) -> Mapping[str, str]:
        return self.spec(name).credentials

    # -- state

    @property
    def seed_record(self) -> SeedRecord | None:
        """What the state was seeded with, or None if it never was (or was reset)."""
        path = self.state_dir / SEED_RECORD
        if not path.exists():
            return None
        return SeedRecord.from_json(path.read_text(encoding="utf-8"))

    def seed(self, company: DemoCompany, *, discrepancies: bool = False) -> None:
        """(Re)create every service's state from `company`. Apps handed out before keep their old state.

        `discrepancies`: make ConnectWise drift from the packages for reconcile to find (sandbox/discrepancies.py)."""
        self.state_dir.mkdir(parents=True, exist_ok=True)
        for spec in self._services.values():
            spec.seed(self.context, company)
        if discrepancies:
            from tui_ledger.sandbox.discrepancies import plant_discrepancies

            plant_discrepancies(self.context.state_file("connectwise"), company)
        record = SeedRecord(seed=company.seed, scale=company.scale, anchor=company.anchor)
        (self.state_dir / SEED_RECORD).write_text(record.to_json(), encoding="utf-8")
        self._apps.clear()

    def ensure_seeded(self, *, anchor: date, seed: int = DEFAULT_SEED, scale: int = 1) -> SeedRecord:
        """Seed the demo company unless the state directory already holds one; return what it holds."""
        record = self.seed_record
        missing = [name for name in self._services if not self.context.state_file(name).exists()]
        if record is None or missing:
            self.seed(DemoCompany.generate(seed=seed, scale=scale, anchor=anchor))
            record = SeedRecord(seed=seed, scale=scale, anchor=anchor)
        return record

    def reset(self) -> None:
        """Forget every service's state (SQLite files with their journals) and the seed record."""
        self._apps.clear()
        if not self.state_dir.exists():
            return
        for name in self._services:
            state_file = self.context.state_file(name)
            for path in state_file.parent.glob(state_file.name + "*"):
                path.unlink()
            service_dir = self.state_dir / name
            if service_dir.is_dir():
                shutil.rmtree(service_dir)
        (self.state_dir / SEED_RECORD).unlink(missing_ok=True)

    # -- in process

    def app(self, name: str) -> ASGIApp:
        """The service's ASGI app behind latency and faults; built once per hub (and again after `seed`)."""
        if name not in self._apps:
            self._apps[name] = self._wrapped(name, served=False)
        return self._apps[name]

    def transport(self, name: str) -> SandboxTransport:
        return SandboxTransport(self.app(name))

    def base_url(self, name: str) -> str:
        """`http://connectwise.sandbox.invalid/v4_6_release/apis/3.0`: the in-process API base of a service."""
        return f"http://{name}{IN_PROCESS_HOST_SUFFIX}{self.spec(name).api_root}"

    def client(self, name: str, **kwargs: Any) -> httpx.AsyncClient:
        """A plain httpx client on the service's in-process transport (tests; connectors build their own)."""
        return httpx.AsyncClient(transport=self.transport(name), base_url=self.base_url(name), **kwargs)

    # -- served

    def served_base_url(self, name: str, port: int) -> str:
        """`http://127.0.0.1:{port}/{name}{api_root}`: the API base of a service under `sandbox serve`."""
        return f"http://{LOOPBACK}:{port}/{name}{self.spec(name).api_root}"

    def served_app(self) -> Starlette:
        """Every service mounted under `/{name}`, for uvicorn on the loopback interface."""
        routes = [Mount(f"/{name}", app=self._wrapped(name, served=True)) for name in self._services]
        return Starlette(routes=routes)

    def _wrapped(self, name: str, *, served: bool) -> ASGIApp:
        spec = self.spec(name)
        position = list(self._services).index(name)
        # Each service draws from its own sequence, so adding a service does not change another's faults.
        plan = FaultPlan(replace(self.knobs, random_seed=self.knobs.random_seed + position))
        return FaultMiddleware(
            spec.build_app(self.context),
            plan,
            spec.render_error,
            latency_ms=self.knobs.latency_ms,
            served=served,
        )
