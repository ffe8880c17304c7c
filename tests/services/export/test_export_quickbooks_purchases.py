"""Expenses sent to QuickBooks Online as Purchases (`expenses_as = "purchases"`), on the demo company.

ConnectWise credits a reimbursable expense to Employee Reimbursements Payable (a liability) and a company-card
expense to the Company Credit Card account. QuickBooks pays a Purchase only from a bank or credit-card account, so
the reimbursable ones are Errors before the run (with where to fix them), the card ones go, and the sandbox refuses
a liability the way QuickBooks does should one be sent anyway.
"""

from __future__ import annotations

from pathlib import Path

from tests.services.export.export_world import EVERYTHING, PROFILE, make_world
from tests.services.export.sandbox_truth import copies_per_number
from tui_ledger.domain.checks import Blocked, CheckKind, FixPlace, Ready
from tui_ledger.domain.documents import UnpostedExpense
from tui_ledger.sandbox.demo import DemoCompany, ExpenseClassification
from tui_ledger.sandbox.demo_catalog import REIMBURSEMENTS_ACCOUNT
from tui_ledger.services.export import ExportRunner, prepare_export
from tui_ledger.store import open_profile_database
from tui_ledger.store.journal_log import LogStatus


async def test_reimbursable_expenses_are_blocked_card_expenses_land_as_purchases(
    tmp_path: Path, demo: DemoCompany
) -> None:
    world = make_world(tmp_path / "sandbox", "quickbooks", company=demo)
    reimbursable = {
        expense.id
        for expense in demo.unposted_expenses()
        if expense.classification is ExpenseClassification.REIMBURSABLE
    }
    database = open_profile_database(tmp_path / "data", PROFILE)
    try:
        async with world.connected() as (psa, connector):
            checked = await prepare_export(psa, connector, EVERYTHING, world.plans(connector, expenses_as="purchases"))
            expenses = [verdict for verdict in checked.verdicts if isinstance(verdict.document, UnpostedExpense)]
            refused = {
                verdict.document.expense_id: problem
                for verdict in expenses
                if isinstance(verdict, Blocked)
                for problem in verdict.blocking
                if problem.kind is CheckKind.PAYMENT_ACCOUNT_NOT_ALLOWED
            }
            card = [
                verdict
                for verdict in expenses
                if isinstance(verdict, Ready) and verdict.document.expense_id not in reimbursable
            ]
            assert reimbursable
            assert set(refused) == {
                verdict.document.expense_id
                for verdict in expenses
                if verdict.document.expense_id in reimbursable and verdict.document.total > 0
            }
            assert {problem.value for problem in refused.values()} == {REIMBURSEMENTS_ACCOUNT}
            assert {problem.fix.place for problem in refused.values()} == {FixPlace.SETTINGS}
            assert card, "the demo company has company-card expenses to send"

            blocked = next(verdict for verdict in expenses if verdict.document.expense_id in refused)
            sent_anyway = [chunk async for chunk in connector.create_documents([blocked.plan.parts[0].draft])]

            runner = ExportRunner(database, PROFILE, tmp_path / "data", clock=world.hub.clock)
            outcome = await runner.export(card, connector=connector, batches=psa.batches, target=world.target)
    finally:
        database.close()

    (result,) = sent_anyway[0].results
    assert not result.ok
    assert "Bank account" in result.problems[0].message
    assert "Other Current Liability" in result.problems[0].message
    assert outcome.documents == {LogStatus.EXPORTED: len(card)}
    copies = copies_per_number(world)
    assert [copies[("Purchase", verdict.plan.target_number)] for verdict in card] == [1] * len(card)
