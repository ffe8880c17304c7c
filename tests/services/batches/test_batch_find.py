"""One search finds a record's GL batch, whichever of seed 001's four places it lives in, with its package copy."""

from __future__ import annotations

import pytest
from batch_world import World

from tui_ledger.domain.batches.records import RecordKind, RecordState
from tui_ledger.domain.batches.search import SearchError


async def test_an_invoice_number_finds_its_own_seed_000_batch_and_its_copy_in_xero(world: World) -> None:
    found = await world.desk.find("invoice 5009")

    [located] = found.located
    assert located.batch is not None
    assert located.batch.identifier.startswith("I5009:")
    assert located.record.kind is RecordKind.INVOICE
    assert located.record.is_batched
    assert located.package is not None
    assert located.package.looked_up
    [copy] = located.package.live_copies
    assert copy.number == "5009"
    assert copy.total == located.record.amount


async def test_an_expense_number_with_its_member_finds_its_batch(world: World) -> None:
    found = await world.desk.find("expense 4304 dchu")

    [located] = found.located
    assert located.record.document.label == "E4304dchu"
    assert located.batch is not None
    assert located.batch.identifier.startswith("E4304dchu:")


async def test_an_expense_in_another_tools_batch_is_found_by_reading_that_batchs_entries(world: World) -> None:
    found = await world.desk.find("E4303")

    [located] = found.located
    assert located.batch is not None
    assert located.batch.identifier.startswith("AutoSync")
    assert any(event for event in world.events if getattr(event, "task", "").startswith("Looking for expense"))


async def test_a_wrong_member_finds_nothing(world: World) -> None:
    found = await world.desk.find("expense 4304 bbastine")

    assert not found.found
    assert "Nothing found" in found.message


async def test_po_freight_and_each_product_line_are_found_individually(world: World) -> None:
    freight = await world.desk.find("po 981 freight")
    line = await world.desk.find("po 981 line 1")
    by_item = await world.desk.find("po 981 UBNT-USW24P")

    assert [found.record.kind for found in freight.located] == [RecordKind.PO_FREIGHT]
    assert freight.located[0].record.is_batched
    [unbatched] = line.located
    assert unbatched.record.state is RecordState.UNBATCHED, "the seed batch has line 1 unbatched in the UI"
    assert unbatched.batch is not None
    assert unbatched.batch.identifier.startswith("P981:")
    assert [found.record.item for found in by_item.located] == ["UBNT-USW24P"]


async def test_a_whole_po_lists_freight_then_its_lines(world: World) -> None:
    found = await world.desk.find("P981")

    assert [located.record.label for located in found.located] == [
        "PO 981 freight",
        "PO 981 line 1 (DELL-P2723D)",
        "PO 981 line 2 (UBNT-USW24P)",
        "PO 981 line 3 (DELL-OPT7010)",
    ]


async def test_a_batch_identifier_finds_every_record_of_a_batch_made_elsewhere(world: World) -> None:
    found = await world.desk.find("AutoSync")

    [batch] = found.batches
    assert not batch.holds_one_document
    assert {located.record.kind for located in found.located} == set(RecordKind)
    assert [located.record.label for located in found.located if not located.record.is_batched] == ["invoice 5006"]


async def test_a_closed_batch_is_found_and_shown(world: World) -> None:
    found = await world.desk.find("Month End")

    [batch] = found.batches
    assert batch.closed
    assert len(batch.records) == 6
    assert all("closed batch" in located.where for located in found.located)


async def test_a_bare_number_looks_everywhere_and_an_unposted_invoice_is_in_no_batch(world: World) -> None:
    found = await world.desk.find("5100")

    [located] = found.located
    assert located.batch is None
    assert located.record.state is RecordState.UNPOSTED
    assert located.package is not None
    assert located.package.live_copies == ()
    assert found.message.endswith("in no batch.")


async def test_an_empty_search_is_refused_with_what_to_type(world: World) -> None:
    with pytest.raises(SearchError, match="invoice, expense or PO number"):
        await world.desk.find("   ")
