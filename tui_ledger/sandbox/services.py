"""The registry of simulated services: one line per service, in the order `sandbox serve` lists them.

Each sandbox package exposes a `SERVICE: ServiceSpec` (see `service_spec.py`) and adds its line here.
"""

from __future__ import annotations

from tui_ledger.sandbox.appxite.service import SERVICE as APPXITE
from tui_ledger.sandbox.connectwise import SERVICE as CONNECTWISE
from tui_ledger.sandbox.pax8.service import SERVICE as PAX8
from tui_ledger.sandbox.quickbooks import SERVICE as QUICKBOOKS
from tui_ledger.sandbox.service_spec import SandboxContext, ServiceSpec
from tui_ledger.sandbox.xero import SERVICE as XERO

SERVICES: tuple[ServiceSpec, ...] = (CONNECTWISE, XERO, APPXITE, PAX8, QUICKBOOKS)

__all__ = ["SERVICES", "SandboxContext", "ServiceSpec"]
