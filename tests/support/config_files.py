"""A config file and an environment for tests that run a command or open the app against a profile of their own.

The Xero and QuickBooks command tests and the wiring tests each wrote a profile (ConnectWise plus one accounting
target) and pointed TUI_LEDGER_CONFIG and TUI_LEDGER_DATA_DIR into the test's folder; this module does both once,
so a test states only what its profile has that the others do not.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import tomlkit

from tui_ledger.config.paths import CONFIG_ENV, DATA_DIR_ENV

PROFILE = "acme"
CONNECTWISE: Mapping[str, str] = {
    "site": "api-na.myconnectwise.net",
    "company_id": "acme",
    "public_key": "pub",
    "private_key": "env:CW_PRIVATE_KEY",
    "client_id": "00000000-0000-0000-0000-000000000000",
}
"""A ConnectWise section that passes the config checks; its private key comes from CW_PRIVATE_KEY."""


def profile_config(
    target: Mapping[str, str], *, connectwise: Mapping[str, str] = CONNECTWISE, chosen: bool = False
) -> str:
    """Config text with the one profile `acme`: `connectwise` and one accounting `target`.

    `chosen` also names it as the app's profile, so the app opens it without `--profile`.
    """
    document: dict[str, object] = {"app": {"profile": PROFILE}} if chosen else {}
    document["profiles"] = {PROFILE: {"connectwise": dict(connectwise), "targets": [dict(target)]}}
    return tomlkit.dumps(document)


def isolated_environ(folder: Path, config: str | None = None, **variables: str) -> dict[str, str]:
    """The environment of a run whose config file (`folder/config.toml`) and data folder (`folder/data`) are the test's.

    `config` is written to the file when given; without a file the app opens the sandbox profile. `variables` are
    added as they are (the secrets a profile names with `env:`).
    """
    config_file = folder / "config.toml"
    if config is not None:
        config_file.write_text(config, encoding="utf-8")
    return {CONFIG_ENV: str(config_file), DATA_DIR_ENV: str(folder / "data"), **variables}
