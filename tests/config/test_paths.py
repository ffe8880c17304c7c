from __future__ import annotations

from pathlib import Path

from tui_ledger.config.paths import CONFIG_ENV, DATA_DIR_ENV, AppPaths


def test_environment_overrides_move_config_and_all_data(tmp_path: Path) -> None:
    paths = AppPaths.resolve({CONFIG_ENV: str(tmp_path / "c" / "my.toml"), DATA_DIR_ENV: str(tmp_path / "d")})

    assert paths.config_file == tmp_path / "c" / "my.toml"
    assert paths.themes_dir == tmp_path / "c" / "themes"
    assert paths.data_dir == tmp_path / "d"
    assert {paths.profiles_dir, paths.token_dir, paths.sandbox_dir, paths.logs_dir} == {
        tmp_path / "d" / "profiles",
        tmp_path / "d" / "tokens",
        tmp_path / "d" / "sandbox",
        tmp_path / "d" / "logs",
    }


def test_without_overrides_the_platform_folders_of_the_app_are_used() -> None:
    paths = AppPaths.resolve({})

    assert paths.config_file.name == "config.toml"
    assert paths.config_file.parent.name == "tui-ledger"
    assert paths.data_dir.name == "tui-ledger"


def test_blank_override_counts_as_unset() -> None:
    assert AppPaths.resolve({CONFIG_ENV: "  "}).config_file == AppPaths.resolve({}).config_file
