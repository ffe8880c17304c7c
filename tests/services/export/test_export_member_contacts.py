"""An expense bill goes to the member's contact the package already holds, never to a second one named by the member's
identifier: found by its number (the identifier) or, in a package set up by hand, by the member's name."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.services.export.export_world import ANCHOR, PROFILE, ExportWorld, make_world
from tests.services.export.sandbox_truth import party_names
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.accounting import DocumentType, PartyRole
from tui_ledger.domain.checks import Ready
from tui_ledger.domain.documents import UnpostedExpense
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.quickbooks.seed import choose_gaps, member_vendor_name
from tui_ledger.services.export import ExportRunner, prepare_export
from tui_ledger.store import Database
from tui_ledger.store.journal_log import LogStatus

EXPENSES_ONLY = UnpostedFilter(thru_date=ANCHOR, include_invoices=False, include_procurement=False)


@pytest.fixture
def runner_for(database: Database, tmp_path: Path) -> Callable[[ExportWorld], ExportRunner]:
    """A run on the given world's clock (the package's rate windows run on it)."""
    return lambda world: ExportRunner(database, PROFILE, tmp_path / "data", clock=world.hub.clock)


async def ready_expense_bills(
    world: ExportWorld, psa: ConnectWiseReader, connector: AccountingConnector
) -> list[Ready]:
    preparation = await prepare_export(psa, connector, EXPENSES_ONLY, world.plans(connector))
    return [
        verdict
        for verdict in preparation.sendable()
        if isinstance(verdict, Ready)
        and isinstance(verdict.document, UnpostedExpense)
        and verdict.plan.parts[0].draft.document_type is DocumentType.BILL
    ]


def forget_contact_number(world: ExportWorld, name: str) -> None:
    """What a bookkeeper's hand-made contact looks like: the member's name, no ContactNumber."""
    connection = sqlite3.connect(world.hub.context.state_file("xero"))
    try:
        changed = connection.execute(
            "UPDATE records SET number = NULL, body = json_remove(body, '$.ContactNumber') "
            "WHERE collection = 'Contacts' AND name = ?",
            (name,),
        ).rowcount
        connection.commit()
    finally:
        connection.close()
    assert changed == 1


async def test_expense_bills_land_on_the_members_existing_contacts_in_xero(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    runner: ExportRunner,
    demo: DemoCompany,
) -> None:
    psa, connector = connected
    by_number = demo.members[0]
    forget_contact_number(world, demo.members[1].name)
    bills = await ready_expense_bills(world, psa, connector)
    members = {verdict.document.member_identifier for verdict in bills}  # type: ignore[union-attr]
    assert {by_number.identifier, demo.members[1].identifier} <= members
    assert all(verdict.contacts_to_create == () for verdict in bills)
    assert {verdict.plan.contact.name for verdict in bills if verdict.plan.contact} == {
        member.name for member in demo.members if member.identifier in members
    }
    held = {contact.name: contact.id for contact in await connector.contacts(PartyRole.SUPPLIER)}

    outcome = await runner.export(bills, connector=connector, batches=psa.batches, target=world.target)

    assert outcome.documents == {LogStatus.EXPORTED: len(bills)}
    numbers = [verdict.plan.target_number or "" for verdict in bills]
    landed = await connector.find_documents(DocumentType.BILL, numbers)
    names_of = {member.identifier: member.name for member in demo.members}
    expected = {
        verdict.plan.target_number: held[names_of[verdict.document.member_identifier]]  # type: ignore[union-attr]
        for verdict in bills
    }
    assert {document.number: document.contact.id for document in landed} == expected
    names = party_names(world)
    for identifier in members:
        assert names[names_of[identifier].casefold()] == 1
        assert names[identifier.casefold()] == 0


async def test_expense_bills_land_on_the_members_vendors_in_quickbooks_and_a_new_member_gets_one(
    tmp_path: Path, demo: DemoCompany, runner_for: Callable[[ExportWorld], ExportRunner]
) -> None:
    """QuickBooks holds each member as an employee (bills go to vendors only) and as a vendor "<name> (expenses)"
    numbered with the member's identifier; the newest member is in neither list yet, so the run creates their
    vendor once, under their name, numbered the same way."""
    world = make_world(tmp_path / "qbo", "quickbooks", company=demo)
    new_member_id = choose_gaps(demo).new_member_id
    assert new_member_id is not None, "the demo company has a member whose expenses were never exported"
    new_member = demo.member(new_member_id)
    async with world.connected() as (psa, connector):
        bills = await ready_expense_bills(world, psa, connector)
        members = {verdict.document.member_identifier for verdict in bills}  # type: ignore[union-attr]
        assert new_member.identifier in members
        assert len(members) > 1
        creations = {draft.name: draft.number for verdict in bills for draft in verdict.contacts_to_create}
        assert creations == {new_member.name: new_member.identifier}
        vendors = {contact.number: contact for contact in await connector.contacts(PartyRole.SUPPLIER)}

        outcome = await runner_for(world).export(bills, connector=connector, batches=psa.batches, target=world.target)

        assert outcome.documents == {LogStatus.EXPORTED: len(bills)}
        landed = await connector.find_documents(DocumentType.BILL, [v.plan.target_number or "" for v in bills])
        created = {contact.number: contact for contact in await connector.contacts(PartyRole.SUPPLIER)}
    owed_to = {verdict.plan.target_number: verdict.document.member_identifier for verdict in bills}  # type: ignore[union-attr]
    assert {document.number: document.contact.id for document in landed} == {
        number: (vendors.get(identifier) or created[identifier]).id for number, identifier in owed_to.items()
    }
    names = party_names(world)
    for member in demo.members:
        if member.identifier in members:
            assert names[f"vendor:{member.identifier}".casefold()] == 0
            own = member.name if member is new_member else member_vendor_name(member.name)
            assert names[f"vendor:{own}".casefold()] == 1
