"""Reconcile finds every discrepancy the sandbox plants, and its fixes leave both sides agreeing."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from batch_world import World

from tui_ledger.domain.batches.package import PackageAction
from tui_ledger.domain.batches.reconcile import DiscrepancyKind, Fix, ReconcileReport, Standing
from tui_ledger.domain.batches.records import DocumentRef
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.sandbox.connectwise.corrections import correct_expense_amount
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.discrepancies import AMOUNT_CHANGE, plant_discrepancies
from tui_ledger.sandbox.xero.seed import plan_gaps
from tui_ledger.services.batches.rebatch import RebatchMode
from tui_ledger.services.batches.reconcile import ReconcileScope

PLANTED_KIND = {
    "missing_in_package": DiscrepancyKind.MISSING_IN_PACKAGE,
    "already_in_package": DiscrepancyKind.ALREADY_IN_PACKAGE,
    "amount_differs": DiscrepancyKind.AMOUNT_DIFFERS,
}


def standing_of(report: ReconcileReport, document: DocumentRef) -> Standing:
    finding = report.finding(document)
    assert finding is not None, f"{document.label} was not compared"
    return finding.standing


def _planted(demo: DemoCompany, tmp_path: Path) -> dict[str, DiscrepancyKind]:
    """What the generator plants, by document label (planting again on a throw-away seed says which)."""
    from tui_ledger.sandbox.connectwise import SERVICE
    from tui_ledger.sandbox.hub import SandboxHub

    hub = SandboxHub(tmp_path / "labels", services=[SERVICE])
    hub.seed(demo)
    planted = plant_discrepancies(hub.context.state_file("connectwise"), demo)
    return {label: PLANTED_KIND[name] for name in PLANTED_KIND for label in getattr(planted, name)}


async def test_the_seeded_world_shows_only_its_two_natural_discrepancies(world: World) -> None:
    """A PO line unbatched in the UI with its bill still in Xero, and the number Xero's seed gave another invoice."""
    po_batch = next(batch for batch in world.company.batches if batch.identifier.startswith("P"))
    taken = plan_gaps(world.company).taken_invoice_number

    report = await world.desk.reconcile()

    found = {finding.document.label: finding.kind for finding in report.discrepancies}
    assert found == {
        po_batch.identifier.split(":")[0]: DiscrepancyKind.ALREADY_IN_PACKAGE,
        f"I{taken}": DiscrepancyKind.NUMBER_TAKEN,
    }
    assert report.by_standing()[Standing.AGREES] >= 6


async def test_every_planted_discrepancy_is_found_with_its_kind(planted: World, tmp_path: Path) -> None:
    expected = _planted(planted.company, tmp_path)

    report = await planted.desk.reconcile()

    found = {finding.document.label: finding.kind for finding in report.discrepancies}
    assert {label: found.get(label) for label in expected} == expected
    assert len(expected) == 5, "two batched but never sent, one unbatched with its copy left, two edited"


async def test_the_first_fix_of_each_discrepancy_leaves_both_sides_agreeing(planted: World) -> None:
    report = await planted.desk.reconcile()
    fixable = [finding for finding in report.discrepancies if finding.fixes]
    assert {fix for finding in fixable for fix in finding.fixes[:1]} == {Fix.RESEND, Fix.LINK, Fix.ACCEPT}

    outcomes = [await planted.desk.fix(finding, finding.fixes[0]) for finding in fixable]

    assert [outcome.warnings for outcome in outcomes if outcome.warnings] == []
    again = await planted.desk.reconcile()
    assert {finding.document for finding in again.discrepancies}.isdisjoint(f.document for f in fixable)
    standings = {standing_of(again, finding.document) for finding in fixable}
    assert standings <= {
        Standing.AGREES,
        Standing.WAITING_FOR_EXPORT,
        Standing.WAITING_FOR_UPDATE,
        Standing.ACCEPTED,
    }


