"""The Export screen's services: Ready and Errors per type with the user's choices, and the desk around the runner.

Against the sandbox (ConnectWise + Xero), through the same `ExportDesk` the app gets from wiring.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.export.export_world import EVERYTHING, PROFILE, ExportWorld
from tests.services.export.sandbox_truth import copies_per_number
from tests.services.export.test_export_conflicts import invoices, put_a_different_copy_in_xero
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.accounting import ContactDraft, DocumentType, PartyRole
from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.records import DocumentRef, RecordKey, RecordKind
from tui_ledger.domain.batches.releases import CopyRef, ReleaseWay
from tui_ledger.domain.checks import Blocked, CheckKind, NotSent, Ready, Resolution
from tui_ledger.domain.documents import DocumentKind, UnpostedInvoice
from tui_ledger.domain.money import total
from tui_ledger.domain.plans import PlainExportOptions
from tui_ledger.services.export import ExportEvent, ExportPreparation, resolvable
from tui_ledger.services.export.journal_rows import document_key
from tui_ledger.services.export_checked import CheckedDocuments
from tui_ledger.services.export_desk import ExportDesk, run_target
from tui_ledger.store import Database
from tui_ledger.store.batch_releases import BatchReleases, NewRelease
from tui_ledger.store.journal import EntityChange
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.store.journal_records import EntityKind, EntityState, NewEntity


@pytest.fixture
def checked(world: ExportWorld, preparation: ExportPreparation) -> CheckedDocuments:
    return CheckedDocuments(preparation, world.target)


@pytest.fixture
def desk(
    world: ExportWorld, connected: tuple[ConnectWiseReader, AccountingConnector], database: Database, tmp_path: Path
) -> ExportDesk:
    psa, connector = connected

    async def open_target(name: str) -> AccountingConnector:
        assert name == world.target, f"only {world.target} is open, asked for {name}"
        return connector

    return ExportDesk(
        profile=PROFILE,
        psa=psa,  # type: ignore[arg-type]
        database=database,
        data_dir=tmp_path / "data",
        options=PlainExportOptions(),
        open_target=open_target,
        clock=world.hub.clock,
        tax_codes=lambda name: world.tax_codes,
    )


def conflict(checked: CheckedDocuments) -> Blocked:
    """The demo company's invoice that Xero already holds with other content (and no other problem)."""
    return next(verdict for verdict in checked.errors() if resolvable(verdict))


def test_ready_and_errors_split_every_type_and_their_figures_add_up_to_the_retrieval(checked: CheckedDocuments) -> None:
    retrieval = checked.preparation.retrieval
    for kind in checked.kinds:
        ready, errors = checked.ready(kind), checked.errors(kind)
        documents = retrieval.by_kind[kind].documents
        assert {document_key(v.document) for v in (*ready, *errors)} == {document_key(d) for d in documents}
        assert not {document_key(v.document) for v in ready} & {document_key(v.document) for v in errors}
        figures = checked.ready_figures(kind)
        assert figures.count == len(ready)
        for part in figures.by_currency:
            in_currency = [v.document.total for v in ready if v.document.currency == part.currency]
            assert part.total == total(in_currency)
    groups = checked.groups(DocumentKind.INVOICE)
    assert [group.kind for group in groups] == sorted((group.kind for group in groups), key=lambda kind: kind.order)
    assert all(group.document_count == len(group.entries) > 0 for group in groups)


def test_invoices_without_lines_are_ready_and_counted_as_not_sent(checked: CheckedDocuments) -> None:
    ready = checked.ready(DocumentKind.INVOICE)
    without_lines = [verdict for verdict in ready if isinstance(verdict, NotSent)]

    assert without_lines, "the demo company has invoices without lines"
    breakdown = checked.breakdown(ready)
    assert breakdown.not_sent == len(without_lines)
    assert breakdown.send + breakdown.link + breakdown.not_sent == len(ready)
    assert all(verdict.log_text == "Invoice has no lines - not sent to Xero" for verdict in without_lines)


