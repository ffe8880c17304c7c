"""Pilot tests of the Export screen: the filter bar, Retrieve, progress and cancel, failures.

Most run on the embedded sandbox through the real wiring and ConnectWise connector; the in-memory reader is
used where a test must hold a request open (cancel, progress) or make the first call fail.
"""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

import pytest
from textual.widgets import Select

from tests.ui.conftest import build_app, build_sandbox_app, settle
from tests.ui.fakes import TODAY, MemoryPsa, make_workspace
from tui_ledger.connectors.errors import AuthenticationFailed
from tui_ledger.domain.documents import DocumentKind, SummaryLevel
from tui_ledger.domain.filters import UnpostedFilter
from tui_ledger.domain.money import format_money, total
from tui_ledger.sandbox.demo import DemoCompany
from tui_ledger.services.workspace import Workspace, WorkspaceError
from tui_ledger.ui.modals.failure import FailureScreen
from tui_ledger.ui.screens.export import ExportScreen
from tui_ledger.ui.screens.export_results import ErrorsPane, KindResults, ReadyPane
from tui_ledger.ui.widgets.filter_bar import ALL_LOCATIONS, IncludeCheckbox, LocationSelect, SummarySelect
from tui_ledger.ui.widgets.progress import TaskProgress
from tui_ledger.ui.widgets.results import ResultSection


@pytest.fixture(scope="module")
def demo() -> DemoCompany:
    """The sandbox's own data: the demo company the sandbox profile is seeded with."""
    return DemoCompany.generate(anchor=TODAY)


def export_screen(app: object) -> ExportScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ExportScreen), f"expected the Export screen, got {type(screen).__name__}"
    return screen


def sections(screen: ExportScreen) -> dict[DocumentKind, ResultSection]:
    return {section.kind: section for section in screen.query(ResultSection)}


def title(kind: DocumentKind, documents: list[tuple[str, Decimal]]) -> str:
    """The section title expected for documents given as (currency, amount): one total per currency."""
    by_currency: dict[str, list[Decimal]] = {}
    for currency, amount in documents:
        by_currency.setdefault(currency, []).append(amount)
    ordered = sorted(by_currency.items(), key=lambda item: (-len(item[1]), item[0]))
    totals = " + ".join(format_money(total(amounts), currency) for currency, amounts in ordered)
    return f"{kind.plural_title} · {len(documents)} · {totals}"


async def test_the_filter_opens_with_todays_date_every_type_ticked_and_connectwise_locations(
    sandbox_environ: dict[str, str], demo: DemoCompany
) -> None:
    app = build_sandbox_app(sandbox_environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)

        assert screen.query_one("#thru-date").value == "2025-01-31"
        assert all(box.value for box in screen.query(IncludeCheckbox))
        location = screen.query_one(LocationSelect)
        assert location.value == ALL_LOCATIONS
        assert location.names == {place.id: place.name for place in demo.locations}
        assert screen.query_one(SummarySelect).value is SummaryLevel.DEFAULT


async def test_retrieve_checks_every_type_and_ready_plus_errors_are_the_sandboxs_documents(
    sandbox_environ: dict[str, str], demo: DemoCompany
) -> None:
    app = build_sandbox_app(sandbox_environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        screen = export_screen(app)
        checked = screen.checked
        assert checked is not None
        invoices, expenses = demo.unposted_invoices(), demo.unposted_expenses()
        purchase_pages = app.workspace.psa.unposted_purchases(UnpostedFilter(thru_date=TODAY))
        purchases = [purchase async for page in purchase_pages for purchase in page]

        assert {invoice.currency for invoice in invoices} == {"USD", "CAD"}, "the demo bills in two currencies"
        assert len(purchases) == len(demo.unposted_purchase_orders())
        expected = {
            DocumentKind.INVOICE: [(invoice.currency, invoice.total) for invoice in invoices],
            DocumentKind.EXPENSE: [(expense.currency, expense.amount) for expense in expenses],
            DocumentKind.PROCUREMENT: [(purchase.currency, purchase.total) for purchase in purchases],
        }
        for kind, documents in expected.items():
            shown = [(v.document.currency, v.document.total) for v in (*checked.ready(kind), *checked.errors(kind))]
            assert title(kind, shown) == title(kind, documents)
            ready = screen.query_one(f"#ready-{kind.value}", ReadyPane)
            errors = screen.query_one(f"#errors-{kind.value}", ErrorsPane)
            assert ready.border_title == f"{kind.plural_title} ready · {len(checked.ready(kind))}"
            assert errors.border_title == f"{kind.plural_title} with errors · {len(checked.errors(kind))}"
        assert checked.errors(DocumentKind.INVOICE), "the demo company has every kind of error"


async def test_a_type_left_unticked_is_not_shown(sandbox_environ: dict[str, str]) -> None:
    app = build_sandbox_app(sandbox_environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)
        screen.query_one("#include-expense").focus()
        await pilot.press("space")
        await pilot.press("f5")
        await settle(pilot)

        assert {results.kind for results in screen.query(KindResults)} == {
            DocumentKind.INVOICE,
            DocumentKind.PROCUREMENT,
        }
        assert screen.retrieval is not None
        assert not screen.retrieval.unposted.include_expenses


async def test_a_typed_thru_date_and_the_arrow_keys_set_the_date_retrieve_uses(
    sandbox_environ: dict[str, str], demo: DemoCompany
) -> None:
    app = build_sandbox_app(sandbox_environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "ctrl+u", *"2025-01-16", "down")
        await pilot.press("f5")
        await settle(pilot)
        thru = date(2025, 1, 15)
        invoices = export_screen(app).retrieval.by_kind[DocumentKind.INVOICE].documents

        assert export_screen(app).retrieval.unposted.thru_date == thru
        assert invoices, "the demo company has invoices before mid-month"
        assert len(invoices) == sum(1 for invoice in demo.unposted_invoices() if invoice.date <= thru)
        assert max(invoice.invoice_date for invoice in invoices) <= thru


async def test_an_impossible_date_is_refused_with_a_message_and_nothing_is_fetched() -> None:
    psa = MemoryPsa()
    app = build_app(psa)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "ctrl+u", *"2025-02-30", "f5")
        await settle(pilot)

        assert psa.filters_seen == []
        assert any("Thru Date '2025-02-30' is not a date" in str(n.message) for n in app._notifications)


