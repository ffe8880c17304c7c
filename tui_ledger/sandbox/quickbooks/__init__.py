"""The QuickBooks Online sandbox: the v3 Accounting API and Intuit OAuth 2.0, faithful to the XSD and the reference.

`SERVICE` plugs it into the hub (tui_ledger/sandbox/services.py). In process its API base is
`http://quickbooks.sandbox.invalid/v3` and the company lives at `/v3/company/{realmId}/...`; the OAuth endpoints sit
at their real paths in the same app (`/oauth2/v1/tokens/bearer`, `/connect/oauth2`, discovery at
`/.well-known/openid_configuration`). Module map: app (routes and the per-call gate), oauth, limits, ledger (the
operations), transactions and names (the business rules), query (the query language), batch, faults (QBO's error
bodies), xsd_json (the schema check), store (SQLite), seed (from DemoCompany, with deliberate gaps).
"""

from __future__ import annotations

from tui_ledger.sandbox.quickbooks.app import API_ROOT, build_app
from tui_ledger.sandbox.quickbooks.credentials import DEMO_CREDENTIALS
from tui_ledger.sandbox.quickbooks.faults import render_error
from tui_ledger.sandbox.quickbooks.seed import seed
from tui_ledger.sandbox.service_spec import ServiceSpec

SERVICE = ServiceSpec(
    name="quickbooks",
    api_root=API_ROOT,
    build_app=build_app,
    seed=seed,
    render_error=render_error,
    credentials=DEMO_CREDENTIALS,
)

__all__ = ["SERVICE"]
