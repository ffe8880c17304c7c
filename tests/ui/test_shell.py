"""Pilot tests of the shell: help, debug info, command palette, key remapping, themes, the ASCII mode."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from textual.binding import Binding
from textual.command import CommandPalette

from tests.ui.conftest import build_app, settle
from tests.ui.fakes import MemoryPsa, make_workspace
from tui_ledger.services.workspace import Workspace
from tui_ledger.ui.commands import LedgerCommands
from tui_ledger.ui.screens.debug import DebugScreen
from tui_ledger.ui.screens.export import ExportScreen
from tui_ledger.ui.screens.help import HelpScreen
from tui_ledger.ui.widgets.results import ResultSection

OUR_THEMES = {"tui-ledger-dark", "tui-ledger-light", "ansi-dark", "ansi-light"}


async def test_f1_explains_the_focused_control_and_lists_the_keys_that_work_there() -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2", "f1")
        await pilot.pause()
        help_screen = app.screen

        assert isinstance(help_screen, HelpScreen)
        assert help_screen.help_markdown.startswith("## Thru Date")
        keys = dict(help_screen.keys)
        assert keys["f5"] == "Retrieve"
        assert keys["↑"] == "Day later"

        await pilot.press("escape")
        assert isinstance(app.screen, ExportScreen)


async def test_f12_shows_paths_and_versions_redacts_secrets_and_copies_the_report() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f12")
        await pilot.pause()
        assert isinstance(app.screen, DebugScreen)

        await pilot.press("c")
        report = app.clipboard

        assert "Profile: sandbox" in report
        assert "Data folder: /home/finance/.local/share/tui-ledger/sandbox" in report
        assert "Config file: none (built-in sandbox profile)" in report
        assert "Theme: tui-ledger-dark" in report
        assert "Terminal size: 120x40" in report
        assert "Textual: " in report
        assert "Private key: *** (redacted)" in report
        assert "s3cr3t" not in report


async def test_the_palette_lists_every_action_of_the_app_and_the_screen_with_its_key() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        provider = LedgerCommands(app.screen)
        found = {str(hit.text): hit for hit in [hit async for hit in provider.search("retrieve")]}
        listed = [str(hit.prompt) async for hit in provider.discover()]

        assert "Retrieve  (f5)" in found
        assert {"Help  (f1)", "Debug  (f12)", "Theme  (^t)", "Toggle plain ASCII symbols", "Quit  (^q)"} <= set(listed)
        assert not any(entry.startswith("Cancel") for entry in listed), "cancel is offered only while retrieving"

        await found["Retrieve  (f5)"].command()
        await settle(pilot)
        assert len(app.screen.query(ResultSection)) == 3


async def test_the_palette_opens_from_its_key() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_keys_remapped_in_the_config_take_effect_and_bad_entries_are_reported() -> None:
    psa = MemoryPsa()
    app = build_app(psa, keys={"export.retrieve": "ctrl+r", "export.nonsense": "x", "app.help": "hyper+q"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert psa.filters_seen == [], "f5 no longer retrieves"

        await pilot.press("ctrl+r")
        await settle(pilot)
        assert psa.filters_seen, "ctrl+r retrieves"
        assert any("'export.nonsense' is not an action id" in note for note in app.notes)
        assert any("'app.help': 'hyper+q' has an unknown modifier 'hyper'" in note for note in app.notes)


async def test_only_our_theme_files_are_offered_and_the_configured_one_is_applied() -> None:
    app = build_app(theme="tui-ledger-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        assert set(app.available_themes) == OUR_THEMES
        assert app.theme == "tui-ledger-light"
        assert app.theme_variables["status-ready"] == "#15803D"


async def test_an_unknown_configured_theme_falls_back_with_a_note() -> None:
    app = build_app(theme="solarized")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        assert app.theme == "tui-ledger-dark"
        assert any("Theme 'solarized' is not installed" in note for note in app.notes)


async def test_no_unicode_mode_draws_ascii_check_boxes_and_can_be_toggled() -> None:
    app = build_app(unicode=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#include-invoice")
        assert str(box.render()).startswith("[x] Invoices")

        assert app.get_key_display(Binding("up", "later")) == "up"

        await app.run_action("toggle_unicode")
        await pilot.pause()
        assert str(box.render()).startswith("[✓] Invoices")
        assert app.get_key_display(Binding("up", "later")) == "↑"


async def test_a_theme_chosen_in_the_app_is_applied_and_saved_for_next_time() -> None:
    saved: list[tuple[str, object]] = []
    app = build_app(saved=saved, theme="ansi-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark"
        assert saved == [], "the theme from the settings is not saved back"
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press(*"tui-ledger-light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()

        assert app.theme == "tui-ledger-light"
        assert saved == [("app.theme", "tui-ledger-light")]


async def test_switching_to_ascii_symbols_is_saved_and_frames_our_panels_in_ascii() -> None:
    saved: list[tuple[str, object]] = []
    app = build_app(saved=saved, unicode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action("toggle_unicode")
        await pilot.pause()

        assert saved == [("app.unicode", False)]
        assert app.has_class("-ascii")
        assert app.screen.query_one("#filter-bar").styles.border_top[0] == "ascii"


async def test_quitting_closes_the_profiles_connections() -> None:
    psa = MemoryPsa()
    app = build_app(psa)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()

    assert psa.closed


async def test_the_palette_offers_the_focused_fields_own_commands() -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        provider = LedgerCommands(app.screen)
        listed = [str(hit.prompt) async for hit in provider.discover()]

        assert "Day later  (↑)" in listed
        assert "Retrieve  (f5)" in listed


async def test_a_broken_theme_file_in_the_users_folder_is_reported_and_the_rest_still_load(tmp_path: Path) -> None:
    (tmp_path / "broken.toml").write_text('name = "broken"\n[colors]\nprimary = "nope"\n', encoding="utf-8")

    async def with_user_themes() -> Workspace:
        workspace = make_workspace(MemoryPsa())
        return dataclasses.replace(workspace, paths=dataclasses.replace(workspace.paths, themes_dir=tmp_path))

    app = build_app(factory=with_user_themes)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        assert set(app.available_themes) == OUR_THEMES
        problem = next(note for note in app.notes if "broken.toml" in note)
        assert "colors.primary: 'nope' is not a colour" in problem
        assert any("broken.toml" in str(notice.message) for notice in app._notifications)
