"""The default demo company into the QuickBooks Online sandbox, as a new user exports it (issue 4, seeds 002 and 004).

A QuickBooks company set up by hand carries no ConnectWise identifier: its customers are found by the account
number ConnectWise states or by name, a new client is created, and sales lines without a product go as the default
sales item. So what the checks call Ready must land in QuickBooks exactly once, and what they call an Error must be
one of the deliberate gaps of the demo company and the QuickBooks seed (tui_ledger/sandbox/quickbooks/seed.py).
Judged on the sandbox's own state files (sandbox_truth), not on the journal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.services.export.export_world import EVERYTHING, PROFILE, ExportWorld, make_world
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number, party_names
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.batch_identifier import BatchIdentifier
from tui_ledger.domain.checks import Blocked, CheckKind, NotSent, Problem, Ready
from tui_ledger.domain.documents import DocumentKind, UnpostedExpense, UnpostedInvoice
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.quickbooks.seed import SERVICES_ITEM, SeedGaps, choose_gaps
from tui_ledger.services.export import ExportPreparation, ExportRunner, prepare_export
from tui_ledger.services.export.journal_rows import document_key
from tui_ledger.store import Database
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import DocumentStep
from tui_ledger.store.runs import RunStatus

QBO_KIND = {
    DocumentType.SALES_INVOICE: "Invoice",
    DocumentType.SALES_CREDIT: "CreditMemo",
    DocumentType.BILL: "Bill",
    DocumentType.PURCHASE: "Purchase",
}
DELIBERATE_KINDS = {
    CheckKind.MISSING_GL_ACCOUNT,
    CheckKind.TAX_CODE_MISSING,
    CheckKind.ACCOUNT_ARCHIVED,
    CheckKind.NAME_COLLISION,
    CheckKind.ALREADY_IN_PACKAGE,
}
"""Every kind of Error the demo company meets in QuickBooks (see `deliberate`): planted on purpose by the demo
company (GL accounts not mapped) or the QuickBooks seed (archived account, missing tax code, a customer's name held
by a vendor, a number already taken). No currency Error: the demo's Canadian customers are billed in CAD, which
the multicurrency QuickBooks file records (test_export_currencies.py)."""


@pytest.fixture
def quickbooks(tmp_path: Path, demo: DemoCompany) -> ExportWorld:
    return make_world(tmp_path / "sandbox", "quickbooks", company=demo)


@pytest.fixture
def runner(database: Database, tmp_path: Path, quickbooks: ExportWorld) -> ExportRunner:
    """The run on the QuickBooks world's clock (the package's rate windows run on it)."""
    return ExportRunner(database, PROFILE, tmp_path / "data", clock=quickbooks.hub.clock)


@pytest.fixture
def gaps(demo: DemoCompany) -> SeedGaps:
    return choose_gaps(demo)


@pytest.fixture
async def on_quickbooks(quickbooks: ExportWorld) -> AsyncIterator[tuple[ConnectWiseReader, AccountingConnector]]:
    async with quickbooks.connected() as pair:
        yield pair


@pytest.fixture
async def checked(
    quickbooks: ExportWorld, on_quickbooks: tuple[ConnectWiseReader, AccountingConnector]
) -> ExportPreparation:
    psa, connector = on_quickbooks
    return await prepare_export(psa, connector, EVERYTHING, quickbooks.plans(connector))


def deliberate(problem: Problem, verdict: Blocked, demo: DemoCompany, gaps: SeedGaps) -> bool:
    """Whether `problem` is one the demo company or the QuickBooks seed planted."""
    document = verdict.document
    if problem.kind is CheckKind.MISSING_GL_ACCOUNT:
        unmapped = {
            invoice.number for invoice in demo.invoices if any(not line.account_number for line in invoice.lines)
        }
        return document.document_number in unmapped
    if problem.kind is CheckKind.TAX_CODE_MISSING:
        return problem.value == gaps.missing_tax_code
    if problem.kind is CheckKind.ACCOUNT_ARCHIVED:
        return problem.value == gaps.inactive_account
    if problem.kind is CheckKind.NAME_COLLISION:
        return name_taken_by_a_vendor(verdict, gaps, problem) or member_held_as_an_employee(verdict, demo, problem)
    if problem.kind is CheckKind.ALREADY_IN_PACKAGE:
        return verdict.plan.target_number == gaps.taken_doc_number
    return False


def name_taken_by_a_vendor(verdict: Blocked, gaps: SeedGaps, problem: Problem) -> bool:
    """The seed's customer whose name a vendor holds: QuickBooks keeps one name list for all."""
    document = verdict.document
    taken = isinstance(document, UnpostedInvoice) and document.customer.id == gaps.name_taken_customer_id
    return taken and "for a supplier" in problem.message


