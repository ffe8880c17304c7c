"""Seed 004, step by step in the app, against the embedded sandbox (ConnectWise + Xero).

The filter (Thru Date, Include Invoices / Purchases) → Retrieve → per type Ready (count, total, View Details) and
Errors; the details list with the Xero invoice and credit note numbers (prefix and suffix applied) and lines;
Export Selected and Export All Valid through a summary confirmed with one key; a green or red result; the Export
Log with Xero's own words; errors grouped by kind with where to fix them; Refresh until fixed documents move to
Ready. What Xero and ConnectWise hold afterwards is read from the sandbox's own files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.services.export.sandbox_truth import connectwise_batches, copies_per_number
from tests.ui.conftest import build_sandbox_app, settle
from tests.ui.export_helpers import (
    export_screen,
    press,
    sandbox_home,
    sandbox_state,
    set_xero_account_status,
)
from tui_ledger.domain.checks import CheckKind, NotSent, Ready
from tui_ledger.domain.documents import DocumentKind
from tui_ledger.domain.money import format_money
from tui_ledger.services.export import Section
from tui_ledger.store.journal_log import LogStatus
from tui_ledger.ui.modals.export_confirm import ExportConfirmScreen
from tui_ledger.ui.modals.export_log_save import SaveLogScreen
from tui_ledger.ui.screens.batch_status import BatchStatusScreen
from tui_ledger.ui.screens.export_details import ReadyDetailsScreen
from tui_ledger.ui.screens.export_errors import ErrorsScreen
from tui_ledger.ui.screens.export_log import ExportLogScreen
from tui_ledger.ui.screens.export_results import ErrorsPane, KindResults, ReadyPane
from tui_ledger.ui.widgets.virtual_table import VirtualTable

PREFIXED = '[profiles.sandbox.export]\ninvoice_prefix = "CW-"\ninvoice_suffix = "-1"\n'
"""Seed 004: the Xero invoice number is the PSA number with the configured prefix and suffix."""


def cells(table: VirtualTable, position: int) -> dict[str, str]:  # type: ignore[type-arg]
    """The text of every column of the row at `position`, by column key."""
    row = table.window.row(position)
    assert row is not None
    return {column.key: column.cell(row).text for column in table.columns}


def per_currency(amounts: list[tuple[str, Decimal]]) -> str:
    """`238,916.81 USD + 11,485.25 CAD`: one total per currency, the currency with most documents first."""
    grouped: dict[str, list[Decimal]] = {}
    for currency, amount in amounts:
        grouped.setdefault(currency, []).append(amount)
    ordered = sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))
    return " + ".join(format_money(sum(values, Decimal(0)), currency) for currency, values in ordered)


def details(app: object) -> ReadyDetailsScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReadyDetailsScreen), f"expected View Details, got {type(screen).__name__}"
    return screen


async def test_retrieve_shows_ready_and_errors_per_type_and_view_details_lists_numbers_and_lines(
    tmp_path: Path,
) -> None:
    app = build_sandbox_app(sandbox_home(tmp_path, PREFIXED))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)
        screen.query_one("#include-expense").focus()
        await press(pilot, "space", "f5")

        checked = screen.checked
        assert checked is not None
        assert [results.kind for results in screen.query(KindResults)] == [
            DocumentKind.INVOICE,
            DocumentKind.PROCUREMENT,
        ]
        ready_pane = screen.query_one("#ready-invoice", ReadyPane)
        ready = checked.ready(DocumentKind.INVOICE)
        assert ready_pane.border_title == f"Invoices ready · {len(ready)}"
        assert ready_pane.border_subtitle == per_currency([(v.document.currency, v.document.total) for v in ready])
        errors_pane = screen.query_one("#errors-invoice", ErrorsPane)
        groups = checked.groups(DocumentKind.INVOICE)
        assert errors_pane.border_title == f"Invoices with errors · {len(checked.errors(DocumentKind.INVOICE))}"
        assert [str(errors_pane.get_option_at_index(i).prompt).split(maxsplit=1) for i in range(len(groups))] == [
            [str(group.document_count), group.title] for group in groups
        ]

        await press(pilot, "f3", "enter")
        table = details(app).table
        assert [column.title for column in table.columns] == [
            "Customer",
            "Invoice #",
            "Date",
            "Total",
            "Xero Invoice #",
            "Xero Credit Note #",
            "Export",
        ]
        assert table.row_count == len(ready)
        without_lines = next(i for i, v in enumerate(ready) if isinstance(v, NotSent))
        first_sent = next(i for i, v in enumerate(ready) if isinstance(v, Ready))
        sent = ready[first_sent]
        assert cells(table, first_sent) == {
            "who": sent.document.counterparty.label,
            "number": sent.document.document_number,
            "date": sent.document.document_date.isoformat(),
            "total": format_money(sent.document.total, sent.document.currency),
            "target": f"CW-{sent.document.document_number}-1",
            "credit": "",
            "action": "send",
        }
        assert cells(table, without_lines)["action"] == "not sent"
        credits = [i for i, v in enumerate(ready) if v.document.total < 0]
        assert credits, "the demo company has negative invoices: they go to Xero as credit notes"
        for position in credits:
            number = ready[position].document.document_number
            assert (cells(table, position)["target"], cells(table, position)["credit"]) == ("", f"CW-{number}-1")

        table.move_cursor(first_sent)
        await press(pilot, "enter")
        lines = sent.plan.parts[0].draft.lines
        assert table.row_count == len(ready) + len(lines)
        assert [cells(table, first_sent + 1 + i)["who"].split(" ", 3)[-1] for i in range(len(lines))] == [
            line.description for line in lines
        ]
        await press(pilot, "enter")
        assert table.row_count == len(ready)

        table.move_cursor(without_lines)
        await press(pilot, "enter")
        assert cells(table, without_lines + 1)["who"].endswith("Invoice has no lines - not sent to Xero")


async def test_export_selected_sends_only_the_marked_invoices_and_the_log_shows_each_with_its_xero_number(
    tmp_path: Path,
) -> None:
    environ = sandbox_home(tmp_path, PREFIXED)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f5", "f3", "enter")
        source = details(app).source
        first_sent = next(i for i, v in enumerate(source.verdicts) if isinstance(v, Ready))
        details(app).table.move_cursor(first_sent)
        await press(pilot, "s", "s", "s")
        marked = source.marked_verdicts()
        assert [v.document for v in marked] == [v.document for v in source.verdicts[first_sent : first_sent + 3]]

        await press(pilot, "x")
        confirm = app.screen
        assert isinstance(confirm, ExportConfirmScreen)
        assert confirm.scope == "the 3 marked invoices"
        assert confirm.company == "Demo Xero (Xero)"
        assert [(part.kind, part.figures.count) for part in confirm.summary.kinds] == [(DocumentKind.INVOICE, 3)]
        assert confirm.summary.kinds[0].figures.total == sum(v.document.total for v in marked)

        await press(pilot, "y")
        status = app.screen
        assert isinstance(status, BatchStatusScreen)
        result = status.query_one("#batch-result")
        assert result.has_class("-success")
        assert str(result.render()).startswith("✔ All 3 documents went to Demo Xero (Xero): 3 exported")

        await press(pilot, "l")
        log = app.screen
        assert isinstance(log, ExportLogScreen)
        assert [(row.number, row.status, row.target_number) for row in log.rows] == [
            (v.document.document_number, LogStatus.EXPORTED, f"CW-{v.document.document_number}-1") for v in marked
        ]
        assert all(row.target_id for row in log.rows)

        await press(pilot, "escape", "escape")
        screen = export_screen(app)
        assert app.screen is screen
        still_unposted = {v.document.document_number for v in screen.checked.preparation.verdicts}
        assert not still_unposted & {v.document.document_number for v in marked}

    state = sandbox_state(environ)
    copies = copies_per_number(state)  # type: ignore[arg-type]
    sent = {number for (kind, number) in copies if number.startswith("CW-")}
    assert sent == {f"CW-{v.document.document_number}-1" for v in marked}
    labels = connectwise_batches(state).labels  # type: ignore[arg-type]
    assert all(labels[f"I{v.document.document_number}"] == 1 for v in marked)


async def test_errors_are_grouped_by_kind_with_where_to_fix_and_a_fix_in_xero_moves_them_to_ready_on_refresh(
    tmp_path: Path,
) -> None:
    environ = sandbox_home(tmp_path, PREFIXED)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f5")
        screen = export_screen(app)
        before = screen.checked
        groups = before.groups(DocumentKind.INVOICE)
        archived = next(i for i, group in enumerate(groups) if group.kind is CheckKind.ACCOUNT_ARCHIVED)
        screen.query_one("#errors-invoice", ErrorsPane).focus()
        await press(pilot, *["down"] * archived, "enter")

        errors = app.screen
        assert isinstance(errors, ErrorsScreen)
        tree = errors.tree
        assert [str(node.label).split("  ")[0] for node in tree.root.children] == [group.title for group in groups]
        opened = tree.root.children[archived]
        assert opened.is_expanded
        assert len(opened.children) == groups[archived].document_count
        await press(pilot, "down")
        shown = str(errors.query_one("#error-details").render())
        problem = groups[archived].entries[0].problems[0]
        assert problem.message in shown
        assert f"Fix in Xero: {problem.fix.instruction}" in shown
        assert problem.value is not None

        set_xero_account_status(environ, problem.value, "ACTIVE")
        await press(pilot, "r")

        after = export_screen(app).checked
        moved = after.moved_to_ready(before)
        assert {v.document for v in moved} == {entry.document for entry in groups[archived].entries}, (
            "the documents whose only problem was the archived account moved to Ready"
        )
        assert any(f"{len(moved)} documents moved from Errors to Ready" in str(n.message) for n in app._notifications)
        assert errors.checked is after
        assert CheckKind.ACCOUNT_ARCHIVED not in {group.kind for group in after.groups(DocumentKind.INVOICE)}
        assert [str(node.label).split("  ")[0] for node in tree.root.children] == [
            group.title for group in after.groups(DocumentKind.INVOICE)
        ]


async def test_export_all_valid_asks_first_and_xeros_refusals_end_red_with_its_own_words_in_the_log(
    tmp_path: Path,
) -> None:
    environ = sandbox_home(tmp_path)
    app = build_sandbox_app(environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f5", "x")
        confirm = app.screen
        assert isinstance(confirm, ExportConfirmScreen)
        checked = export_screen(app).checked
        assert [(part.kind, part.figures.count) for part in confirm.summary.kinds] == [
            (kind, len(checked.ready(kind))) for kind in checked.kinds if checked.ready(kind)
        ]
        await press(pilot, "n")
        assert app.screen is export_screen(app)
        assert export_screen(app).query(ReadyPane)
        assert export_screen(app).workspace.exports.latest_run() is None, "n sends nothing"

        ready = [v for v in checked.ready(DocumentKind.INVOICE) if isinstance(v, Ready)]
        account = ready[0].plan.parts[0].draft.lines[0].account_code
        using = {
            v.document.document_number
            for v in ready
            if any(line.account_code == account for p in v.plan.parts for line in p.draft.lines)
        }
        set_xero_account_status(environ, account, "ARCHIVED")
        await press(pilot, "x", "y")

        status = app.screen
        assert isinstance(status, BatchStatusScreen)
        result = status.query_one("#batch-result")
        assert result.has_class("-failure")
        assert f"{len(using)} refused by Xero" in str(result.render())
        assert status.panel.statuses[Section.INVOICES].label == "Completed with errors"

        await press(pilot, "l", "f")
        log = app.screen
        assert isinstance(log, ExportLogScreen)
        assert log.status_filter is LogStatus.FAILED
        assert {row.number for row in log.shown} == using
        assert all(f"Account code '{account}' has been archived" in row.message for row in log.shown)

        await press(pilot, "w")
        assert isinstance(app.screen, SaveLogScreen)
        path = tmp_path / "failed.csv"
        await pilot.press("ctrl+u", *str(path))
        await press(pilot, "enter")
        assert app.screen is log
        assert any(f"Saved {len(using)} rows (Failed only) of run" in str(n.message) for n in app._notifications)
        saved = path.read_text(encoding="utf-8").splitlines()
        assert len(saved) == len(using) + 1
        assert all("has been archived" in line for line in saved[1:])
