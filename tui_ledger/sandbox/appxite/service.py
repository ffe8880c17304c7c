"""The AppXite sandbox as the hub registers it (sandbox-contract.md): app, seed, error body, demo credentials.

The API root is the host itself: AppXite paths start at `/api/v2/reporting/…` on
`https://api.telemetry.appxite.com:8449`.
"""

from __future__ import annotations

from starlette.types import ASGIApp

from tui_ledger.sandbox.appxite.app import build_appxite_app, render_error
from tui_ledger.sandbox.appxite.seeding import DEMO_CREDENTIALS, seed_appxite_state
from tui_ledger.sandbox.appxite.state import AppXiteState
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.service_spec import SandboxContext, ServiceSpec

NAME = "appxite"
API_ROOT = ""


def _state(context: SandboxContext) -> AppXiteState:
    return AppXiteState(context.state_file(NAME))


def build_app(context: SandboxContext) -> ASGIApp:
    return build_appxite_app(_state(context))


def seed(context: SandboxContext, world: DemoCompany) -> None:
    seed_appxite_state(_state(context), world)


SERVICE = ServiceSpec(
    name=NAME,
    api_root=API_ROOT,
    build_app=build_app,
    seed=seed,
    render_error=render_error,
    credentials={"requester_id": DEMO_CREDENTIALS.requester_id, "sas_key": DEMO_CREDENTIALS.sas_key},
)