def member_held_as_an_employee(verdict: Blocked, demo: DemoCompany, problem: Problem) -> bool:
    """An expense bill to a member the QuickBooks file holds as an employee of that name (bills go to vendors only).

    Shows only where ConnectWise gives the member's name, not just the identifier, as the expense's party."""
    document = verdict.document
    members = {member.name for member in demo.members}
    return isinstance(document, UnpostedExpense) and problem.value in members and "for an employee" in problem.message


async def test_every_ready_document_lands_in_quickbooks_once_and_is_batched_once(
    quickbooks: ExportWorld,
    on_quickbooks: tuple[ConnectWiseReader, AccountingConnector],
    checked: ExportPreparation,
    runner: ExportRunner,
    demo: DemoCompany,
    gaps: SeedGaps,
) -> None:
    psa, connector = on_quickbooks
    sendable = checked.sendable()
    ready = [verdict for verdict in sendable if isinstance(verdict, Ready)]
    assert len(ready) > 100
    created = checked.creations_for(sendable)
    assert [draft.name for draft in created.customers] == [demo.customer(gaps.new_customer_id).name]
    earlier = connectwise_batches(quickbooks).labels

    outcome = await runner.export(sendable, connector=connector, batches=psa.batches, target=quickbooks.target)

    assert outcome.status is RunStatus.SUCCEEDED
    assert outcome.exit_code == 0
    assert outcome.documents == {
        LogStatus.EXPORTED: len(ready),
        LogStatus.NOT_SENT: sum(isinstance(verdict, NotSent) for verdict in sendable),
    }
    copies = copies_per_number(quickbooks)
    new_batches = connectwise_batches(quickbooks).labels - earlier
    journal = {(row.kind, row.psa_id): row for row in runner.journal.documents(outcome.run_id)}
    for verdict in sendable:
        row = journal[document_key(verdict.document)]
        assert row.step is DocumentStep.DONE
        assert new_batches[BatchIdentifier.parse(row.batch_identifier).label] == 1
        for part in verdict.plan.parts:
            assert copies[(QBO_KIND[part.draft.document_type], part.draft.number)] == 1
    names = party_names(quickbooks)
    assert [name for name, count in names.items() if count > 1] == []
    assert names[f"customer:{demo.customer(gaps.new_customer_id).name}".casefold()] == 1


