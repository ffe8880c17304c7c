"""The invoice-lines service on the embedded sandbox (seed 003): Load Invoices, Show invoices, charge-date rules
and custom names, mapping suggestions, inline edits becoming default mappings, Bulk Update, System Logs filters."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.services.invoice_lines_world import TODAY, ScriptedSource, fresh_environ, open_workspace, seed_sandbox
from tests.store.invoice_line_samples import sample_lines
from tui_ledger.domain.bulk_update import AgreementValue, BulkUpdateError, BulkUpdateRequest
from tui_ledger.domain.clock import Clock
from tui_ledger.domain.invoice_lines import ChargeType, InvoiceLine
from tui_ledger.services.invoice_lines import (
    KEEP,
    ChargeDateRule,
    EndRule,
    InvoiceLinesService,
    LineChanges,
    LineEditError,
    LinesOptions,
    LoadChoice,
    StartRule,
)
from tui_ledger.services.invoice_lines.loading import load_periods
from tui_ledger.services.invoice_lines.logs import LineLogQuery
from tui_ledger.services.invoice_lines.options import ruled_dates
from tui_ledger.store import Database, Severity, SystemLog
from tui_ledger.store.invoice_lines import InvoiceLineStore
from tui_ledger.store.line_codes import Badge, MappingStatus
from tui_ledger.store.line_edits import offer_key_of
from tui_ledger.store.line_mappings import AgreementChoice, CompanyChoice, ProductChoice
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord

JANUARY = BillingPeriod(2025, 1)
DECEMBER = BillingPeriod(2024, 12)


class Clockwork:
    def monotonic(self) -> float:
        return 0.0

    def now(self) -> datetime:
        return datetime(2025, 1, 31, 12, tzinfo=UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(0)


CLOCK: Clock = Clockwork()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return asyncio.run(seed_sandbox(tmp_path_factory.mktemp("seeded")))


@pytest.fixture
async def lines(seeded: Path, tmp_path: Path) -> AsyncIterator[InvoiceLinesService]:
    workspace = await open_workspace(fresh_environ(seeded, tmp_path))
    assert workspace.lines is not None
    yield workspace.lines
    await workspace.aclose()


def every_record(service: InvoiceLinesService, period: BillingPeriod = JANUARY) -> list[LineRecord]:
    grid = service.grid(period)
    return grid.window(0, grid.count())


async def platform_count(service: InvoiceLinesService, period: BillingPeriod) -> int:
    return sum([len(page) async for page in service.platform().invoice_lines(period.first_day, period.last_day)])


# -- Load Invoices / Show invoices ------------------------------------------------------------------------------


async def test_load_invoices_fetches_the_current_and_previous_month_into_show_invoices(
    lines: InvoiceLinesService,
) -> None:
    assert lines.periods(TODAY) == []
    loaded = await lines.load(LoadChoice(current_month=True, previous_month=True), TODAY)
    assert [item.period for item in loaded] == [JANUARY, DECEMBER]
    assert [item.period for item in lines.periods(TODAY)] == [JANUARY, DECEMBER]
    assert loaded[0].line_count == await platform_count(lines, JANUARY) > 0
    assert loaded[1].line_count == await platform_count(lines, DECEMBER) > 0
    logged = lines.system_log.query(LineLogQuery(period=JANUARY))
    assert [entry.message for entry in logged] == [
        f"Loaded {loaded[0].line_count} invoice lines of January 2025 from appxite"
    ]


def test_the_load_choice_names_the_seeds_months() -> None:
    assert LoadChoice(True, False).periods(date(2026, 5, 18)) == [BillingPeriod(2026, 5)]
    assert LoadChoice(False, True).periods(date(2026, 1, 1)) == [BillingPeriod(2025, 12)]
    assert LoadChoice(False, False).is_empty


async def test_a_load_stopped_half_way_leaves_the_month_as_it_was(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "profile.sqlite")
    store = InvoiceLineStore(database)
    january = sample_lines(30, period=JANUARY)
    december = sample_lines(20, period=DECEMBER)
    months = {JANUARY.first_day: [january[:15], january[15:]], DECEMBER.first_day: [december]}
    options = LinesOptions()
    log = SystemLog(database, CLOCK)
    await load_periods(
        store, ScriptedSource(months), [JANUARY], today=TODAY, clock=CLOCK, options=options, system_log=log
    )
    reloaded = {JANUARY.first_day: [january[:10], january[10:]], DECEMBER.first_day: [december[:5], december[5:]]}
    held = ScriptedSource(reloaded, hold=1)
    task = asyncio.create_task(
        load_periods(store, held, [JANUARY, DECEMBER], today=TODAY, clock=CLOCK, options=options, system_log=log)
    )
    await held.held.wait()
    assert store.loaded(JANUARY).line_count == 30
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert store.loaded(JANUARY).line_count == 30
    assert [loaded.period for loaded in store.loaded_periods(TODAY)] == [JANUARY]
    database.close()


# -- Configuration: charge-date rules and custom names ----------------------------------------------------------


def line_of(charge_type: ChargeType, start: date | None, end: date | None) -> InvoiceLine:
    base = sample_lines(1, period=JANUARY)[0]
    return dataclasses.replace(
        base,
        charge_type=charge_type,
        charge_start_date=start,
        charge_end_date=end,
        is_custom_invoice=False,
        invoice_date=date(2025, 1, 10),
    )


def test_every_rule_word_sets_the_dates_it_names() -> None:
    line = line_of(ChargeType.CYCLE_FEE, date(2025, 1, 15), date(2025, 2, 14))
    expected = {
        (StartRule.INVOICE_DATE, EndRule.PLATFORM): (date(2025, 1, 10), date(2025, 2, 14)),
        (StartRule.FIRST_OF_INVOICE_MONTH, EndRule.LAST_OF_START_MONTH): (date(2025, 1, 1), date(2025, 1, 31)),
        (StartRule.FIRST_OF_NEXT_MONTH, EndRule.NONE): (date(2025, 2, 1), None),
        (StartRule.PLATFORM, EndRule.LAST_OF_INVOICE_MONTH): (date(2025, 1, 15), date(2025, 1, 31)),
    }
    for (start, end), dates in expected.items():
        ruled = ruled_dates(ChargeDateRule(start=start, end=end), line)
        assert ruled is not None
        assert (ruled.start, ruled.end) == dates
        assert ruled.start_ruled == (start is not StartRule.PLATFORM)
        assert ruled.end_ruled == (end is not EndRule.PLATFORM)
    assert ruled_dates(ChargeDateRule(), line) is None


def test_a_rule_never_ends_a_line_before_it_starts() -> None:
    line = line_of(ChargeType.CYCLE_FEE, date(2025, 1, 15), date(2025, 1, 20))
    ruled = ruled_dates(ChargeDateRule(start=StartRule.FIRST_OF_NEXT_MONTH), line)
    assert ruled is not None
    assert (ruled.start, ruled.end, ruled.end_ruled) == (date(2025, 2, 1), date(2025, 2, 28), True)


async def test_rules_and_custom_names_show_as_system_updated(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "profile.sqlite")
    store = InvoiceLineStore(database)
    lines = [
        line_of(ChargeType.CYCLE_FEE, date(2025, 1, 15), None),
        line_of(ChargeType.USAGE_FEE, date(2025, 1, 15), None),
    ]
    lines = [dataclasses.replace(line, platform_line_id=f"row-{index}") for index, line in enumerate(lines)]
    rule = ChargeDateRule(
        frozenset({ChargeType.CYCLE_FEE}), StartRule.FIRST_OF_INVOICE_MONTH, EndRule.LAST_OF_START_MONTH
    )
    options = LinesOptions(charge_type_names={ChargeType.CYCLE_FEE: "Monthly licence"}, charge_date_rules=(rule,))
    source = ScriptedSource({JANUARY.first_day: [lines]})
    await load_periods(
        store, source, [JANUARY], today=TODAY, clock=CLOCK, options=options, system_log=SystemLog(database, CLOCK)
    )
    cycle, usage = store.grid(JANUARY, options.charge_type_names).window(0, 2)
    assert (cycle.charge_start_date, cycle.charge_start_badge) == (date(2025, 1, 1), Badge.SYSTEM)
    assert (cycle.charge_end_date, cycle.charge_end_badge) == (date(2025, 1, 31), Badge.SYSTEM)
    assert (cycle.charge_type_name, cycle.charge_type_badge) == ("Monthly licence", Badge.SYSTEM)
    assert (usage.charge_start_date, usage.charge_start_badge) == (date(2025, 1, 15), Badge.NONE)
    assert (usage.charge_type_name, usage.charge_type_badge) == ("Usage Fee", Badge.NONE)
    database.close()


# -- Mapping ------------------------------------------------------------------------------------------------------


async def test_mapping_suggests_exact_and_near_names_and_accepting_exact_ones_fills_the_lines(
    lines: InvoiceLinesService,
) -> None:
    await lines.load(LoadChoice(current_month=True), TODAY)
    overview = await lines.mapping.overview(TODAY)
    suggestions = {row.organization.name: row.suggestion for row in overview.organizations}
    acme = suggestions["Acme Logistics"]
    assert acme is not None
    assert acme.exact
    assert acme.text == "= Acme Logistics"
    near = suggestions.get("Contoso Pharmaceuticals Inc.")
    if near is not None:
        assert not near.exact
        assert near.candidate.name == "Contoso Pharmaceuticals"
    assert not any(row.is_mapped for row in overview.organizations)
    before = lines.grid(JANUARY).summary()
    assert before.mapped == 0
    accepted = lines.mapping.accept_exact(overview, TODAY)
    assert accepted.organizations == sum(1 for s in suggestions.values() if s is not None and s.exact)
    assert accepted.offers > 0
    after = lines.grid(JANUARY).summary()
    assert after.mapped > 0
    assert after.mapped + after.unmapped == after.total
    acme_lines = [record for record in every_record(lines) if record.organization_name == "Acme Logistics"]
    assert acme_lines
    assert {record.psa_company_name for record in acme_lines} == {"Acme Logistics"}
    assert all(record.psa_agreement_new for record in acme_lines)
    remapped = await lines.mapping.overview(TODAY)
    assert next(row for row in remapped.organizations if row.organization.name == "Acme Logistics").is_mapped


# -- Inline edit ----------------------------------------------------------------------------------------------------


async def mapped_january(lines: InvoiceLinesService) -> list[LineRecord]:
    await lines.load(LoadChoice(current_month=True), TODAY)
    lines.mapping.accept_exact(await lines.mapping.overview(TODAY), TODAY)
    return every_record(lines)


async def test_a_new_organization_clears_the_agreement_and_becomes_the_default_for_new_lines(
    lines: InvoiceLinesService,
) -> None:
    records = await mapped_january(lines)
    line = next(record for record in records if record.psa_company_id is not None)
    agreements = await lines.directory.agreements(line.psa_company_id or 0)
    chosen = AgreementChoice(agreements[0].id, agreements[0].name)
    saved = lines.edits.save(JANUARY, line.key, LineChanges(agreement=chosen))
    assert (saved.psa_agreement_id, saved.psa_agreement_badge) == (chosen.agreement_id, Badge.USER)
    other = next(company for company in await lines.directory.companies() if company.id != line.psa_company_id)
    saved = lines.edits.save(JANUARY, line.key, LineChanges(company=CompanyChoice(other.id, other.name)))
    assert (saved.psa_company_name, saved.psa_company_badge) == (other.name, Badge.USER)
    assert saved.psa_agreement_id is None
    assert not saved.psa_agreement_new
    assert saved.mapping_status is MappingStatus.UNMAPPED
    default = lines.store.mappings.companies_of(line.source_platform, line.organization_id)[0]
    assert default.company.company_id == other.id
    assert default.is_default
    newcomer = dataclasses.replace(sample_lines(1, period=JANUARY)[0], organization_id=line.organization_id)
    lines.store.load_period(JANUARY, [newcomer], today=TODAY, loaded_at=CLOCK.now())
    (loaded,) = every_record(lines)
    assert loaded.psa_company_name == other.name


async def test_an_edit_of_the_product_and_dates_saves_with_user_badges(lines: InvoiceLinesService) -> None:
    records = await mapped_january(lines)
    line = records[0]
    product = next(item for item in await lines.directory.products() if item.id != line.psa_product_id)
    changes = LineChanges(
        product=ProductChoice(product.id, product.identifier),
        charge_start=date(2025, 1, 1),
        charge_end=date(2025, 1, 31),
    )
    saved = lines.edits.save(JANUARY, line.key, changes)
    assert (saved.psa_product_id, saved.psa_product_badge) == (product.id, Badge.USER)
    assert (saved.charge_start_date, saved.charge_start_badge) == (date(2025, 1, 1), Badge.USER)
    assert (saved.charge_end_date, saved.charge_end_badge) == (date(2025, 1, 31), Badge.USER)
    assert lines.store.mappings.product_of(line.source_platform, offer_key_of(line)) == changes.product
    with pytest.raises(LineEditError, match="before Charge Start Date"):
        lines.edits.save(JANUARY, line.key, LineChanges(charge_end=date(2024, 12, 1)))
    unchanged = lines.edits.save(JANUARY, line.key, LineChanges(charge_start=KEEP))
    assert unchanged == saved


# -- Bulk Update ----------------------------------------------------------------------------------------------------


async def test_bulk_update_sets_dates_across_customers_and_refuses_an_agreement_for_two(
    lines: InvoiceLinesService,
) -> None:
    records = await mapped_january(lines)
    by_company: dict[int, list[LineRecord]] = {}
    for record in records:
        if record.psa_company_id is not None:
            by_company.setdefault(record.psa_company_id, []).append(record)
    first, second = list(by_company)[:2]
    grid = lines.grid(JANUARY)
    for record in (by_company[first][0], by_company[second][0]):
        grid.set_marked(record.key, True)
    agreement = (await lines.directory.agreements(first))[0]
    value = AgreementValue(agreement.id, agreement.name, company_id=first)
    with pytest.raises(BulkUpdateError, match="same customer"):
        lines.bulk.plan(JANUARY, BulkUpdateRequest(agreement=value))
    request = BulkUpdateRequest(charge_start=date(2025, 1, 2), charge_end=date(2025, 1, 30))
    plan = lines.bulk.apply(JANUARY, request)
    assert plan.count_text == "You are about to update 2 selected invoice lines."
    marked = list(lines.bulk.marked_records(JANUARY))
    assert {(r.charge_start_date, r.charge_start_badge, r.charge_end_badge) for r in marked} == {
        (date(2025, 1, 2), Badge.USER, Badge.USER)
    }
    assert not lines.bulk.plan(JANUARY, request).has_changes
    grid.set_marked(by_company[second][0].key, False)
    plan = lines.bulk.apply(JANUARY, BulkUpdateRequest(agreement=value))
    assert [change.text for change in plan.changes] == [f"PSA Agreement Name: {agreement.name}"]
    (updated,) = lines.bulk.marked_records(JANUARY)
    assert (updated.psa_agreement_id, updated.psa_agreement_badge) == (agreement.id, Badge.USER)
    default = lines.store.mappings.companies_of(updated.source_platform, updated.organization_id)[0]
    assert default.company.agreement.agreement_id == agreement.id


# -- System Logs ------------------------------------------------------------------------------------------------------


def test_system_logs_filter_by_severity_period_and_line(tmp_path: Path) -> None:
    database = Database.open(tmp_path / "profile.sqlite")
    log = SystemLog(database, CLOCK)
    log.add(Severity.INFO, "lines.load", "Loaded May", details={"period": "2026-05"}, subject="period 2026-05")
    log.add(Severity.ERROR, "lines.sync", "Line r1 failed", details={"period": "2026-05"}, subject="line r1")
    log.add(Severity.ERROR, "lines.sync", "Line r2 failed", details={"period": "2026-04"}, subject="line r2")
    may = BillingPeriod(2026, 5)
    assert [e.message for e in log.query(LineLogQuery(period=may))] == ["Line r1 failed", "Loaded May"]
    errors = Severity.at_least(Severity.ERROR)
    assert [e.message for e in log.query(LineLogQuery(severities=errors, period=may))] == ["Line r1 failed"]
    assert [e.message for e in log.query(LineLogQuery(line_id="r2"))] == ["Line r2 failed"]
    assert log.count(LineLogQuery(severities=errors)) == 2
    database.close()
