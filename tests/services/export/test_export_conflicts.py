"""Refusals and conflicts: per document, never silent, and fixed by running again (seed 002, DESIGN.md §5 step 2)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from tests.services.export.export_world import EVERYTHING, ExportWorld
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.accounting import DocumentType
from tui_ledger.domain.checks import Blocked, CheckKind, Ready, Resolution
from tui_ledger.domain.documents import UnpostedInvoice
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID
from tui_ledger.sandbox.xero.store import Collection
from tui_ledger.services.export import ExportPreparation, ExportRunner, prepare_export
from tui_ledger.services.export.journal_rows import document_key
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import DocumentStep
from tui_ledger.store.runs import RunStatus


def invoices(preparation: ExportPreparation) -> list[Ready]:
    return [
        verdict
        for verdict in preparation.sendable()
        if isinstance(verdict, Ready)
        and isinstance(verdict.document, UnpostedInvoice)
        and [part.draft.document_type for part in verdict.plan.parts] == [DocumentType.SALES_INVOICE]
    ]


async def remote_total(xero: AccountingConnector, number: str) -> Decimal:
    found = await xero.find_documents(DocumentType.SALES_INVOICE, [number])
    assert len(found) == 1
    return found[0].total


async def put_a_different_copy_in_xero(xero: AccountingConnector, verdict: Ready) -> Decimal:
    """Someone types the invoice into Xero by hand, with another amount, after the user's Retrieve."""
    draft = verdict.plan.parts[0].draft
    first = draft.lines[0]
    changed = replace(
        draft,
        idempotency_key="typed-by-hand",
        lines=(replace(first, unit_amount=first.unit_amount + Decimal("10.00")), *draft.lines[1:]),
    )
    outcomes = [outcome async for outcome in xero.create_documents([changed])]
    assert outcomes[0].results[0].ok
    return await remote_total(xero, draft.number or "")