def test_choosing_link_or_update_moves_a_conflict_to_ready_and_into_the_runs_resolutions(
    checked: CheckedDocuments,
) -> None:
    verdict = conflict(checked)
    key = document_key(verdict.document)

    linked = checked.choose(verdict, Resolution.LINK)

    assert key in {document_key(v.document) for v in linked.ready()}
    assert key not in {document_key(v.document) for v in linked.errors()}
    assert linked.resolutions_for(linked.ready()) == {key: Resolution.LINK}
    assert linked.breakdown([verdict]).link == 1
    assert linked.moved_to_ready(checked) == (verdict,)
    skipped = linked.choose(verdict, Resolution.SKIP)
    assert key in {document_key(v.document) for v in skipped.errors()}
    assert skipped.resolutions_for(skipped.ready()) == {}


def test_only_a_conflict_takes_a_choice(checked: CheckedDocuments) -> None:
    other = next(
        verdict
        for verdict in checked.errors()
        if any(problem.kind is not CheckKind.ALREADY_IN_PACKAGE for problem in verdict.blocking)
    )

    with pytest.raises(ValueError, match="only a document already in the package"):
        checked.choose(other, Resolution.LINK)


def test_the_summary_of_a_selection_counts_and_totals_it_per_type_with_what_is_created_first(
    checked: CheckedDocuments,
) -> None:
    selected = [*checked.ready(DocumentKind.INVOICE)[:4], *checked.ready(DocumentKind.EXPENSE)[:2]]

    summary = checked.summary(selected)

    assert summary.target == "Demo Xero"
    assert summary.package == "Xero"
    assert summary.count == 6
    assert [(part.kind, part.figures.count) for part in summary.kinds] == [
        (DocumentKind.INVOICE, 4),
        (DocumentKind.EXPENSE, 2),
    ]
    assert summary.kinds[0].figures.total == total(v.document.total for v in selected[:4])


async def test_the_desk_checks_exports_and_logs_and_a_second_check_finds_them_gone(
    desk: ExportDesk, world: ExportWorld
) -> None:
    first = await desk.check(world.target, EVERYTHING)
    chosen = [v for v in first.ready(DocumentKind.INVOICE) if isinstance(v, Ready) and v.plan.target_number][:3]
    events: list[ExportEvent] = []

    outcome = await desk.export(world.target, chosen, events.append)

    assert outcome.finished
    assert outcome.failed == 0
    assert desk.latest_run() is not None
    assert desk.latest_run().id == outcome.run_id
    rows = desk.log(outcome.run_id)
    assert [(row.number, row.status) for row in rows] == [
        (v.document.document_number, LogStatus.EXPORTED) for v in chosen
    ]
    copies = copies_per_number(world)
    assert all(copies[("Invoices:ACCREC", v.plan.target_number)] == 1 for v in chosen)
    again = await desk.check(world.target, EVERYTHING)
    remaining = {document_key(v.document) for v in again.preparation.verdicts}
    assert not remaining & {document_key(v.document) for v in chosen}


async def test_a_choice_made_on_an_export_log_row_is_applied_by_the_next_check(
    desk: ExportDesk, world: ExportWorld, connected: tuple[ConnectWiseReader, AccountingConnector]
) -> None:
    _, xero = connected
    checked = await desk.check(world.target, EVERYTHING)
    victim = invoices(checked.preparation)[0]
    await put_a_different_copy_in_xero(xero, victim)
    outcome = await desk.export(world.target, [victim], lambda _: None)
    [row] = desk.log(outcome.run_id)
    assert row.status is LogStatus.FAILED
    assert desk.choices(row) == (Resolution.LINK, Resolution.UPDATE, Resolution.SKIP)

    desk.choose(row, Resolution.LINK)
    again = await desk.check(world.target, EVERYTHING)

    now = next(v for v in again.preparation.verdicts if document_key(v.document) == document_key(victim.document))
    assert isinstance(now, Blocked)
    assert again.resolution_of(now) is Resolution.LINK
    assert now in again.ready()
    assert again.resolutions_for([now]) == {document_key(victim.document): Resolution.LINK}


