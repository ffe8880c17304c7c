"""Edits after a load (seed 003): badges, the agreement cleared by a new organization, locked synced lines,
mappings filling lines nobody edited, sync results, and the history a sync run leaves for its undo."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, loaded_store
from tui_ledger.domain.invoice_lines import SourcePlatform
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import Badge, MappingStatus, PsaStatus
from tui_ledger.store.line_edits import LockedLineError
from tui_ledger.store.line_mappings import NEW_AGREEMENT, AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.store.line_sync_history import SyncAction, SyncRunState

APPXITE = SourcePlatform.APPXITE


@pytest.fixture
def store(tmp_path: Path) -> InvoiceLineStore:
    return loaded_store(tmp_path)


def test_edited_dates_wear_the_user_updated_badge(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    assert editor.set_charge_start([1, 2], date(2026, 5, 3)) == 2
    assert editor.set_charge_end([2], None) == 1
    first, second = editor.records([1, 2])
    assert (first.charge_start_date, first.charge_start_badge) == (date(2026, 5, 3), Badge.USER)
    assert first.charge_end_badge is Badge.NONE
    assert (second.charge_end_date, second.charge_end_badge) == (None, Badge.USER)


def test_choosing_a_new_organization_clears_the_agreement(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    editor.set_psa_company([5], CompanyChoice(10, "Contoso"))
    editor.set_psa_agreement([5], AgreementChoice(31, "Annual"))
    assert editor.records([5])[0].psa_agreement_name == "Annual"
    editor.set_psa_company([5], CompanyChoice(11, "Contoso Labs"))
    line = editor.records([5])[0]
    assert (line.psa_company_id, line.psa_company_badge) == (11, Badge.USER)
    assert (line.psa_agreement_id, line.psa_agreement_name, line.psa_agreement_new) == (None, "", False)
    editor.set_psa_company([5], CompanyChoice(12, "Gamma", NEW_AGREEMENT))
    assert editor.records([5])[0].psa_agreement_new


def test_a_line_is_mapped_once_organization_product_and_agreement_are_set(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    editor.set_psa_company([8], CompanyChoice(10, "Contoso"))
    editor.set_psa_product([8], ProductChoice(501, "M365"))
    assert editor.records([8])[0].mapping_status is MappingStatus.UNMAPPED
    editor.set_psa_agreement([8], NEW_AGREEMENT)
    assert editor.records([8])[0].mapping_status is MappingStatus.MAPPED


def test_an_edit_naming_a_synced_line_changes_nothing(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    editor.record_sync(3, PsaStatus.SYNCED, at=LOADED_AT, addition_id=77)
    with pytest.raises(LockedLineError, match="line row-00002 is already synced to ConnectWise"):
        editor.set_charge_start([1, 3], date(2026, 5, 9))
    assert editor.records([1])[0].charge_start_badge is Badge.NONE


def test_bulk_update_can_ask_which_companies_the_marked_lines_belong_to(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    editor.set_psa_company([1, 2], CompanyChoice(10, "Contoso"))
    assert editor.companies_of([1, 2]) == {10}
    assert editor.companies_of([1, 2, 3]) == {10, 0}


def test_a_mapping_fills_the_organizations_lines_that_nobody_edited(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    contoso = [record.key for record in editor.records(range(1, 241)) if record.organization_id == "org-1"]
    edited, synced, *rest = contoso
    editor.set_psa_company([edited], CompanyChoice(99, "Hand picked"))
    editor.record_sync(synced, PsaStatus.SYNCED, at=LOADED_AT)
    filled = editor.apply_company_mapping(APPXITE, "org-1", CompanyChoice(10, "Contoso", NEW_AGREEMENT))
    assert filled == len(rest)
    records = {record.key: record for record in editor.records(contoso)}
    assert records[edited].psa_company_id == 99
    assert records[synced].psa_company_id is None
    assert all(records[key].psa_company_id == 10 and records[key].psa_agreement_new for key in rest)
    assert all(records[key].psa_company_badge is Badge.NONE for key in rest)
    assert editor.apply_company_mapping(APPXITE, "org-unknown", CompanyChoice(10, "Contoso")) == 0


def test_a_product_mapping_fills_offer_lines_and_custom_invoices_by_name(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    everything = editor.records(range(1, 241))
    assert editor.apply_product_mapping(APPXITE, "off-2", ProductChoice(7, "Azure")) == sum(
        record.offer_id == "off-2" for record in everything
    )
    custom_key = "name:Offer for Default Subscription"
    assert editor.apply_product_mapping(APPXITE, custom_key, ProductChoice(8, "Correction")) == sum(
        record.is_custom_invoice for record in everything
    )
    for record in editor.records(range(1, 241)):
        expected = 7 if record.offer_id == "off-2" else 8 if record.is_custom_invoice else None
        assert record.psa_product_id == expected


def test_an_organization_maps_to_several_companies_with_one_default(store: InvoiceLineStore) -> None:
    mappings = store.mappings
    mappings.map_organization(APPXITE, "org-1", CompanyChoice(10, "Contoso East"), at=LOADED_AT)
    mappings.map_organization(APPXITE, "org-1", CompanyChoice(11, "Contoso West"), at=LOADED_AT, make_default=False)
    companies = mappings.companies_of(APPXITE, "org-1")
    assert [(mapping.company.company_id, mapping.is_default) for mapping in companies] == [(10, True), (11, False)]
    mappings.map_organization(APPXITE, "org-1", CompanyChoice(11, "Contoso West"), at=LOADED_AT)
    assert mappings.defaults().companies[("appxite", "org-1")].company_id == 11
    mappings.unmap_organization(APPXITE, "org-1", 11)
    assert [mapping.is_default for mapping in mappings.companies_of(APPXITE, "org-1")] == [True]
    mappings.map_offer(APPXITE, "off-1", ProductChoice(501, "M365"), at=LOADED_AT)
    assert mappings.product_of(APPXITE, "off-1") == ProductChoice(501, "M365")
    mappings.unmap_offer(APPXITE, "off-1")
    assert mappings.product_of(APPXITE, "off-1") is None


def test_sync_results_set_status_in_psa_and_an_error_keeps_the_line_markable(store: InvoiceLineStore) -> None:
    editor = store.editor(PERIOD)
    editor.record_sync(1, PsaStatus.ERROR, at=LOADED_AT, message="Agreement is cancelled")
    editor.record_sync(2, PsaStatus.SYNCED, at=LOADED_AT, addition_id=4242)
    failed, synced = editor.records([1, 2])
    assert (failed.psa_status, failed.psa_message, failed.markable) == (PsaStatus.ERROR, "Agreement is cancelled", True)
    assert (synced.psa_status, synced.psa_addition_id, synced.markable) == (PsaStatus.SYNCED, 4242, False)


def test_a_sync_run_keeps_every_change_in_order_for_its_undo(store: InvoiceLineStore) -> None:
    history = store.sync_history
    run = history.start(PERIOD, LOADED_AT)
    history.record(run, (APPXITE, "row-00001"), SyncAction.CREATED, at=LOADED_AT, addition_id=1, agreement_id=3)
    before = {"quantity": "5", "unitPrice": "12.50"}
    history.record(run, (APPXITE, "row-00002"), SyncAction.UPDATED, at=LOADED_AT, addition_id=2, before=before)
    history.record(run, (APPXITE, "row-00003"), SyncAction.FAILED, at=LOADED_AT, message="timeout")
    finished = datetime(2026, 5, 18, 9, 31, tzinfo=UTC)
    history.finish(run, SyncRunState.FINISHED, at=finished, synced=2, failed=1, skipped=0)

    entries = history.entries(run)
    assert [(entry.seq, entry.action) for entry in entries] == [
        (1, SyncAction.CREATED),
        (2, SyncAction.UPDATED),
        (3, SyncAction.FAILED),
    ]
    assert entries[1].before == before
    assert entries[2].message == "timeout"
    (listed,) = history.runs(PERIOD)
    assert (listed.state, listed.synced, listed.failed, listed.finished_at) == (SyncRunState.FINISHED, 2, 1, finished)
    history.mark_undone(run, finished)
    assert history.runs(PERIOD)[0].undone_at == finished