@pytest.mark.parametrize("choice", [Resolution.LINK, Resolution.UPDATE])
async def test_a_different_document_under_the_number_is_an_error_with_choices_and_the_users_choice_is_applied(
    choice: Resolution,
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    chosen = invoices(preparation)[:5]
    victim = chosen[2]
    number = victim.document.document_number
    theirs = await put_a_different_copy_in_xero(xero, victim)

    first = await runner.export(chosen, connector=xero, batches=psa.batches, target=world.target)

    assert first.status is RunStatus.COMPLETED_WITH_ERRORS
    assert first.exit_code == 1
    assert first.documents == {LogStatus.EXPORTED: 4, LogStatus.FAILED: 1}
    [failed] = runner.log.rows(first.run_id, statuses=[LogStatus.FAILED])
    assert failed.number == number
    assert f"invoice {number} is already in Xero with different content" in failed.message
    row = runner.journal.document(failed.journal_id)
    assert row.choices == (Resolution.LINK, Resolution.UPDATE, Resolution.SKIP)
    assert await remote_total(xero, number) == theirs, "the copy in Xero was not overwritten"
    assert f"I{number}" not in connectwise_batches(world).labels

    runner.journal.choose(row.id, choice)
    again = await prepare_export(psa, xero, EVERYTHING, world.plans(xero))
    blocked = next(v for v in again.blocked() if document_key(v.document) == document_key(victim.document))
    assert [problem.kind for problem in blocked.blocking] == [CheckKind.ALREADY_IN_PACKAGE]
    second = await runner.export(
        [blocked],
        connector=xero,
        batches=psa.batches,
        target=world.target,
        resolutions=runner.journal.chosen_resolutions(),
    )

    assert second.exit_code == 0
    expected = LogStatus.LINKED if choice is Resolution.LINK else LogStatus.EXPORTED
    assert second.documents == {expected: 1}
    assert copies_per_number(world)[("Invoices:ACCREC", number)] == 1
    assert connectwise_batches(world).labels[f"I{number}"] == 1
    expected_total = theirs if choice is Resolution.LINK else victim.plan.parts[0].total
    assert await remote_total(xero, number) == expected_total


async def test_a_batch_connectwise_refuses_fails_only_that_document_and_the_fixed_run_links_it_without_redoing_the_rest(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    chosen = invoices(preparation)[:6]
    victim = chosen[3].document
    assert isinstance(victim, UnpostedInvoice)
    other_tool = await psa.batches.create_batch("OTHER-TOOL-7", victim.gl_entry_ids, invoices=True)

    first = await runner.export(chosen, connector=xero, batches=psa.batches, target=world.target)

    assert first.documents == {LogStatus.EXPORTED: 5, LogStatus.FAILED: 1}
    [failed] = runner.log.rows(first.run_id, statuses=[LogStatus.FAILED])
    assert failed.message.startswith(f"In Xero as {victim.number}, but not batched: ConnectWise refused the batch:")
    assert runner.journal.document(failed.journal_id).failed_in_batching

    await psa.batches.delete_batch(other_tool.id)
    again = await prepare_export(psa, xero, EVERYTHING, world.plans(xero))
    retry = [verdict for verdict in again.sendable() if document_key(verdict.document) == document_key(victim)]
    assert len(retry) == 1
    assert isinstance(retry[0], Ready)
    assert retry[0].links, "the fixed document is found in Xero with the same content"
    second = await runner.export(retry, connector=xero, batches=psa.batches, target=world.target)

    assert second.documents == {LogStatus.LINKED: 1}
    assert [row.number for row in runner.journal.documents(second.run_id)] == [victim.number]
    copies = copies_per_number(world)
    labels = connectwise_batches(world).labels
    for verdict in chosen:
        assert copies[("Invoices:ACCREC", verdict.document.document_number)] == 1
        assert labels[f"I{verdict.document.document_number}"] == 1


def set_account_status(world: ExportWorld, code: str, status: str) -> None:
    """What a bookkeeper does in Xero's chart of accounts (archive / restore), straight in the sandbox's state."""
    store = world.hub.app("xero").app.state.xero.store  # type: ignore[attr-defined]
    account = next(record for record in store.all(MAIN_TENANT_ID, Collection.ACCOUNTS) if record.get("Code") == code)
    store.put(
        MAIN_TENANT_ID,
        Collection.ACCOUNTS,
        account["AccountID"],
        {**account, "Status": status},
        number=code,
        name=account["Name"],
    )


async def test_a_document_xero_refuses_fails_with_xeros_words_stays_unposted_and_goes_once_fixed(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    psa, xero = connected
    chosen = invoices(preparation)
    account = chosen[0].plan.parts[0].draft.lines[0].account_code or ""
    using = [v for v in chosen if any(line.account_code == account for line in v.plan.parts[0].draft.lines)]
    assert 0 < len(using) < len(chosen)
    set_account_status(world, account, "ARCHIVED")

    first = await runner.export(chosen, connector=xero, batches=psa.batches, target=world.target)

    assert first.documents == {LogStatus.EXPORTED: len(chosen) - len(using), LogStatus.FAILED: len(using)}
    failed = runner.log.rows(first.run_id, statuses=[LogStatus.FAILED])
    assert all(f"Account code '{account}' has been archived" in row.message for row in failed)
    assert all(
        row.step is DocumentStep.FAILED
        for row in runner.journal.documents(first.run_id)
        if row.number in {r.number for r in failed}
    )
    copies = copies_per_number(world)
    assert all(("Invoices:ACCREC", row.number) not in copies for row in failed)

    set_account_status(world, account, "ACTIVE")
    again = await prepare_export(psa, xero, EVERYTHING, world.plans(xero))
    second = await runner.export(again.sendable(), connector=xero, batches=psa.batches, target=world.target)

    assert second.documents.get(LogStatus.EXPORTED, 0) >= len(using)
    assert {row.number for row in runner.journal.documents(second.run_id)} >= {row.number for row in failed}
    copies = copies_per_number(world)
    for verdict in chosen:
        assert copies[("Invoices:ACCREC", verdict.document.document_number)] == 1


async def test_a_blocked_document_cannot_be_sent_and_an_unresolved_conflict_needs_a_choice(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    preparation: ExportPreparation,
    runner: ExportRunner,
) -> None:
    from tui_ledger.services.export import SelectionError

    psa, xero = connected
    broken = next(v for v in preparation.blocked() if v.blocking[0].kind is not CheckKind.ALREADY_IN_PACKAGE)
    conflict = next(
        v
        for v in preparation.blocked()
        if isinstance(v, Blocked) and v.blocking[0].kind is CheckKind.ALREADY_IN_PACKAGE
    )

    with pytest.raises(SelectionError, match="has errors to fix"):
        await runner.export([broken], connector=xero, batches=psa.batches, target=world.target)
    with pytest.raises(SelectionError, match="choose link or update"):
        await runner.export([conflict], connector=xero, batches=psa.batches, target=world.target)
    assert runner.unfinished() is None
