"""The ConnectWise PSA (Manage) sandbox: the Accounting Interface and the records around it.

Real paths under `/v4_6_release/apis/3.0`, Basic auth with `companyId+publicKey:privateKey` plus `clientId`,
`{code, message, errors[]}` error bodies, `page`/`pageSize` with `Link` and forward-only paging, and the
`conditions` grammar. State: `connectwise.sqlite` in the hub's state directory (see `store.py`).

Shapes the connector relies on, where ConnectWise's own documentation is silent (decided here):
- PO freight is its own Unposted procurement record: `description` "Freight", `freightCost` == `total`,
  `unpostedProductId` "FREIGHT-<PO id>"; a product record has `freightCost` 0 and `unpostedProductId` equal
  to its PO line item id (see `records.py`).
- GL entry ids (`processedRecordIds`): `transactions[].glEntryIds` for invoices, `expenses[].offset.id` and
  `expenseBills[].detail[].id` for expenses (the `id` of both is the expense id),
  `purchaseTransactions[].purchaseDetail[].id` for procurement (see `export.py`).
"""

from __future__ import annotations

from tui_ledger.sandbox.connectwise.app import API_ROOT, SERVICE_NAME, build_app
from tui_ledger.sandbox.connectwise.auth import DEMO_CREDENTIALS
from tui_ledger.sandbox.connectwise.errors import render_fault
from tui_ledger.sandbox.connectwise.store import seed_state
from tui_ledger.sandbox.connectwise.writes_store import clear_writes
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.service_spec import SandboxContext, ServiceSpec


def seed(context: SandboxContext, company: DemoCompany) -> None:
    """Write the demo company into `connectwise.sqlite`, replacing whatever was there (written additions too)."""
    seed_state(context.state_file(SERVICE_NAME), company)
    clear_writes(context.state_dir)


SERVICE = ServiceSpec(
    name=SERVICE_NAME,
    api_root=API_ROOT,
    build_app=build_app,
    seed=seed,
    render_error=render_fault,
    credentials=DEMO_CREDENTIALS.as_mapping(),
)
