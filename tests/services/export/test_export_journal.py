"""The export journal in the store: rows before anything is sent, steps that follow the parts, drafts kept whole."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_ledger.domain.accounting import (
    ContactDraft,
    DocumentDraft,
    DocumentType,
    ItemDraft,
    LineDraft,
    PartyRef,
    PartyRole,
    TaxMode,
    TrackingChoice,
)
from tui_ledger.domain.checks import Resolution
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.plans import PlanPart
from tui_ledger.store import Database, RunHistory, StoreError, open_profile_database
from tui_ledger.store.journal import DocumentChange, EntityChange, ExportJournal, PartChange
from tui_ledger.store.journal_drafts import JournalDraftError, document_draft_from_text, document_draft_text
from tui_ledger.store.journal_log import ExportLog, LogStatus, LogSubject
from tui_ledger.store.journal_records import (
    DocumentStep,
    EntityKind,
    EntityState,
    NewDocument,
    NewEntity,
    NewPart,
    PartState,
)


def draft(
    number: str, document_type: DocumentType = DocumentType.SALES_INVOICE, amount: str = "100.00"
) -> DocumentDraft:
    return DocumentDraft(
        document_type=document_type,
        idempotency_key=f"acme:Demo:invoice:{number}:main:1",
        contact=PartyRef(name="Acme Corp"),
        issue_date=date(2026, 1, 15),
        lines=(
            LineDraft(
                "Managed services",
                Decimal("2"),
                Decimal(amount) / 2,
                account_code="4000",
                item_code="MS",
                tax_code="TAX",
                tracking=(TrackingChoice("Region", "North"),),
                tax_amount=Decimal("8.25"),
            ),
        ),
        number=number,
        due_date=date(2026, 2, 14),
        currency="USD",
        reference="PO 77",
        tax_mode=TaxMode.EXCLUSIVE,
    )


def document(psa_id: int, *parts: NewPart, depends_on: tuple[str, ...] = ()) -> NewDocument:
    return NewDocument(
        kind=DocumentKind.INVOICE,
        psa_id=psa_id,
        number=str(psa_id),
        counterparty="Acme Corp",
        document_date=date(2026, 1, 15),
        total=Decimal("108.25"),
        currency="USD",
        batch_identifier=f"I{psa_id}:K3J9QX2A",
        gl_entry_ids=(psa_id * 10, psa_id * 10 + 1),
        parts=parts,
        depends_on=depends_on,
    )


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = open_profile_database(tmp_path, "acme")
    yield opened
    opened.close()


@pytest.fixture
def journal(database: Database) -> ExportJournal:
    return ExportJournal(database)


@pytest.fixture
def run_id(database: Database) -> int:
    return RunHistory(database, "acme").start("export").id


def test_rows_are_written_together_and_read_back_with_their_drafts_identifiers_and_links(
    journal: ExportJournal, run_id: int
) -> None:
    customer = ContactDraft(
        "Acme Corp", PartyRole.CUSTOMER, "acme:Demo:contact:customer-AcmeCorp:-:1", number="AcmeCorp", currency="CAD"
    )
    item = ItemDraft("MS", "MS", "acme:Demo:item:MS:-:1", sales_unit_price=Decimal("12.50"))
    journal.record(
        run_id,
        [NewEntity(EntityKind.CUSTOMER, customer), NewEntity(EntityKind.PRODUCT, item)],
        [
            document(5001, NewPart(PlanPart.MAIN, draft("5001")), depends_on=(customer.idempotency_key,)),
            document(5002, NewPart(PlanPart.MAIN, draft("5002"), linked=("inv-9", "5002"))),
            document(5003),
        ],
    )

    rows = journal.documents(run_id)
    assert [row.number for row in rows] == ["5001", "5002", "5003"]
    assert [row.step for row in rows] == [DocumentStep.PLANNED, DocumentStep.CREATED, DocumentStep.CREATED]
    assert rows[0].parts[0].draft == draft("5001")
    assert rows[0].batch_identifier == "I5001:K3J9QX2A"
    assert rows[0].gl_entry_ids == (50010, 50011)
    assert rows[0].depends_on == (customer.idempotency_key,)
    assert rows[1].all_linked
    assert rows[1].parts[0].target_id == "inv-9"
    assert rows[2].sends_nothing
    entities = journal.entities(run_id)
    assert [entity.draft for entity in entities] == [customer, item]
    assert [entity.state for entity in entities] == [EntityState.PLANNED, EntityState.PLANNED]


def test_a_document_follows_its_parts_until_it_is_in_the_package(journal: ExportJournal, run_id: int) -> None:
    journal.record(
        run_id,
        [],
        [
            document(
                5001,
                NewPart(PlanPart.MAIN, draft("5001")),
                NewPart(PlanPart.RETURNS, draft("5001-CR", DocumentType.SALES_CREDIT)),
            )
        ],
    )
    [row] = journal.documents(run_id)
    main, credit = row.parts

    def step() -> DocumentStep:
        return journal.document(row.id).step

    journal.apply([PartChange(main.id, PartState.LOOKED_UP)])
    assert step() is DocumentStep.PLANNED
    journal.apply([PartChange(credit.id, PartState.LOOKED_UP)])
    assert step() is DocumentStep.LOOKED_UP
    journal.apply([PartChange(main.id, PartState.SENDING)])
    assert step() is DocumentStep.SENDING
    journal.apply([PartChange(main.id, PartState.CREATED, target_id="A1", target_number="5001")])
    assert step() is DocumentStep.LOOKED_UP
    journal.apply([PartChange(credit.id, PartState.LINKED, target_id="C1", target_number="5001-CR")])
    assert step() is DocumentStep.CREATED
    assert journal.steps([row.id]) == {row.id: DocumentStep.CREATED}
    journal.apply([DocumentChange(row.id, DocumentStep.BATCHING)])
    journal.apply([PartChange(main.id, PartState.CREATED)])
    assert step() is DocumentStep.BATCHING, "once batching starts the run sets the step, not the parts"
    journal.apply([DocumentChange(row.id, DocumentStep.DONE, batch_id=77, message="")])
    done = journal.document(row.id)
    assert done.step is DocumentStep.DONE
    assert done.batch_id == 77
    assert [part.target_id for part in done.parts] == ["A1", "C1"]
    assert journal.unfinished_documents(run_id) == []


def test_a_refused_part_fails_its_document_with_the_packages_words_the_step_it_failed_in_and_the_choices(
    journal: ExportJournal, run_id: int
) -> None:
    journal.record(run_id, [], [document(5001, NewPart(PlanPart.MAIN, draft("5001")))])
    [row] = journal.documents(run_id)
    part = row.parts[0]
    journal.apply([PartChange(part.id, PartState.SENDING)])

    journal.apply(
        [
            PartChange(
                part.id,
                PartState.FAILED,
                message="invoice 5001 is already in Xero with different content (total 10.00 there, 108.25 here)",
                choices=(Resolution.LINK, Resolution.UPDATE, Resolution.SKIP),
            )
        ]
    )

    failed = journal.document(row.id)
    assert failed.step is DocumentStep.FAILED
    assert failed.failed_at is DocumentStep.SENDING
    assert failed.message.startswith("invoice 5001 is already in Xero with different content")
    assert failed.choices == (Resolution.LINK, Resolution.UPDATE, Resolution.SKIP)


def test_the_users_choice_is_kept_for_the_next_run_and_only_offered_choices_are_taken(
    journal: ExportJournal, run_id: int
) -> None:
    journal.record(run_id, [], [document(5001, NewPart(PlanPart.MAIN, draft("5001")))])
    [row] = journal.documents(run_id)
    part = row.parts[0]
    journal.apply([PartChange(part.id, PartState.FAILED, message="voided there", choices=(Resolution.SKIP,))])

    with pytest.raises(StoreError, match="offers skip; 'link' is not one of them"):
        journal.choose(row.id, Resolution.LINK)
    journal.choose(row.id, Resolution.SKIP)

    assert journal.chosen_resolutions() == {(DocumentKind.INVOICE, 5001): Resolution.SKIP}
    assert [entry.run_id for entry in journal.history_of(DocumentKind.INVOICE, 5001)] == [run_id]


def test_the_export_log_names_each_row_with_its_status_message_and_package_numbers(
    journal: ExportJournal, run_id: int
) -> None:
    supplier = ContactDraft("bbastine", PartyRole.SUPPLIER, "k-supplier", number="bbastine")
    journal.record(
        run_id,
        [NewEntity(EntityKind.SUPPLIER, supplier)],
        [
            document(5001, NewPart(PlanPart.MAIN, draft("5001"))),
            document(5002, NewPart(PlanPart.MAIN, draft("5002"))),
            NewDocument(
                kind=DocumentKind.INVOICE,
                psa_id=5003,
                number="5003",
                counterparty="Acme Corp",
                document_date=date(2026, 1, 15),
                total=Decimal("0.00"),
                currency="USD",
                batch_identifier="I5003:AAAA1111",
                gl_entry_ids=(1,),
                parts=(),
                message="Invoice has no lines - not sent to Xero",
            ),
            document(5004, NewPart(PlanPart.MAIN, draft("5004"))),
        ],
    )
    first, second, empty, waiting = journal.documents(run_id)
    [entity] = journal.entities(run_id)
    journal.apply(
        [
            EntityChange(entity.id, EntityState.CREATED, target_id="V-1"),
            PartChange(first.parts[0].id, PartState.CREATED, target_id="X-1", target_number="INV-5001"),
            PartChange(second.parts[0].id, PartState.FAILED, message="Account code '4000' has been archived"),
            DocumentChange(empty.id, DocumentStep.DONE, batch_id=3),
        ]
    )
    journal.apply([DocumentChange(first.id, DocumentStep.DONE, batch_id=4, message="")])

    log = ExportLog(journal)
    rows = log.rows(run_id)
    assert [(row.label, row.status) for row in rows] == [
        ("Supplier bbastine", LogStatus.CREATED),
        ("Invoice 5001", LogStatus.EXPORTED),
        ("Invoice 5002", LogStatus.FAILED),
        ("Invoice 5003", LogStatus.NOT_SENT),
        ("Invoice 5004", LogStatus.UNFINISHED),
    ]
    assert rows[1].target_id == "X-1"
    assert rows[1].target_number == "INV-5001"
    assert rows[2].message == "Account code '4000' has been archived"
    assert rows[3].message == "Invoice has no lines - not sent to Xero"
    assert [row.label for row in log.rows(run_id, statuses=[LogStatus.FAILED])] == ["Invoice 5002"]
    assert [row.label for row in log.rows(run_id, subjects=[LogSubject.SUPPLIER])] == ["Supplier bbastine"]
    assert log.counts(run_id)[LogStatus.EXPORTED] == 1
    assert waiting.step is DocumentStep.PLANNED


amounts = st.decimals(min_value=Decimal("-99999.99"), max_value=Decimal("99999.99"), places=2)


@settings(max_examples=60, deadline=None)
@given(
    unit=amounts,
    quantity=st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("9999"), places=4),
    tax=st.one_of(st.none(), amounts),
    text=st.text(min_size=1, max_size=40),
)
def test_a_stored_draft_reads_back_equal_to_the_cent(
    unit: Decimal, quantity: Decimal, tax: Decimal | None, text: str
) -> None:
    original = DocumentDraft(
        document_type=DocumentType.BILL,
        idempotency_key="acme:Demo:procurement:984:main:1",
        contact=PartyRef(id="c-1", name=text),
        issue_date=date(2026, 1, 31),
        lines=(LineDraft(text, quantity, unit, tax_amount=tax), LineDraft("Freight", Decimal(1), Decimal("12.34"))),
        number="984",
        tax_mode=TaxMode.INCLUSIVE,
        approve=False,
        payment_account_code="1000",
    )

    assert document_draft_from_text(document_draft_text(original), "test") == original


def test_an_unreadable_stored_draft_is_a_clear_error_naming_the_row_and_field() -> None:
    broken = document_draft_text(draft("5001")).replace('"issue_date":"2026-01-15"', '"issue_date":"15/01/2026"')

    with pytest.raises(JournalDraftError, match="journal part 12: field 'issue_date' is not a date: '15/01/2026'"):
        document_draft_from_text(broken, "journal part 12")