def test_a_run_names_the_company_it_exports_into(desk: ExportDesk) -> None:
    run = desk.runner().history.start("export", {"target": "Demo Xero", "package": "Xero"})
    assert run_target(run) == "Demo Xero"
    nameless = desk.runner().history.start("export", {})
    with pytest.raises(ValueError, match=f"export run {nameless.id} does not say which accounting company"):
        run_target(nameless)


def kept_for_update(database: Database, verdict: Blocked, copy: CopyRef | None) -> BatchReleases:
    """What GL batch management records when the user keeps the package's copy to update it on the next export."""
    releases = BatchReleases(database)
    document = verdict.document
    assert isinstance(document, UnpostedInvoice)
    releases.record(
        [
            NewRelease(
                RecordKey(RecordKind.INVOICE, document.invoice_id),
                DocumentRef(DocumentKind.INVOICE, document.number),
                61,
                f"I{document.number}:K3J9QX2A",
                ReleaseWay.MARKED,
                document.total,
                PackageAction.UPDATE_IN_PLACE,
                "Demo Xero",
                copy,
            )
        ]
    )
    return releases


async def test_a_copy_kept_to_be_updated_in_place_goes_under_ready_as_update_and_the_run_settles_it(
    desk: ExportDesk, world: ExportWorld, database: Database
) -> None:
    before = await desk.check(world.target, EVERYTHING)
    verdict = conflict(before)
    number = verdict.plan.parts[0].draft.number or ""
    [remote] = before.preparation.snapshot.documents_numbered(verdict.plan.parts[0].draft.document_type, number)
    releases = kept_for_update(database, verdict, CopyRef(DocumentType.SALES_INVOICE, remote.target_id, number))

    checked = await desk.check(world.target, EVERYTHING)

    now = next(v for v in checked.ready() if document_key(v.document) == document_key(verdict.document))
    assert checked.resolution_of(now) is Resolution.UPDATE
    outcome = await desk.export(world.target, [now], lambda _: None, checked.resolutions_for([now]))
    assert [row.status for row in desk.log(outcome.run_id)] == [LogStatus.EXPORTED]
    assert copies_per_number(world)[("Invoices:ACCREC", number)] == 1, "updated in place, not copied"
    assert releases.open_for(DocumentRef(DocumentKind.INVOICE, verdict.document.document_number)) == []


async def test_a_kept_copy_that_is_not_the_one_under_the_number_is_left_for_the_user(
    desk: ExportDesk, world: ExportWorld, database: Database
) -> None:
    before = await desk.check(world.target, EVERYTHING)
    verdict = conflict(before)
    kept_for_update(database, verdict, CopyRef(DocumentType.SALES_INVOICE, "another-copy", "elsewhere"))

    checked = await desk.check(world.target, EVERYTHING)

    assert checked.resolution_of(next(v for v in checked.errors() if v.document == verdict.document)) is None


def test_only_a_failed_document_row_offers_choices_never_a_customer_or_product_row(desk: ExportDesk) -> None:
    run = desk.runner().history.start("export", {"target": "Demo Xero", "package": "Xero"})
    draft = ContactDraft("Acme Dental", PartyRole.CUSTOMER, "c-acme", "AcmeDental")
    desk.runner().journal.record(run.id, [NewEntity(EntityKind.CUSTOMER, draft)], [])
    [entity] = desk.runner().journal.entities(run.id)
    desk.runner().journal.apply([EntityChange(entity.id, EntityState.FAILED, message="Xero refused the contact")])

    [row] = desk.log(run.id)

    assert row.status is LogStatus.FAILED
    assert desk.choices(row) == ()
