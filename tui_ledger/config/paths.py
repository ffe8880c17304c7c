"""Where tui-ledger keeps its files, resolved once from platformdirs and two environment overrides.

Tests, snapshot runs and support sessions must never touch a user's real config or data, so both roots can be
moved with an environment variable: `TUI_LEDGER_CONFIG` names the config file itself and `TUI_LEDGER_DATA_DIR`
the root of all state (per-profile databases, sandbox state, tokens, logs). Everything else hangs off those two.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "tui-ledger"
CONFIG_ENV = "TUI_LEDGER_CONFIG"
DATA_DIR_ENV = "TUI_LEDGER_DATA_DIR"
CONFIG_FILE_NAME = "config.toml"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """The config file and the data root; the folders below them are derived so they can never disagree."""

    config_file: Path
    data_dir: Path

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None) -> AppPaths:
        """The paths for this process: the environment overrides win, platformdirs decides otherwise."""
        env = os.environ if environ is None else environ
        config_override = env.get(CONFIG_ENV, "").strip()
        data_override = env.get(DATA_DIR_ENV, "").strip()
        config_file = (
            Path(config_override).expanduser()
            if config_override
            else platformdirs.user_config_path(APP_NAME, appauthor=False) / CONFIG_FILE_NAME
        )
        data_dir = (
            Path(data_override).expanduser()
            if data_override
            else platformdirs.user_data_path(APP_NAME, appauthor=False)
        )
        return cls(config_file=config_file, data_dir=data_dir)

    @property
    def config_dir(self) -> Path:
        """The folder of the config file: the user's own themes live beside it."""
        return self.config_file.parent

    @property
    def themes_dir(self) -> Path:
        """The user's own theme files, added to the ones shipped in the wheel."""
        return self.config_dir / "themes"

    @property
    def profiles_dir(self) -> Path:
        """One SQLite file per profile (the store names the files)."""
        return self.data_dir / "profiles"

    @property
    def token_dir(self) -> Path:
        """OAuth tokens and other secrets the app itself saved, one 0600 file per profile and service."""
        return self.data_dir / "tokens"

    @property
    def sandbox_dir(self) -> Path:
        """The embedded sandbox's own SQLite state, shared by every sandbox profile."""
        return self.data_dir / "sandbox"

    @property
    def logs_dir(self) -> Path:
        """Plain-text logs for the moments the database cannot be written (e.g. a failed start)."""
        return self.data_dir / "logs"
