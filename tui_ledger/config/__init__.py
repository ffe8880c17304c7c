"""Configuration: where files live, config.toml as typed settings, secret references and the token file.

Callers import from here:
    load_settings(path=None, environ=None) -> Settings; settings.profile(name) -> ProfileSettings
    ConfigDocument.load(path).set(key_path, value) -> Settings   (comment-preserving edits)
    AppPaths.resolve() -> AppPaths; TokenStore(paths.token_dir)
    ConfigError (.user_message) for anything the user must fix.

The names are loaded on first use (PEP 562): pydantic and tomlkit cost a fifth of a second, and
`tui-ledger --help` or `config path` must not pay for them just because the command group is registered.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS = {
    "AppPaths": "paths",
    "AppSettings": "settings",
    "ChargeDateRule": "profile",
    "ConfigDocument": "document",
    "ConfigError": "errors",
    "ConnectWiseSettings": "profile",
    "ExportSettings": "profile",
    "LinesSettings": "profile",
    "MissingSecretError": "errors",
    "PlatformSettings": "profile",
    "ProfileSettings": "profile",
    "SANDBOX_PROFILE": "profile",
    "SandboxSettings": "profile",
    "SecretRef": "secrets",
    "Settings": "settings",
    "TargetSettings": "profile",
    "TokenFileError": "errors",
    "TokenStore": "tokens",
    "describe_profile": "describe",
    "load_settings": "loader",
    "missing_secrets": "describe",
}

__all__ = [
    "SANDBOX_PROFILE",
    "AppPaths",
    "AppSettings",
    "ChargeDateRule",
    "ConfigDocument",
    "ConfigError",
    "ConnectWiseSettings",
    "ExportSettings",
    "LinesSettings",
    "MissingSecretError",
    "PlatformSettings",
    "ProfileSettings",
    "SandboxSettings",
    "SecretRef",
    "Settings",
    "TargetSettings",
    "TokenFileError",
    "TokenStore",
    "describe_profile",
    "load_settings",
    "missing_secrets",
]

if TYPE_CHECKING:
    from tui_ledger.config.describe import describe_profile, missing_secrets
    from tui_ledger.config.document import ConfigDocument
    from tui_ledger.config.errors import ConfigError, MissingSecretError, TokenFileError
    from tui_ledger.config.loader import load_settings
    from tui_ledger.config.paths import AppPaths
    from tui_ledger.config.profile import (
        SANDBOX_PROFILE,
        ChargeDateRule,
        ConnectWiseSettings,
        ExportSettings,
        LinesSettings,
        PlatformSettings,
        ProfileSettings,
        SandboxSettings,
        TargetSettings,
    )
    from tui_ledger.config.secrets import SecretRef
    from tui_ledger.config.settings import AppSettings, Settings
    from tui_ledger.config.tokens import TokenStore


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'tui_ledger.config' has no attribute {name!r}")
    return getattr(importlib.import_module(f"tui_ledger.config.{module}"), name)
