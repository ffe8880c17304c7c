"""The demo company's CAD invoices into both packages (both record CAD besides their USD base).

Before the package told the checks which currencies the company records, every CAD invoice was Blocked as "records
USD only" in Xero and QuickBooks alike. Now a CAD invoice is Ready unless a deliberate gap of the demo company or the
seed stops it, and it lands once, in CAD, judged on the sandbox's own state file.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.services.export.export_world import EVERYTHING, PROFILE, ExportWorld, make_world
from tests.services.export.sandbox_truth import copies_per_number
from tui_ledger.domain.checks import Blocked, CheckKind, Ready
from tui_ledger.domain.documents import UnpostedInvoice
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.export import ExportRunner, prepare_export
from tui_ledger.store import Database, open_profile_database
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.runs import RunStatus

INVOICE_KIND = {"xero": "Invoices:ACCREC", "quickbooks": "Invoice"}


def landed_currencies(world: ExportWorld) -> dict[str, str]:
    """Sales invoice number → the currency the package holds it in, read from the sandbox's state file."""
    path = world.hub.context.state_file(world.package)
    if world.package == "xero":
        sql = "SELECT number, body FROM records WHERE collection = 'Invoices'"
        field = "CurrencyCode"
    else:
        sql = "SELECT doc_number, body FROM entity WHERE kind = 'Invoice' AND deleted = 0"
        field = "CurrencyRef"
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute(sql).fetchall()
    finally:
        connection.close()
    found: dict[str, str] = {}
    for number, body in rows:
        value = json.loads(str(body)).get(field)
        found[str(number)] = str(value["value"] if isinstance(value, dict) else value)
    return found


@pytest.mark.parametrize("package", ["xero", "quickbooks"])
async def test_cad_invoices_are_ready_and_land_once_in_cad(tmp_path: Path, demo: DemoCompany, package: str) -> None:
    world = make_world(tmp_path / "sandbox", package, company=demo)
    database: Database = open_profile_database(tmp_path / "data", PROFILE)
    try:
        async with world.connected() as (psa, connector):
            company = await connector.company()
            assert company.multi_currency
            assert set(company.currencies) == {"USD", "CAD"}
            checked = await prepare_export(psa, connector, EVERYTHING, world.plans(connector))
            in_cad = [verdict for verdict in checked.verdicts if verdict.document.currency == "CAD"]
            assert len(in_cad) == sum(invoice.currency == "CAD" for invoice in demo.invoices) == 11
            assert not [
                problem.message
                for verdict in in_cad
                if isinstance(verdict, Blocked)
                for problem in verdict.blocking
                if problem.kind is CheckKind.CURRENCY_MISMATCH
            ]
            ready = [verdict for verdict in in_cad if isinstance(verdict, Ready)]
            assert len(ready) == 5, "the other six meet the seeds' missing tax code or an unmapped GL account"
            assert all(isinstance(verdict.document, UnpostedInvoice) for verdict in ready)

            runner = ExportRunner(database, PROFILE, tmp_path / "data", clock=world.hub.clock)
            outcome = await runner.export(ready, connector=connector, batches=psa.batches, target=world.target)
    finally:
        database.close()

    assert outcome.status is RunStatus.SUCCEEDED
    assert outcome.documents == {LogStatus.EXPORTED: len(ready)}
    numbers = [verdict.plan.target_number or "" for verdict in ready]
    copies = copies_per_number(world)
    assert [copies[(INVOICE_KIND[package], number)] for number in numbers] == [1] * len(ready)
    currencies = landed_currencies(world)
    assert {currencies[number] for number in numbers} == {"CAD"}
