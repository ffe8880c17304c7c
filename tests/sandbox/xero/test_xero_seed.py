"""The demo organisation: built from the demo company, deterministic, with the deliberate gaps planted."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette

from tui_ledger.sandbox.demo import BatchRecordKind, DemoCompany
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.xero.app import XeroSandbox, xero_sandbox
from tui_ledger.sandbox.xero.demo_apps import MAIN_TENANT_ID, TRAINING_TENANT_ID
from tui_ledger.sandbox.xero.seed import SeedGaps, seed_store
from tui_ledger.sandbox.xero.store import Collection, XeroStore


def seeded(path: Path, demo: DemoCompany) -> XeroStore:
    store = XeroStore(path)
    seed_store(store, demo)
    return store


def test_the_gaps_touch_unposted_invoices(demo: DemoCompany, gaps: SeedGaps) -> None:
    unposted = [invoice for invoice in demo.unposted_invoices() if invoice.lines]
    assert any(line.account_number == gaps.archived_account_code for invoice in unposted for line in invoice.lines)
    missing = next(code for code in demo.tax_codes if code.identifier == gaps.missing_tax_code)
    assert any(invoice.tax_code_id == missing.id for invoice in unposted)
    assert any(invoice.company_id == gaps.renamed_customer_id for invoice in unposted)
    assert gaps.taken_invoice_number in {invoice.number for invoice in unposted}


def test_the_organisation_holds_the_gaps(tmp_path: Path, demo: DemoCompany, gaps: SeedGaps) -> None:
    store = seeded(tmp_path / "x.sqlite", demo)
    accounts = {account["Code"]: account for account in store.all(MAIN_TENANT_ID, Collection.ACCOUNTS)}
    assert accounts[gaps.archived_account_code]["Status"] == "ARCHIVED"
    assert sum(account["Status"] == "ARCHIVED" for account in accounts.values()) == 1
    rate_names = {rate["Name"] for rate in store.all(MAIN_TENANT_ID, Collection.TAX_RATES)}
    for code in demo.tax_codes:
        assert (code.name in rate_names) == (code.identifier != gaps.missing_tax_code)
    customer = demo.customer(gaps.renamed_customer_id)
    contact = store.by_numbers(MAIN_TENANT_ID, Collection.CONTACTS, [customer.identifier])[0]
    assert contact["Name"] == gaps.renamed_contact_name != customer.name
    taken = store.by_numbers(MAIN_TENANT_ID, Collection.INVOICES, [gaps.taken_invoice_number])
    original = next(invoice for invoice in demo.invoices if invoice.number == gaps.taken_invoice_number)
    assert len(taken) == 1
    assert taken[0]["Contact"]["ContactNumber"] != demo.customer(original.company_id).identifier


def test_every_batched_document_is_already_in_xero(tmp_path: Path, demo: DemoCompany, gaps: SeedGaps) -> None:
    store = seeded(tmp_path / "x.sqlite", demo)
    batched_invoices = {r.record_id for _, r in demo.batched_records() if r.kind is BatchRecordKind.INVOICE}
    expected = {invoice.number for invoice in demo.invoices if invoice.id in batched_invoices and invoice.lines}
    sales = {
        invoice["InvoiceNumber"]
        for invoice in store.all(MAIN_TENANT_ID, Collection.INVOICES)
        if invoice["Type"] == "ACCREC"
    }
    credits = {note["CreditNoteNumber"] for note in store.all(MAIN_TENANT_ID, Collection.CREDIT_NOTES)}
    assert sales | credits == expected | {gaps.taken_invoice_number}
    expenses = {
        f"{e.id}{e.member_identifier}"
        for e in demo.expenses
        if e.id in {r.record_id for _, r in demo.batched_records() if r.kind is BatchRecordKind.EXPENSE}
    }
    bills = {
        invoice["InvoiceNumber"]
        for invoice in store.all(MAIN_TENANT_ID, Collection.INVOICES)
        if invoice["Type"] == "ACCPAY"
    }
    assert expenses <= bills


def test_the_same_demo_company_gives_the_same_organisation(tmp_path: Path, demo: DemoCompany) -> None:
    first = seeded(tmp_path / "a.sqlite", demo)
    second = seeded(tmp_path / "b.sqlite", demo)
    for collection in Collection:
        assert first.all(MAIN_TENANT_ID, collection) == second.all(MAIN_TENANT_ID, collection)


def test_the_training_organisation_is_a_second_tenant_with_settings_only(tmp_path: Path, demo: DemoCompany) -> None:
    store = seeded(tmp_path / "x.sqlite", demo)
    assert store.tenant_ids() == [MAIN_TENANT_ID, TRAINING_TENANT_ID]
    assert store.count(TRAINING_TENANT_ID, Collection.ACCOUNTS) > 0
    assert store.count(TRAINING_TENANT_ID, Collection.INVOICES) == 0


def test_the_seeded_sandbox_is_reached_only_behind_the_xero_app(hub: SandboxHub, sandbox: XeroSandbox) -> None:
    assert xero_sandbox(hub.app("xero")) is sandbox
    assert sandbox.store.all(MAIN_TENANT_ID, Collection.CONTACTS)
    with pytest.raises(TypeError, match="not the Xero sandbox app"):
        xero_sandbox(Starlette())