async def test_sales_lines_without_a_product_land_as_the_default_sales_item(
    quickbooks: ExportWorld,
    on_quickbooks: tuple[ConnectWiseReader, AccountingConnector],
    checked: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, connector = on_quickbooks
    productless = [
        verdict
        for verdict in checked.sendable()
        if isinstance(verdict, Ready)
        and isinstance(verdict.document, UnpostedInvoice)
        and verdict.document.total > 0
        and all(not line.item_identifier and not line.is_down_payment for line in verdict.document.lines)
    ]
    assert len(productless) >= 10

    outcome = await runner.export(productless, connector=connector, batches=psa.batches, target=quickbooks.target)

    assert outcome.documents == {LogStatus.EXPORTED: len(productless)}
    numbers = [verdict.plan.target_number or "" for verdict in productless]
    landed = await connector.find_documents(DocumentType.SALES_INVOICE, numbers)
    assert sorted(document.number or "" for document in landed) == sorted(numbers)
    assert {line.item_code for document in landed for line in document.lines} == {SERVICES_ITEM}


async def test_the_customer_quickbooks_knows_under_another_name_gets_its_invoices_there(
    quickbooks: ExportWorld,
    on_quickbooks: tuple[ConnectWiseReader, AccountingConnector],
    checked: ExportPreparation,
    runner: ExportRunner,
    demo: DemoCompany,
    gaps: SeedGaps,
) -> None:
    psa, connector = on_quickbooks
    customer = demo.customer(gaps.renamed_customer_id)
    theirs = [
        verdict
        for verdict in checked.sendable()
        if isinstance(verdict, Ready)
        and isinstance(verdict.document, UnpostedInvoice)
        and verdict.document.customer.id == customer.id
    ]
    assert theirs, "the renamed customer has a Ready invoice in the demo company"
    assert all(verdict.contacts_to_create == () for verdict in theirs)

    outcome = await runner.export(theirs, connector=connector, batches=psa.batches, target=quickbooks.target)

    assert outcome.documents == {LogStatus.EXPORTED: len(theirs)}
    numbers = [verdict.plan.target_number or "" for verdict in theirs]
    landed = await connector.find_documents(DocumentType.SALES_INVOICE, numbers)
    assert {document.contact.name for document in landed} == {gaps.renamed_display_name}
    assert party_names(quickbooks)[f"customer:{customer.name}".casefold()] == 0


async def test_every_error_is_one_of_the_deliberate_gaps_and_each_gap_shows(
    checked: ExportPreparation, demo: DemoCompany, gaps: SeedGaps
) -> None:
    blocked = checked.blocked()

    undeliberate = [
        problem.message
        for verdict in blocked
        for problem in verdict.blocking
        if not deliberate(problem, verdict, demo, gaps)
    ]
    assert undeliberate == []
    shown = Counter(problem.kind for verdict in blocked for problem in verdict.blocking)
    assert set(shown) == DELIBERATE_KINDS
    taken = [
        verdict
        for verdict in blocked
        if any(name_taken_by_a_vendor(verdict, gaps, problem) for problem in verdict.blocking)
    ]
    assert len(taken) == sum(
        isinstance(verdict.document, UnpostedInvoice) and verdict.document.customer.id == gaps.name_taken_customer_id
        for verdict in checked.verdicts
    )


async def test_the_ready_share_in_quickbooks_is_xeros(
    tmp_path: Path, demo: DemoCompany, checked: ExportPreparation
) -> None:
    """Invoices and purchase orders reach Ready in QuickBooks as often as in Xero; expenses too, unless the member's
    name is an employee's there (see `member_held_as_an_employee`)."""
    xero = make_world(tmp_path / "xero", "xero", company=demo)
    async with xero.connected() as (psa, connector):
        on_xero = await prepare_export(psa, connector, EVERYTHING, xero.plans(connector))

    assert len(checked.verdicts) == len(on_xero.verdicts)
    for kind in (DocumentKind.INVOICE, DocumentKind.PROCUREMENT):
        quickbooks_share = len(checked.sendable(kind)) / len(checked.of_kind(kind))
        xero_share = len(on_xero.sendable(kind)) / len(on_xero.of_kind(kind))
        assert quickbooks_share >= 0.8
        assert abs(quickbooks_share - xero_share) <= 0.05, kind
    ready_in_xero = {document_key(verdict.document) for verdict in on_xero.sendable(DocumentKind.EXPENSE)}
    for verdict in checked.of_kind(DocumentKind.EXPENSE):
        if isinstance(verdict, Blocked):
            assert all(member_held_as_an_employee(verdict, demo, problem) for problem in verdict.blocking)
        else:
            assert document_key(verdict.document) in ready_in_xero
