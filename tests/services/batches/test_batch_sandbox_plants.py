"""The sandbox side of batch management: editing a record as ConnectWise's UI does, and the planted drift."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_ledger.cli import main
from tui_ledger.sandbox import connectwise
from tui_ledger.sandbox.connectwise.corrections import CorrectionRefused, correct_invoice_line
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.sandbox.discrepancies import plan_discrepancies, plant_discrepancies
from tui_ledger.sandbox.hub import SandboxHub
from tui_ledger.sandbox.xero.seed import plan_gaps


def _connectwise(tmp_path: Path, demo: DemoCompany) -> Path:
    hub = SandboxHub(tmp_path, services=[connectwise.SERVICE])
    hub.seed(demo)
    return hub.context.state_file("connectwise")


def test_a_batched_invoice_is_locked_and_an_unposted_one_is_edited(tmp_path: Path, demo: DemoCompany) -> None:
    state = _connectwise(tmp_path, demo)
    unposted = demo.unposted_invoices()[0]

    edited = correct_invoice_line(state, unposted.id, Decimal("12.34"))

    assert edited.lines[0].amount == Decimal("12.34")
    assert edited.total == unposted.total - unposted.lines[0].amount + Decimal("12.34")
    with pytest.raises(CorrectionRefused, match="is in batch 'I5009:"):
        correct_invoice_line(state, 12009, Decimal("1.00"))


def test_the_plants_avoid_every_package_gap_and_are_deterministic(demo: DemoCompany) -> None:
    plan = plan_discrepancies(demo)

    assert plan == plan_discrepancies(demo)
    assert plan.missing_invoice.number != plan_gaps(demo).taken_invoice_number
    assert plan.unbatched_invoice.id != plan.edited_invoice.id


def test_planting_changes_only_connectwise_and_says_what_it_planted(tmp_path: Path, demo: DemoCompany) -> None:
    state = _connectwise(tmp_path, demo)

    planted = plant_discrepancies(state, demo)

    assert len(planted.all) == len(set(planted.all)) == 5
    assert planted.missing_in_package[0].startswith("I")
    assert planted.missing_in_package[1].startswith("E")


def _batch_labels(state: Path) -> set[str]:
    with sqlite3.connect(state) as connection:
        return {row[0].split(":")[0] for row in connection.execute("SELECT identifier FROM batches")}


def test_sandbox_seed_plants_only_when_asked(tmp_path: Path, demo: DemoCompany) -> None:
    environ = {"TUI_LEDGER_DATA_DIR": str(tmp_path / "data"), "TUI_LEDGER_CONFIG": str(tmp_path / "none.toml")}
    state = tmp_path / "data" / "sandbox" / "connectwise.sqlite"
    plan = plan_discrepancies(demo)
    planted = {f"I{plan.missing_invoice.number}", f"E{plan.missing_expense.id}{plan.missing_expense.member_identifier}"}
    runner = CliRunner()

    plain = runner.invoke(main, ["sandbox", "seed", "--anchor", "2026-01-31"], env=environ)
    plain_labels = _batch_labels(state)
    drifted = runner.invoke(main, ["sandbox", "seed", "--anchor", "2026-01-31", "--discrepancies"], env=environ)

    assert plain.exit_code == drifted.exit_code == 0
    assert planted.isdisjoint(plain_labels)
    assert planted <= _batch_labels(state)
