"""The Pax8 sandbox as the hub registers it (sandbox-contract.md): app, seed, error body, demo credentials."""

from __future__ import annotations

from starlette.types import ASGIApp

from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.pax8.app import build_pax8_app
from tui_ledger.sandbox.pax8.errors import render_error
from tui_ledger.sandbox.pax8.seeding import DEMO_CREDENTIALS, seed_pax8_state
from tui_ledger.sandbox.pax8.state import Pax8State
from tui_ledger.sandbox.service_spec import SandboxContext, ServiceSpec

NAME = "pax8"
API_ROOT = "/v1"


def _state(context: SandboxContext) -> Pax8State:
    return Pax8State(context.state_file(NAME))


def build_app(context: SandboxContext) -> ASGIApp:
    return build_pax8_app(_state(context), context.clock, rate_limits=context.knobs.rate_limits)


def seed(context: SandboxContext, world: DemoCompany) -> None:
    seed_pax8_state(_state(context), world)


SERVICE = ServiceSpec(
    name=NAME,
    api_root=API_ROOT,
    build_app=build_app,
    seed=seed,
    render_error=render_error,
    credentials={"client_id": DEMO_CREDENTIALS.client_id, "client_secret": DEMO_CREDENTIALS.client_secret},
)
