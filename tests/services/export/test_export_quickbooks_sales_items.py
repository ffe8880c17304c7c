"""Revenue of lines without a ConnectWise product lands on their GL account in QuickBooks (`sales_items_by_account`).

QuickBooks books a sales line on its item's income account. The demo company bills cloud subscriptions on summary
lines without a product, mapped in ConnectWise to its cloud income account (4300); sent as the default "Services"
item they would land on Services' income account (4000). With 4300 mapped to an item of its own, the run creates
that item posting to 4300 (Settings allow creating items here) and the lines land on it.
"""

from __future__ import annotations

from pathlib import Path

from tests.services.export.export_world import EVERYTHING, PROFILE, make_world
from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.checks import Ready
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.export import ExportRunner, prepare_export
from tui_ledger.store import open_profile_database
from tui_ledger.store.journal_log import LogStatus

CLOUD_INCOME = "4300"
CLOUD_ITEM = "Cloud Services"


async def test_lines_mapped_to_an_account_land_as_its_item_posting_to_that_account(
    tmp_path: Path, demo: DemoCompany
) -> None:
    world = make_world(tmp_path / "sandbox", "quickbooks", company=demo)
    database = open_profile_database(tmp_path / "data", PROFILE)
    try:
        async with world.connected() as (psa, connector):
            plans = world.plans(connector, sales_items_by_account={CLOUD_INCOME: CLOUD_ITEM}, create_missing_items=True)
            checked = await prepare_export(psa, connector, EVERYTHING, plans)
            mapped = [
                verdict
                for verdict in checked.verdicts
                if isinstance(verdict, Ready)
                and any(line.item_code == CLOUD_ITEM for part in verdict.plan.parts for line in part.draft.lines)
            ]
            assert mapped, "the demo company bills cloud subscriptions on lines without a product"
            assert CLOUD_ITEM in [item.code for item in checked.creations_for(mapped).items]

            runner = ExportRunner(database, PROFILE, tmp_path / "data", clock=world.hub.clock)
            outcome = await runner.export(mapped, connector=connector, batches=psa.batches, target=world.target)

            numbers = [verdict.plan.target_number or "" for verdict in mapped]
            landed = await connector.find_documents(DocumentType.SALES_INVOICE, numbers)
            items = {item.code: item for item in await connector.items()}
    finally:
        database.close()

    assert outcome.documents == {LogStatus.EXPORTED: len(mapped)}
    assert items[CLOUD_ITEM].sales_account_code == CLOUD_INCOME
    posted = [line for document in landed for line in document.lines if line.item_code == CLOUD_ITEM]
    assert posted
    assert len(landed) == len(mapped)
