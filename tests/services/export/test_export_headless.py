"""The scheduled export: what cron sees (exit codes 0/1/2, lines or JSON); an interrupted run is finished first."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.services.export.export_world import ANCHOR, PROFILE, ExportWorld
from tests.services.export.kill_points import KillingConnector, KillSwitch
from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tui_ledger.cli import main
from tui_ledger.connectors.accounting import AccountingConnector
from tui_ledger.connectors.connectwise import ConnectWiseReader
from tui_ledger.domain.checks import NotSent, Ready
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import format_money
from tui_ledger.domain.plans import PlainExportOptions
from tui_ledger.services.export import ExportLock, ExportPreparation, ExportRunner
from tui_ledger.services.export.headless import (
    AllValid,
    ExportSession,
    HeadlessRequest,
    SelectedNumbers,
    run_headless,
)
from tui_ledger.store import Database


class Console:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.err: list[str] = []

    @property
    def json(self) -> dict[str, object]:
        return json.loads("\n".join(self.out))


def session(
    world: ExportWorld, connected: tuple[ConnectWiseReader, AccountingConnector], database: Database, data_dir: Path
) -> ExportSession:
    psa, connector = connected

    async def other_company(name: str) -> AccountingConnector:
        raise AssertionError(f"no other company should be opened, asked for {name}")

    return ExportSession(
        profile=PROFILE,
        target=world.target,
        psa=psa,  # type: ignore[arg-type]
        connector=connector,
        database=database,
        data_dir=data_dir,
        options=PlainExportOptions(),
        clock=world.hub.clock,
        open_target=other_company,
        tax_codes=world.tax_codes,
    )


async def headless(export_session: ExportSession, request: HeadlessRequest) -> tuple[int, Console]:
    console = Console()
    code = await run_headless(export_session, request, out=console.out.append, err=console.err.append)
    return code, console


@pytest.fixture
def export_session(
    world: ExportWorld, connected: tuple[ConnectWiseReader, AccountingConnector], database: Database, tmp_path: Path
) -> ExportSession:
    return session(world, connected, database, tmp_path / "data")


async def test_without_a_selection_it_only_shows_what_is_ready_and_sends_nothing(
    world: ExportWorld, export_session: ExportSession, preparation: ExportPreparation
) -> None:
    before = copies_per_number(world)

    code, console = await headless(export_session, HeadlessRequest(thru=ANCHOR))

    assert code == 0
    ready = preparation.ready_summary(DocumentKind.INVOICE)
    assert console.out[0].startswith(f"Invoices: {ready.count} ready ({format_money(ready.total)}), ")
    assert console.out[-1] == "Nothing was exported: add --all-valid or --select FILE to export."
    assert copies_per_number(world) == before


async def test_all_valid_exports_the_ready_ones_and_exits_1_for_those_held_back_by_errors(
    world: ExportWorld, export_session: ExportSession, preparation: ExportPreparation
) -> None:
    code, console = await headless(export_session, HeadlessRequest(thru=ANCHOR, selection=AllValid(), as_json=True))

    assert code == 1
    report = console.json
    assert report["exit_code"] == 1
    run = report["run"]
    assert isinstance(run, dict)
    not_sent = sum(1 for verdict in preparation.sendable() if isinstance(verdict, NotSent))
    assert run["documents"] == {"Exported": len(preparation.sendable()) - not_sent, "Not sent": not_sent}
    held_back = report["held_back"]
    assert isinstance(held_back, list)
    assert len(held_back) == len(preparation.blocked())
    assert held_back[0]["problems"][0]["fix"].startswith(("ConnectWise: ", "Xero: ", "Settings: "))
    labels = connectwise_batches(world).labels
    assert all(
        labels[f"I{v.document.document_number}"] == 1 for v in preparation.sendable() if v.document.kind == "invoice"
    )


async def test_a_selection_exports_only_those_numbers_and_exits_0(
    world: ExportWorld, export_session: ExportSession, preparation: ExportPreparation
) -> None:
    ready = [verdict for verdict in preparation.sendable() if isinstance(verdict, Ready)][:3]
    numbers = tuple(verdict.document.document_number for verdict in ready)

    code, console = await headless(export_session, HeadlessRequest(thru=ANCHOR, selection=SelectedNumbers(numbers)))

    assert code == 0
    assert console.out[-1].startswith("Run 1: exported 3")
    batches = connectwise_batches(world)
    assert (
        len(batches.identifiers) - len([label for label in batches.labels if label[1:] in numbers])
        == len(batches.identifiers) - 3
    )


async def test_an_unknown_number_in_the_selection_exports_nothing_and_exits_2(
    world: ExportWorld, export_session: ExportSession, preparation: ExportPreparation
) -> None:
    before = copies_per_number(world)
    known = preparation.sendable()[0].document.document_number

    code, console = await headless(
        export_session, HeadlessRequest(thru=ANCHOR, selection=SelectedNumbers((known, "NOPE-1")))
    )

    assert code == 2
    assert console.err == [
        "Error: not among the unposted documents retrieved: NOPE-1 (check the numbers, the --thru date and the "
        "document types); nothing was exported"
    ]
    assert copies_per_number(world) == before


async def test_while_the_app_exports_the_profile_the_scheduled_run_exits_2_naming_it(
    export_session: ExportSession, tmp_path: Path
) -> None:
    with ExportLock(tmp_path / "data", PROFILE, "the tui-ledger app"):
        code, console = await headless(export_session, HeadlessRequest(thru=ANCHOR, selection=AllValid()))

    assert code == 2
    assert console.err[0].startswith("Error: Profile 'acme' is being exported by the tui-ledger app (process")


async def test_an_interrupted_run_is_finished_first_then_the_new_documents_go(
    world: ExportWorld,
    connected: tuple[ConnectWiseReader, AccountingConnector],
    export_session: ExportSession,
    preparation: ExportPreparation,
    database: Database,
    tmp_path: Path,
) -> None:
    psa, xero = connected
    runner = ExportRunner(database, PROFILE, tmp_path / "data", clock=world.hub.clock)
    first_half = list(preparation.sendable())[:40]
    switch = KillSwitch()
    killed = asyncio.ensure_future(
        runner.export(
            first_half, connector=KillingConnector(xero, switch, after=True), batches=psa.batches, target=world.target
        )  # type: ignore[arg-type]
    )
    await switch.wait(killed)

    code, console = await headless(export_session, HeadlessRequest(thru=ANCHOR, selection=AllValid()))

    assert code == 1
    assert console.out[0] == "Resuming export run 1 (40 documents)"
    assert f"Starting export run 2 ({len(preparation.sendable()) - 40} documents)" in console.out
    copies = copies_per_number(world)
    labels = connectwise_batches(world).labels
    for verdict in preparation.sendable():
        number = verdict.document.document_number
        assert labels[f"{verdict.document.kind.value[0].upper()}{number}"] == 1
        for part in verdict.plan.parts:
            assert sum(count for (_, copy), count in copies.items() if copy == part.draft.number) == 1


def test_the_command_line_exports_the_sandbox_profile_and_a_second_run_finds_nothing_new(tmp_path: Path) -> None:
    environment = {"TUI_LEDGER_DATA_DIR": str(tmp_path / "data"), "TUI_LEDGER_CONFIG": str(tmp_path / "none.toml")}
    cli = CliRunner()

    every_day = ["--thru", "2099-12-31", "--invoices", "--all-valid"]
    first = cli.invoke(main, ["export", *every_day, "--json"], env=environment)
    second = cli.invoke(main, ["export", *every_day], env=environment)

    assert first.exit_code == 1, first.output
    report = json.loads(first.stdout)
    assert report["profile"] == "sandbox"
    ready = report["retrieved"]["invoice"]["ready"]
    assert ready > 50
    assert sum(report["run"]["documents"].values()) == ready
    assert set(report["run"]["documents"]) == {"Exported", "Not sent"}
    assert second.exit_code == 1
    assert "Invoices: 0 ready (0.00)" in second.stdout
    assert "Nothing to export." in second.stdout


def test_the_command_line_reports_a_broken_config_on_stderr_with_exit_2_and_no_traceback(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[profiles.acme\n", encoding="utf-8")
    environment = {"TUI_LEDGER_DATA_DIR": str(tmp_path / "data"), "TUI_LEDGER_CONFIG": str(config)}

    result = CliRunner().invoke(main, ["export", "--profile", "acme", "--thru", "2026-11-30"], env=environment)

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: The configuration cannot be used")
    assert "Traceback" not in result.output
