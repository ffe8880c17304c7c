"""Every config test runs against its own config file and data folder, never the user's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui_ledger.config.paths import CONFIG_ENV, DATA_DIR_ENV, AppPaths

WriteConfig = Callable[[str], Path]


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    """Hermetic paths: TUI_LEDGER_CONFIG and TUI_LEDGER_DATA_DIR point into tmp_path (the file does not exist)."""
    config_file = tmp_path / "config" / "config.toml"
    data_dir = tmp_path / "data"
    monkeypatch.setenv(CONFIG_ENV, str(config_file))
    monkeypatch.setenv(DATA_DIR_ENV, str(data_dir))
    return AppPaths.resolve()


@pytest.fixture
def write_config(paths: AppPaths) -> WriteConfig:
    """Write the hermetic config file and return its path."""

    def write(text: str) -> Path:
        paths.config_file.parent.mkdir(parents=True, exist_ok=True)
        paths.config_file.write_text(text, encoding="utf-8")
        return paths.config_file

    return write
