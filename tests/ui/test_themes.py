"""Theme files: the shipped ones are complete, a broken one is reported by file and field, wheels find them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_ledger.ui.themes import (
    SEMANTIC_NAMES,
    ThemeFileError,
    bundled_themes_dir,
    load_theme_file,
    load_themes,
    semantic_variable,
)

SHIPPED = {"tui-ledger-dark", "tui-ledger-light", "ansi-dark", "ansi-light"}

VALID = """
name = "my-theme"
dark = false
[colors]
primary = "#112233"
[semantic]
ready = "green"
error = "red"
running = "yellow"
posted = "blue"
user-updated = "magenta"
system-updated = "ansi_cyan"
"""


def test_every_shipped_theme_loads_with_all_six_status_colours() -> None:
    catalog = load_themes([bundled_themes_dir()])

    assert catalog.problems == []
    assert set(catalog.themes) == SHIPPED
    for theme in catalog.themes.values():
        assert {semantic_variable(name) for name in SEMANTIC_NAMES} <= set(theme.variables)
    assert catalog.themes["ansi-dark"].ansi
    assert not catalog.themes["tui-ledger-light"].dark


def test_a_valid_user_theme_becomes_a_textual_theme(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(VALID, encoding="utf-8")

    theme = load_theme_file(path)

    assert theme.name == "my-theme"
    assert theme.primary == "#112233"
    assert theme.variables["status-user-updated"] == "magenta"
    assert theme.dark is False


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (VALID.replace('primary = "#112233"', 'primary = "bluish"'), "colors.primary: 'bluish' is not a colour"),
        (VALID.replace('ready = "green"\n', ""), "semantic.ready: Field required"),
        (VALID.replace("[colors]", "[colors]\nprimery = 'red'"), "colors.primery: is not a known setting"),
        (VALID.replace('name = "my-theme"', 'name = "My Theme"'), "name: must be lower-case letters"),
        ("name = [", "is not valid TOML"),
    ],
)
def test_a_broken_theme_file_names_the_file_and_what_is_wrong(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(ThemeFileError) as raised:
        load_theme_file(path)

    assert str(path) in str(raised.value)
    assert expected in str(raised.value)


def test_a_broken_file_is_skipped_and_reported_while_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "good.toml").write_text(VALID, encoding="utf-8")
    (tmp_path / "bad.toml").write_text("name = 'x'\n", encoding="utf-8")

    catalog = load_themes([tmp_path, tmp_path / "missing", None])

    assert set(catalog.themes) == {"my-theme"}
    assert len(catalog.problems) == 1
    assert "bad.toml" in catalog.problems[0]


def test_a_user_theme_overrides_a_shipped_theme_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "dark.toml").write_text(VALID.replace("my-theme", "tui-ledger-dark"), encoding="utf-8")

    catalog = load_themes([bundled_themes_dir(), tmp_path])

    assert catalog.themes["tui-ledger-dark"].primary == "#112233"


def test_an_installed_wheel_finds_the_themes_inside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "tui_ledger"
    (package / "_themes").mkdir(parents=True)

    assert bundled_themes_dir(package) == package / "_themes"


def test_a_source_checkout_finds_the_themes_beside_the_package(tmp_path: Path) -> None:
    package = tmp_path / "checkout" / "tui_ledger"
    package.mkdir(parents=True)

    assert bundled_themes_dir(package) == tmp_path / "checkout" / "themes"