async def test_linking_batches_the_document_in_connectwise_and_sends_nothing(planted: World) -> None:
    report = await planted.desk.reconcile()
    finding = next(
        f
        for f in report.discrepancies
        if f.kind is DiscrepancyKind.ALREADY_IN_PACKAGE and f.document.label.startswith("I")
    )
    copies_before = finding.package.copies

    outcome = await planted.desk.fix(finding, Fix.LINK)

    assert outcome.ok, outcome.message
    located = (await planted.desk.find(f"invoice {finding.document.number}")).located[0]
    assert located.batch is not None
    assert located.batch.identifier.startswith(f"I{finding.document.number}:")
    assert located.package is not None
    assert located.package.copies == copies_before


async def test_an_accepted_difference_comes_back_when_an_amount_changes(planted: World) -> None:
    report = await planted.desk.reconcile()
    finding = next(f for f in report.discrepancies if f.document.label == "E4304dchu")
    assert (await planted.desk.fix(finding, Fix.ACCEPT)).ok
    assert standing_of(await planted.desk.reconcile(), finding.document) is Standing.ACCEPTED

    assert (await planted.desk.unbatch(await planted.record("expense 4304"), PackageAction.UPDATE_IN_PLACE)).ok
    correct_expense_amount(planted.connectwise_state, 4304, Decimal("119.87") + 2 * AMOUNT_CHANGE)
    rebatched = await planted.desk.rebatch([await planted.record("expense 4304")], RebatchMode.ORIGINAL_BATCH)
    assert rebatched.ok, rebatched.message

    again = await planted.desk.reconcile()
    assert standing_of(again, finding.document) is Standing.DISAGREES
    assert again.finding(finding.document) is not None


async def test_a_fix_the_finding_does_not_offer_is_refused(planted: World) -> None:
    report = await planted.desk.reconcile()
    finding = next(f for f in report.discrepancies if f.kind is DiscrepancyKind.MISSING_IN_PACKAGE)

    outcome = await planted.desk.fix(finding, Fix.LINK)

    assert not outcome.ok
    assert "fixes offered: resend, accept" in outcome.message


async def test_the_summary_saves_as_csv_and_json_with_exact_amounts(planted: World, tmp_path: Path) -> None:
    report = await planted.desk.reconcile(ReconcileScope(include_unposted=False))

    csv_path = planted.desk.save_report(report, tmp_path / "out" / "reconcile.csv")
    json_path = planted.desk.save_report(report, tmp_path / "out" / "reconcile.json")

    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    saved = json.loads(json_path.read_text(encoding="utf-8"))
    assert rows[0]["standing"] == "disagrees", "discrepancies first"
    expense = next(row for row in rows if row["document"] == "E4304dchu")
    assert (expense["connectwise_amount"], expense["package_amount"], expense["difference"]) == (
        "244.87",
        "119.87",
        "125.00",
    )
    assert saved["discrepancies"] == len(report.discrepancies)
    assert saved["by_kind"]["amount_differs"] == 2
    full = await planted.desk.reconcile()
    assert full.finding(DocumentRef(DocumentKind.INVOICE, "5100")) is not None
    assert "I5100" not in {row["document"] for row in rows}, "documents in no batch were left out"


async def test_each_reconcile_and_fix_is_in_system_logs(planted: World) -> None:
    report = await planted.desk.reconcile()
    finding = next(f for f in report.discrepancies if Fix.LINK in f.fixes)
    await planted.desk.fix(finding, Fix.LINK)

    [run] = planted.desk.history("reconcile Demo Xero")
    [fix] = planted.desk.history(finding.document.title)

    assert run.message == report.summary
    assert len(run.details["after"]["discrepancies"]) == len(report.discrepancies)
    assert fix.details["action"] == "fix"
    assert fix.details["before"]["standing"] == "disagrees"
    assert fix.details["after"]["standing"] == "agrees"