async def test_the_chosen_location_and_summary_level_shape_the_list(sandbox_environ: dict[str, str]) -> None:
    app = build_sandbox_app(sandbox_environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)
        location = screen.query_one(LocationSelect)
        second_id, second_name = list(location.names.items())[1]
        location.focus()
        await pilot.press("enter", "down", "down", "enter")
        screen.query_one(SummarySelect).focus()
        await pilot.press("enter", "down", "enter")
        await pilot.press("f5")
        await settle(pilot)

        used = screen.retrieval.unposted
        assert used.location_id == second_id
        assert used.summary_level is SummaryLevel.CONDENSED
        invoices = screen.retrieval.by_kind[DocumentKind.INVOICE].documents
        assert invoices
        assert {invoice.location_id for invoice in invoices} == {second_id}
        assert second_name in str(screen.query_one("#results-caption").render())


async def test_choosing_a_company_brings_its_default_location_and_summary() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)
        screen.query_one("#company", Select).value = 1
        await pilot.pause()

        assert screen.query_one(LocationSelect).value == 2
        assert screen.query_one(SummarySelect).value is SummaryLevel.DETAILED


async def test_changing_the_filter_after_retrieve_says_the_list_is_stale(sandbox_environ: dict[str, str]) -> None:
    app = build_sandbox_app(sandbox_environ)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        caption = export_screen(app).query_one("#results-caption")
        assert "filter changed" not in str(caption.render())

        await pilot.press("f2", "down")
        await pilot.pause()
        assert "filter changed: Retrieve to refresh" in str(caption.render())


async def test_escape_cancels_a_running_retrieve_and_closes_the_requests() -> None:
    gate = asyncio.Event()
    psa = MemoryPsa(gate=gate)
    app = build_app(psa)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)
        await pilot.press("f5")
        await pilot.pause()
        assert screen.is_retrieving
        assert screen.query_one(TaskProgress).display

        await pilot.press("escape")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

        assert not screen.is_retrieving
        assert not screen.query_one(TaskProgress).display
        assert psa.pages_closed == psa.pages_started == 3
        assert sections(screen) == {}
        assert any("Retrieve cancelled" in str(n.message) for n in app._notifications)


async def test_progress_shows_counts_while_retrieving() -> None:
    gate = asyncio.Event()
    app = build_app(MemoryPsa(gate=gate, page_size=10))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        for _ in range(5):
            await pilot.pause()
        counts = str(export_screen(app).query_one("#progress-counts").render())

        assert "Invoices 0/4" in counts
        assert "Purchases 0/5" in counts
        gate.set()
        await settle(pilot)


async def test_a_retrieve_keeps_running_while_help_is_open_and_its_result_lands() -> None:
    gate = asyncio.Event()
    app = build_app(MemoryPsa(gate=gate))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = export_screen(app)
        await pilot.press("f5", "f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"

        gate.set()
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()

        assert app.screen is screen
        assert set(sections(screen)) == set(DocumentKind)


async def test_a_factory_failure_shows_the_message_and_try_again_opens_the_profile() -> None:
    attempts: list[int] = []

    async def flaky() -> Workspace:
        attempts.append(1)
        if len(attempts) == 1:
            raise WorkspaceError(
                "config.toml is not valid",
                detail="config.toml, line 4: profiles.main.connectwise.company_id: expected text",
                remedy="Fix line 4 of config.toml, then try again.",
            )
        return make_workspace(MemoryPsa())

    app = build_app(factory=flaky)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        failure = app.screen
        assert isinstance(failure, FailureScreen)
        assert failure.failure.title == "config.toml is not valid"
        assert "line 4" in failure.failure.detail

        await pilot.press("escape")
        assert app.screen is failure, "nothing to go back to while no profile is open"
        await pilot.press("r")
        await settle(pilot)

        export_screen(app)
        assert len(attempts) == 2


async def test_a_broken_config_file_is_reported_by_the_real_wiring(tmp_path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[app]\nprofile = 42\n", encoding="utf-8")
    environ = {"TUI_LEDGER_CONFIG": str(config), "TUI_LEDGER_DATA_DIR": str(tmp_path / "data")}
    app = build_sandbox_app(environ)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        failure = app.screen

        assert isinstance(failure, FailureScreen)
        assert str(config) in failure.failure.detail + failure.failure.remedy


async def test_quitting_after_a_start_up_failure_exits_with_status_1() -> None:
    async def broken() -> object:
        raise WorkspaceError("Profile 'acme' does not exist", remedy="Use one of: sandbox.")

    app = build_app(factory=broken)  # type: ignore[arg-type]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()

    assert app.return_code == 1


async def test_wrong_credentials_show_what_to_do_and_the_message_can_be_closed() -> None:
    psa = MemoryPsa(failure=AuthenticationFailed("ConnectWise", "Login failed", status=401))
    app = build_app(psa)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        failure = app.screen
        assert isinstance(failure, FailureScreen)
        assert failure.failure.title == "ConnectWise did not accept the credentials"
        assert "config.toml" in failure.failure.remedy

        await pilot.press("escape")
        export_screen(app)
