"""A mapping recorded now and its lines filled later, in a worker thread on a connection of its own: the lines
end with the mapping as it is when the fill runs, whatever order two quick fills run in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.services.invoice_lines_world import TODAY, fresh_environ, open_workspace, seed_sandbox
from tui_ledger.services.invoice_lines import InvoiceLinesService, LoadChoice
from tui_ledger.services.invoice_lines.mapping import OfferRow, OrganizationRow
from tui_ledger.store.line_mappings import NEW_AGREEMENT, CompanyChoice, ProductChoice
from tui_ledger.store.line_periods import BillingPeriod
from tui_ledger.store.line_records import LineRecord

JANUARY = BillingPeriod(2025, 1)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return asyncio.run(seed_sandbox(tmp_path_factory.mktemp("seeded")))


@pytest.fixture
async def lines(seeded: Path, tmp_path: Path) -> AsyncIterator[InvoiceLinesService]:
    workspace = await open_workspace(fresh_environ(seeded, tmp_path))
    assert workspace.lines is not None
    await workspace.lines.load(LoadChoice(current_month=True), TODAY)
    yield workspace.lines
    await workspace.aclose()


def every_record(service: InvoiceLinesService) -> list[LineRecord]:
    grid = service.grid(JANUARY)
    return grid.window(0, grid.count())


async def first_organization(service: InvoiceLinesService) -> OrganizationRow:
    return (await service.mapping.overview(TODAY)).organizations[0]


async def test_recording_a_mapping_leaves_the_lines_to_the_fill_which_fills_them_from_a_worker_thread(
    lines: InvoiceLinesService,
) -> None:
    row = await first_organization(lines)
    name = row.organization.name
    fill = lines.mapping.record_organization(row.organization, CompanyChoice(11, "Picked Co", NEW_AGREEMENT), TODAY)
    assert fill is not None
    assert lines.mapping.organization_row(row).is_mapped
    assert {record.psa_company_name for record in every_record(lines) if record.organization_name == name} == {""}
    filled = await asyncio.to_thread(fill.run)
    ours = [record for record in every_record(lines) if record.organization_name == name]
    assert filled == len(ours) > 0
    assert {record.psa_company_name for record in ours} == {"Picked Co"}
    assert lines.mapping.organization_row(row).counts.unfilled == 0


async def test_two_quick_mappings_leave_the_later_one_on_the_lines_whichever_fill_runs_last(
    lines: InvoiceLinesService,
) -> None:
    row = await first_organization(lines)
    first = lines.mapping.record_organization(row.organization, CompanyChoice(11, "First Co", NEW_AGREEMENT), TODAY)
    second = lines.mapping.record_organization(row.organization, CompanyChoice(12, "Second Co", NEW_AGREEMENT), TODAY)
    assert first is not None
    assert second is not None
    await asyncio.to_thread(second.run)
    await asyncio.to_thread(first.run)
    ours = [record for record in every_record(lines) if record.organization_name == row.organization.name]
    assert {record.psa_company_name for record in ours} == {"Second Co"}


async def test_an_added_company_that_is_not_the_default_owes_no_fill(lines: InvoiceLinesService) -> None:
    row = await first_organization(lines)
    lines.mapping.map_organization(row.organization, CompanyChoice(11, "Default Co", NEW_AGREEMENT), TODAY)
    added = lines.mapping.record_organization(
        row.organization, CompanyChoice(12, "Extra Co", NEW_AGREEMENT), TODAY, make_default=False
    )
    assert added is None


async def test_an_offer_fill_gives_its_lines_the_product_mapped_when_it_runs(lines: InvoiceLinesService) -> None:
    offer: OfferRow = (await lines.mapping.overview(TODAY)).offers[0]
    fill = lines.mapping.record_offer(offer.offer, ProductChoice(21, "SKU-OLD"), TODAY)
    lines.mapping.record_offer(offer.offer, ProductChoice(22, "SKU-NEW"), TODAY)
    filled = await asyncio.to_thread(fill.run)
    ours = [record for record in every_record(lines) if record.offer_name == offer.offer.name]
    assert filled > 0
    assert {record.psa_product_name for record in ours} == {"SKU-NEW"}
