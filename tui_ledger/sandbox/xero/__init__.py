"""The Xero sandbox: the Accounting API and Xero Identity, faithful enough that the official SDK logs in to it.

`SERVICE` is this package's line in the sandbox registry (`tui_ledger/sandbox/services.py`).
"""

from __future__ import annotations

from tui_ledger.sandbox.service_spec import ServiceSpec
from tui_ledger.sandbox.xero.app import build_app
from tui_ledger.sandbox.xero.demo_apps import CREDENTIALS
from tui_ledger.sandbox.xero.gate import API_ROOT
from tui_ledger.sandbox.xero.responses import render_error
from tui_ledger.sandbox.xero.seed import SERVICE_NAME, seed

SERVICE = ServiceSpec(
    name=SERVICE_NAME,
    api_root=API_ROOT,
    build_app=build_app,
    seed=seed,
    render_error=render_error,
    credentials=CREDENTIALS,
)

__all__ = ["SERVICE"]
