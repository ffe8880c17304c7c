"""Bulk load of a period: every value survives exactly, reloads keep what people did, bad input is named."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.store.invoice_line_samples import LOADED_AT, PERIOD, TODAY, loaded_store, open_database, sample_lines
from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine, SourcePlatform
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import Badge, MappingStatus, PsaStatus
from tui_ledger.store.line_groups import GROUP_INDEX_KEYS
from tui_ledger.store.line_loader import LineLoadError, LoadStage, RuledChargeDates
from tui_ledger.store.line_mappings import NEW_AGREEMENT, CompanyChoice, ProductChoice, offer_key
from tui_ledger.store.line_records import LineRecord


def all_records(store: InvoiceLineStore) -> list[LineRecord]:
    grid = store.grid(PERIOD)
    return grid.window(0, grid.count())


def test_every_platform_value_comes_back_exactly(tmp_path: Path) -> None:
    lines = sample_lines()
    records = all_records(loaded_store(tmp_path, lines))
    assert [record.platform_line_id for record in records] == [line.platform_line_id for line in lines]
    for line, record in zip(lines, records, strict=True):
        assert record.source_platform is line.source_platform
        assert record.invoice_id == line.invoice_id
        assert record.invoice_date == line.invoice_date
        assert record.organization_id == line.organization_id
        assert record.organization_name == line.organization_name
        assert record.organization_reference == (line.organization_reference or "")
        assert record.contract_id == (line.contract_id or "")
        assert record.offer_name == line.offer_name
        assert record.offer_id == (line.offer_id or "")
        assert record.vendor_name == (line.vendor_name or "")
        assert (record.billing_cycle, record.commitment_term) == (line.billing_cycle or "", line.commitment_term or "")
        assert (record.quantity, record.cost, record.revenue) == (line.quantity, line.cost, line.revenue)
        assert str(record.revenue) == str(line.revenue), "the exact Decimal text is kept, trailing zeros included"
        assert (record.charge_start_date, record.charge_end_date) == (line.charge_start_date, line.charge_end_date)
        assert record.charge_type is line.charge_type
        assert record.subscription_id == line.subscription_id
        assert record.is_custom_invoice is line.is_custom_invoice
        assert record.psa_status is PsaStatus.NOT_SYNCED
        assert record.mapping_status is MappingStatus.UNMAPPED
        assert (record.charge_start_badge, record.charge_end_badge) == (Badge.NONE, Badge.NONE)


def test_a_stream_and_a_list_of_the_same_lines_store_the_same_period(tmp_path: Path) -> None:
    lines = sample_lines()
    from_list = all_records(loaded_store(tmp_path / "list", lines))
    streamed = InvoiceLineStore(open_database(tmp_path / "stream"))
    stages: list[LoadStage] = []
    streamed.load_period(PERIOD, iter(lines), today=TODAY, loaded_at=LOADED_AT, progress=stages.append)
    assert all_records(streamed) == from_list
    assert stages[0] is LoadStage.STORING
    assert stages[-2:] == [LoadStage.INDEXING, LoadStage.DONE]


def test_new_lines_are_prefilled_from_the_mappings(tmp_path: Path) -> None:
    store = InvoiceLineStore(open_database(tmp_path))
    store.mappings.map_organization(
        SourcePlatform.APPXITE, "org-1", CompanyChoice(19, "Contoso", NEW_AGREEMENT), at=LOADED_AT
    )
    store.mappings.map_offer(SourcePlatform.APPXITE, "off-1", ProductChoice(501, "M365 BP"), at=LOADED_AT)
    store.load_period(PERIOD, sample_lines(), today=TODAY, loaded_at=LOADED_AT)
    for record in all_records(store):
        contoso = record.organization_id == "org-1"
        assert record.psa_company_id == (19 if contoso else None)
        assert record.psa_agreement_new is contoso
        assert record.psa_product_id == (501 if record.offer_id == "off-1" else None)
        expected = MappingStatus.MAPPED if contoso and record.offer_id == "off-1" else MappingStatus.UNMAPPED
        assert record.mapping_status is expected
        assert record.psa_company_badge is Badge.NONE


def test_charge_date_rules_set_dates_with_a_system_badge(tmp_path: Path) -> None:
    def first_of_month_for_cycle_fees(line: InvoiceLine) -> RuledChargeDates | None:
        if line.charge_type is not ChargeType.CYCLE_FEE:
            return None
        return RuledChargeDates(start_ruled=True, start=PERIOD.first_day)

    store = InvoiceLineStore(open_database(tmp_path))
    lines = sample_lines()
    store.load_period(PERIOD, lines, today=TODAY, loaded_at=LOADED_AT, charge_date_rules=first_of_month_for_cycle_fees)
    for line, record in zip(lines, all_records(store), strict=True):
        ruled = line.charge_type is ChargeType.CYCLE_FEE
        assert record.charge_start_date == (PERIOD.first_day if ruled else line.charge_start_date)
        assert record.charge_start_badge is (Badge.SYSTEM if ruled else Badge.NONE)
        assert record.charge_end_date == line.charge_end_date
        assert record.charge_end_badge is Badge.NONE


def test_reloading_keeps_user_edits_sync_state_and_marks_but_takes_new_platform_values(tmp_path: Path) -> None:
    lines = sample_lines(40)
    store = loaded_store(tmp_path, lines)
    editor = store.editor(PERIOD)
    grid = store.grid(PERIOD)
    edited, synced, marked = 1, 2, 3
    editor.set_charge_end([edited], date(2026, 5, 20))
    editor.set_psa_company([edited], CompanyChoice(7, "Fabrikam Inc"))
    editor.record_sync(synced, PsaStatus.SYNCED, at=LOADED_AT, addition_id=9001)
    assert grid.set_marked(marked, True)

    changed = [dataclasses.replace(line, cost=line.cost + Decimal("1.00")) for line in lines]
    store.load_period(PERIOD, changed, today=TODAY, loaded_at=datetime(2026, 5, 19, tzinfo=UTC))
    records = {record.platform_line_id: record for record in all_records(store)}
    kept = records[lines[edited - 1].platform_line_id]
    assert (kept.charge_end_date, kept.charge_end_badge) == (date(2026, 5, 20), Badge.USER)
    assert (kept.psa_company_id, kept.psa_company_name, kept.psa_company_badge) == (7, "Fabrikam Inc", Badge.USER)
    assert kept.cost == lines[edited - 1].cost + Decimal("1.00")
    assert records[lines[synced - 1].platform_line_id].psa_status is PsaStatus.SYNCED
    assert records[lines[synced - 1].platform_line_id].psa_addition_id == 9001
    assert records[lines[marked - 1].platform_line_id].marked
    assert sum(record.marked for record in records.values()) == 1
    assert store.loaded(PERIOD).line_count == 40


def test_a_failed_reload_leaves_the_previous_load_in_place(tmp_path: Path) -> None:
    lines = sample_lines(10)
    store = loaded_store(tmp_path, lines)
    before = store.loaded(PERIOD)
    duplicated = [*lines, lines[0]]
    with pytest.raises(LineLoadError, match="2 lines of May 2026 share the line id appxite 'row-00000'"):
        store.load_period(PERIOD, duplicated, today=TODAY, loaded_at=LOADED_AT)
    assert store.loaded(PERIOD) == before
    assert len(all_records(store)) == 10


def test_a_line_outside_the_period_is_refused_by_name(tmp_path: Path) -> None:
    stray = dataclasses.replace(sample_lines(1)[0], invoice_date=date(2026, 6, 1))
    store = InvoiceLineStore(open_database(tmp_path))
    with pytest.raises(LineLoadError, match=r"line 2 \(appxite row-00000\) has Invoice Date 2026-06-01, outside May"):
        store.load_period(PERIOD, [*sample_lines(1), stray], today=TODAY, loaded_at=LOADED_AT)


def test_something_that_is_not_an_invoice_line_is_refused_by_position(tmp_path: Path) -> None:
    store = InvoiceLineStore(open_database(tmp_path))
    with pytest.raises(LineLoadError, match="line 2 of May 2026 is a dict, not an InvoiceLine"):
        store.load_period(PERIOD, [*sample_lines(1), {"cost": 1}], today=TODAY, loaded_at=LOADED_AT)  # type: ignore[list-item]


def test_offer_key_falls_back_to_the_offer_name_for_custom_invoices() -> None:
    assert offer_key("off-1", "Azure plan") == "off-1"
    assert offer_key(None, "Offer for Default Subscription") == "name:Offer for Default Subscription"


def test_a_load_builds_the_mapping_screens_group_indexes_with_the_sort_indexes(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    store = InvoiceLineStore(database)
    store.load_period(PERIOD, sample_lines(40), today=TODAY, loaded_at=LOADED_AT)
    table = store.loaded(PERIOD).shard.lines
    found = database.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", [table])
    indexes = {row[0] for row in found}
    assert {f"{table}_{name}" for name in GROUP_INDEX_KEYS} <= indexes, "the first Mapping open builds nothing"
